package io.github.classiczoo.train;

import io.github.classiczoo.core.util.Files2;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Learning curves as PNG: the training loss of every step (smoothed) with the per-epoch training and evaluation losses
 * on one chart, the evaluation error per epoch on the other; x in epochs, tick labels rounded (decimal patterns), so that a
 * one-epoch run is a readable curve and not a single dot with fifteen-digit labels.
 */
public final class Curves {

    /** Most points a step curve is drawn with (a long run's steps are thinned evenly). */
    static final int MAX_POINTS = 2000;

    private Curves() {
    }

    /**
     * A listener that keeps each step's loss and redraws both charts after every epoch. (A resumed run's step curve begins
     * where the resumed process did; its per-epoch points are all there.)
     */
    static RunListener listener(Path dir) {
        return new RunListener() {
            private final List<double[]> steps = new ArrayList<>(); // {epoch, loss}

            @Override
            public void onStep(Step s) {
                if (Double.isFinite(s.loss())) {
                    steps.add(new double[] {s.epoch(), s.loss()});
                }
            }

            @Override
            public void onEpoch(Epoch e) throws IOException {
                write(dir, e.history(), steps, e.evalSplit());
            }
        };
    }

    static void write(Path dir, List<EpochRow> rows, List<double[]> steps, String evalSplit) throws IOException {
        System.setProperty("java.awt.headless", "true");
        if (rows.isEmpty()) {
            return;
        }
        writePng(lossChart(rows, steps, evalSplit), dir.resolve("loss.png"));
        writePng(errorChart(rows, evalSplit), dir.resolve("error.png"));
    }

    static XYChart lossChart(List<EpochRow> rows, List<double[]> steps, String evalSplit) {
        XYChart loss = chart("Loss", "loss", rows);
        double[][] curve = stepCurve(steps);
        if (curve[0].length > 1) {
            loss.addSeries("train, each step (smoothed)", curve[0], curve[1]).setMarker(SeriesMarkers.NONE);
        }
        double[] epochs = rows.stream().mapToDouble(EpochRow::epoch).toArray();
        loss.addSeries("train, epoch mean", epochs, rows.stream().mapToDouble(EpochRow::trainLoss).toArray()).setMarker(SeriesMarkers.CIRCLE);
        loss.addSeries(evalSplit, epochs, rows.stream().mapToDouble(r -> r.eval().loss()).toArray()).setMarker(SeriesMarkers.DIAMOND);
        return loss;
    }

    static XYChart errorChart(List<EpochRow> rows, String evalSplit) {
        XYChart error = chart("Error (%)", "top-1 error %", rows);
        double[] epochs = rows.stream().mapToDouble(EpochRow::epoch).toArray();
        error.addSeries(evalSplit, epochs, rows.stream().mapToDouble(r -> 100 * r.eval().error()).toArray()).setMarker(SeriesMarkers.DIAMOND);
        return error;
    }

    private static XYChart chart(String title, String yTitle, List<EpochRow> rows) {
        XYChart c = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("epoch").yAxisTitle(yTitle).build();
        // XChart's own tick placement (round steps), with labels rounded by pattern; a custom formatter would place ticks
        // at even pixel distances instead (0.093, 0.186 ...)
        c.getStyler().setXAxisMin(0.0).setXAxisMax((double) Math.max(1, rows.get(rows.size() - 1).epoch()))
                .setXAxisDecimalPattern("0.##").setYAxisDecimalPattern("#,##0.###");
        return c;
    }

    /**
     * Each step at x = epoch + its place in the epoch, its loss smoothed by a debiased exponential moving average (as
     * TensorBoard draws it), thinned to {@link #MAX_POINTS}.
     */
    static double[][] stepCurve(List<double[]> steps) {
        int n = steps.size();
        Map<Integer, Integer> perEpoch = new TreeMap<>();
        steps.forEach(s -> perEpoch.merge((int) s[0], 1, Integer::sum));
        double beta = n >= 200 ? 0.98 : 0.9, avg = 0;
        int every = Math.max(1, (n + MAX_POINTS - 1) / MAX_POINTS);
        List<double[]> out = new ArrayList<>();
        Map<Integer, Integer> seen = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            int e = (int) steps.get(i)[0];
            int k = seen.merge(e, 1, Integer::sum);
            avg = beta * avg + (1 - beta) * steps.get(i)[1];
            if (i % every == 0 || i == n - 1) {
                out.add(new double[] {e + k / (double) perEpoch.get(e), avg / (1 - Math.pow(beta, i + 1))});
            }
        }
        double[][] xy = new double[2][out.size()];
        for (int i = 0; i < out.size(); i++) {
            xy[0][i] = out.get(i)[0];
            xy[1][i] = out.get(i)[1];
        }
        return xy;
    }

    /** Writes a chart as a PNG, atomically (a killed write leaves a hidden {@code .NAME…tmp.png}, removed with other stale temporaries). */
    public static void writePng(XYChart chart, Path target) throws IOException {
        io.github.classiczoo.core.util.Files2.writeAtomically(target, tmp -> {
            // XChart appends ".png" when the name lacks it; write to a name with the suffix, then move
            Path withSuffix = tmp.resolveSibling(tmp.getFileName() + ".png");
            BitmapEncoder.saveBitmap(chart, withSuffix.toString(), BitmapEncoder.BitmapFormat.PNG);
            java.nio.file.Files.move(withSuffix, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        });
    }
}
