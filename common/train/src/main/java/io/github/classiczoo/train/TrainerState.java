package io.github.classiczoo.train;

import io.github.classiczoo.core.util.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * What a checkpoint must remember besides weights and updater state: progress, the best epoch, the schedule's state;
 * written into each checkpoint as its {@code zoo-trainer-state.json} entry and read back to resume.
 */
final class TrainerState {
    final LrSchedule.Position schedule;
    int epochsDone;
    long iteration;
    double best = Double.NaN;
    int bestEpoch;
    String started;
    String ended;
    final List<EpochRow> rows = new ArrayList<>();
    /** Each resume that changed the number of epochs: from which epoch, the new and the old count. */
    final List<Map<String, Object>> epochChanges = new ArrayList<>();

    TrainerState(LrSchedule.Position schedule) {
        this.schedule = schedule;
    }

    String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epochsDone", epochsDone);
        m.put("iteration", iteration);
        m.putAll(schedule.toMap());
        m.put("best", Double.isNaN(best) ? null : best);
        m.put("bestEpoch", bestEpoch);
        m.put("started", started);
        List<Map<String, Object>> rs = new ArrayList<>();
        for (EpochRow r : rows) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("epoch", r.epoch());
            x.put("iteration", r.iteration());
            x.put("lr", r.lr());
            x.put("trainLoss", r.trainLoss());
            x.put("seconds", r.seconds());
            x.put("imagesPerSecond", r.imagesPerSecond());
            x.put("eval", Map.of("split", r.eval().split(), "examples", r.eval().examples(), "loss", r.eval().loss(),
                    "top1", r.eval().top1(), "top5", r.eval().top5()));
            rs.add(x);
        }
        m.put("rows", rs);
        m.put("epochChanges", epochChanges);
        return Json.write(m);
    }

    static TrainerState fromJson(LrSchedule schedule, String json) {
        JsonNode j = Json.read(json);
        TrainerState s = new TrainerState(LrSchedule.Position.fromJson(schedule, j));
        s.epochsDone = j.get("epochsDone").asInt();
        s.iteration = j.get("iteration").asLong();
        s.best = j.get("best").isNull() ? Double.NaN : j.get("best").asDouble();
        s.bestEpoch = j.get("bestEpoch").asInt();
        s.started = j.get("started").asText();
        j.path("epochChanges").forEach(c -> s.epochChanges.add(Map.of("fromEpoch", c.get("fromEpoch").asInt(),
                "epochs", c.get("epochs").asInt(), "was", c.get("was").asInt())));
        for (JsonNode r : j.get("rows")) {
            s.rows.add(new EpochRow(r.get("epoch").asInt(), r.get("iteration").asLong(), r.get("lr").asDouble(),
                    r.get("trainLoss").asDouble(), Metrics.fromJson(r.get("eval")), r.get("seconds").asDouble(), r.get("imagesPerSecond").asDouble()));
        }
        return s;
    }
}
