package io.github.classiczoo.data.pipeline;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Prepares the next batches of an epoch on a background thread while the network trains on the current one.
 * One producer keeps the order; a failure in the producer is rethrown to the consumer.
 */
public final class Prefetcher implements AutoCloseable {

    private static final Object END = new Object();

    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private volatile boolean closed;

    public Prefetcher(Batches.Epoch epoch, int depth) {
        this.queue = new ArrayBlockingQueue<>(Math.max(1, depth));
        this.thread = new Thread(() -> {
            try {
                while (!closed && epoch.hasNext()) {
                    queue.put(epoch.nextBatch());
                }
                queue.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                try {
                    queue.put(e);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "zoo-prefetch");
        thread.setDaemon(true);
        thread.start();
    }

    /** The next batch's features and labels, or null at the end of the epoch. */
    public DataSet next() {
        Batches.Batch b = nextBatch();
        return b == null ? null : b.data();
    }

    /** The next batch (pending if the epoch gives them so), or null at the end of the epoch. */
    public Batches.Batch nextBatch() {
        Object o;
        try {
            o = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for data", e);
        }
        if (o == END) {
            return null;
        }
        if (o instanceof RuntimeException r) {
            throw r;
        }
        if (o instanceof Error err) {
            throw err;
        }
        return (Batches.Batch) o;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
