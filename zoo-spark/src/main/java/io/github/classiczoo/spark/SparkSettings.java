package io.github.classiczoo.spark;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a distributed run averages: {@code workers} copies of the network each fit {@code averagingFrequency} minibatches
 * of the recipe's batch size, then their parameters and updater states are averaged (one round).
 *
 * @param master             Spark's master URL: {@code local[N]} on this machine, {@code spark://...}, {@code yarn}, {@code k8s://...}
 * @param workers            model replicas per round (default: the cores Spark gives the job)
 * @param averagingFrequency minibatches each worker fits between two averagings
 */
public record SparkSettings(String master, int workers, int averagingFrequency) {

    public SparkSettings {
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException("a Spark master URL is needed: local[N], spark://HOST:PORT, yarn or k8s://...");
        }
        if (workers < 1 || workers > 4096) {
            throw new IllegalArgumentException("workers must be 1..4096; got " + workers);
        }
        if (averagingFrequency < 1 || averagingFrequency > 100_000) {
            throw new IllegalArgumentException("averaging frequency must be 1..100000 minibatches; got " + averagingFrequency);
        }
    }

    /** Minibatches per averaging round. */
    public int roundSize() {
        return workers * averagingFrequency;
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("master", master);
        m.put("workers", workers);
        m.put("averagingFrequency", averagingFrequency);
        return m;
    }
}
