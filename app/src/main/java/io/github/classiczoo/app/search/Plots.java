package io.github.classiczoo.app.search;

import io.github.classiczoo.train.search.SearchSpace.Param;
import io.github.classiczoo.train.search.SearchSpace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One PNG per searched parameter, {@code score-vs-PARAM.png}: each successful trial's validation error against
 * its value of the parameter (log axis for log ranges; listed values as one named series each). Failed trials
 * have no score and are left out, as are trials a scheduler stopped (their scores are from fewer epochs).
 */
public final class Plots {

    private Plots() {
    }

    static void write(Path dir, SearchSpace space, List<Trial> trials) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Trial> ok = trials.stream().filter(Trial::ok).toList(); // a stopped trial's score is from fewer epochs
        if (ok.isEmpty()) {
            return;
        }
        Files.createDirectories(dir);
        double[] y = ok.stream().mapToDouble(t -> 100 * (1 - t.valAccuracy())).toArray();
        for (Param p : space.params()) {
            boolean listed = p.kind() == Param.Kind.VALUES;
            XYChart c = new XYChartBuilder().width(640).height(420).title("validation error vs " + p.name())
                    .xAxisTitle(p.name()).yAxisTitle("validation error %").build();
            c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            if (listed) {
                // one series per value, named in the legend; the x position is only the value's place in the list
                // each value's name written under its place (XChart places numeric ticks by pixels, not at the places)
                double lo = java.util.Arrays.stream(y).min().orElse(0), hi = java.util.Arrays.stream(y).max().orElse(100);
                double pad = Math.max(0.5, (hi - lo) * 0.12);
                c.getStyler().setXAxisMin(-0.5).setXAxisMax(p.values().size() - 0.5).setXAxisTicksVisible(false)
                        .setYAxisMin(lo - 2 * pad).setYAxisMax(hi + pad / 2).setYAxisDecimalPattern("#,##0.##");
                for (int i = 0; i < p.values().size(); i++) {
                    c.addAnnotation(new org.knowm.xchart.AnnotationText(p.values().get(i), i, lo - 1.3 * pad, false));
                }
                for (String v : p.values()) {
                    List<Trial> these = ok.stream().filter(t -> v.equals(t.params().get(p.name()))).toList();
                    if (!these.isEmpty()) {
                        double[] xi = new double[these.size()];
                        java.util.Arrays.fill(xi, p.values().indexOf(v));
                        c.addSeries(v, xi, these.stream().mapToDouble(t -> 100 * (1 - t.valAccuracy())).toArray());
                    }
                }
            } else {
                c.getStyler().setLegendVisible(false);
                c.getStyler().setXAxisLogarithmic(p.kind() == Param.Kind.LOG).setXAxisDecimalPattern(p.kind() == Param.Kind.LOG ? "0.#E0" : "#,##0.###")
                        .setYAxisDecimalPattern("#,##0.##");
                double[] x = ok.stream().mapToDouble(t -> Double.parseDouble(t.params().get(p.name()))).toArray();
                c.addSeries("trials", x, y).setMarker(SeriesMarkers.CIRCLE);
            }
            Path target = dir.resolve("score-vs-" + p.name() + ".png");
            io.github.classiczoo.train.Curves.writePng(c, target);
        }
    }

    /**
     * An ablation's runs: each variant's test errors (one point per seed, NaN left out) at its place on the x axis, its name
     * written under it, and the variant's mean as a horizontal bar.
     */
    public static void ablation(Path file, List<String> variants, List<double[]> errors, String title) throws IOException {
        System.setProperty("java.awt.headless", "true");
        double lo = errors.stream().flatMapToDouble(java.util.Arrays::stream).filter(Double::isFinite).min().orElse(0) * 100;
        double hi = errors.stream().flatMapToDouble(java.util.Arrays::stream).filter(Double::isFinite).max().orElse(1) * 100;
        double pad = Math.max(0.1, (hi - lo) * 0.15);
        XYChart c = new XYChartBuilder().width(Math.max(640, 140 * variants.size())).height(420).title(title).yAxisTitle("test error %").build();
        c.getStyler().setXAxisMin(-0.5).setXAxisMax(variants.size() - 0.5).setXAxisTicksVisible(false)
                .setYAxisMin(lo - 2 * pad).setYAxisMax(hi + pad).setYAxisDecimalPattern("#,##0.##").setLegendVisible(false);
        for (int i = 0; i < variants.size(); i++) {
            c.addAnnotation(new org.knowm.xchart.AnnotationText(variants.get(i), i, lo - 1.3 * pad, false));
            double[] y = java.util.Arrays.stream(errors.get(i)).filter(Double::isFinite).map(e -> 100 * e).toArray();
            if (y.length == 0) {
                continue;
            }
            double[] x = new double[y.length];
            java.util.Arrays.fill(x, i);
            XYSeries runs = c.addSeries(variants.get(i), x, y);
            runs.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            runs.setMarker(SeriesMarkers.CIRCLE);
            double mean = java.util.Arrays.stream(y).average().orElseThrow();
            XYSeries bar = c.addSeries(variants.get(i) + " mean", new double[] {i - 0.25, i + 0.25}, new double[] {mean, mean});
            bar.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            bar.setMarker(SeriesMarkers.NONE);
            bar.setLineColor(runs.getFillColor() == null ? java.awt.Color.DARK_GRAY : runs.getFillColor());
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        io.github.classiczoo.train.Curves.writePng(c, file);
    }
}
