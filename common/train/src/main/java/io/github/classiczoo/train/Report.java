package io.github.classiczoo.train;

import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.core.util.Files2;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The short {@code report.md} of a finished run. */
final class Report {

    private Report() {
    }

    /** A listener that writes the report when a tested run ends. */
    static RunListener listener(Path dir, ZooModel model, ModelSpec spec, Recipe recipe, List<String> classNames) {
        return new RunListener() {
            @Override
            public void onEnd(End e) throws IOException {
                if (e.finalMetrics() != null) {
                    write(dir, model, spec, recipe, e.history(), e.finalMetrics(), e.evalSplit(), classNames);
                }
            }
        };
    }

    static void write(Path dir, ZooModel model, ModelSpec spec, Recipe recipe, List<EpochRow> rows, Metrics fin, String evalSplit,
                      List<String> classNames) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(model.name()).append(" on ").append(recipe.dataset()).append(" — recipe ").append(recipe.name()).append("\n\n");
        sb.append(recipe.description()).append("\n\n");
        sb.append(String.format(Locale.ROOT, "**Test error %.2f%%** (top-5 error %.2f%%, loss %.4f) on %,d test images",
                100 * fin.error(), 100 * (1 - fin.top5()), fin.loss(), fin.examples()));
        if (recipe.paper() != null) {
            double ours = recipe.paper().ours(fin);
            sb.append(String.format(Locale.ROOT, "; the paper reports %s %.2f%% (%s), ours %.2f%%: %s.", recipe.paper().metric(),
                    recipe.paper().value(), recipe.paper().source(), ours,
                    recipe.paper().reached(ours) ? "reached (target ≤ " + recipe.paper().target() + "%)" : "NOT reached (target ≤ " + recipe.paper().target() + "%)"));
        }
        sb.append("\n\n");
        sb.append("Input ").append(spec.input()).append(", ").append(spec.classes()).append(" classes, knobs ").append(spec.knobs()).append(". ");
        sb.append(String.format(Locale.ROOT, "Optimiser %s, schedule %s, batch %d, %s, seed %d, weight decay %g.%n%n",
                recipe.optimizer().toMap(), recipe.schedule().toMap(), recipe.batchSize(), io.github.classiczoo.core.util.Text.count(recipe.epochs(), "epoch"),
                recipe.seed(), recipe.weightDecay()));
        sb.append("| epoch | lr | train loss | ").append(evalSplit).append(" loss | ").append(evalSplit).append(" error | s | img/s |\n");
        sb.append("|---:|---:|---:|---:|---:|---:|---:|\n");
        for (EpochRow r : rows) {
            sb.append(String.format(Locale.ROOT, "| %d | %.3g | %.4f | %.4f | %.2f%% | %.0f | %,.0f |%n", r.epoch(), r.lr(), r.trainLoss(),
                    r.eval().loss(), 100 * r.eval().error(), r.seconds(), r.imagesPerSecond()));
        }
        sb.append("\n![loss](loss.png) ![error](error.png)\n\n");
        if (fin.perClassAccuracy() != null) {
            sb.append("On the test set:\n\n```\n").append(fin.classTable(classNames)).append("```\n\n");
        }
        if (!model.deviations().isEmpty() || !recipe.deviations().isEmpty()) {
            sb.append("Deviations from the paper:\n\n");
            model.deviations().forEach(d -> sb.append("- ").append(d).append('\n'));
            recipe.deviations().forEach(d -> sb.append("- ").append(d).append('\n'));
        }
        Files2.writeStringAtomically(dir.resolve("report.md"), sb.toString());
    }
}
