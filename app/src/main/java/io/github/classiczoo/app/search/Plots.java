package io.github.classiczoo.app.search;

import io.github.classiczoo.common.data.Files2;
import io.github.classiczoo.common.search.SearchSpace;
import io.github.classiczoo.common.search.SearchSpace.Param;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One PNG per searched parameter, {@code score-vs-PARAM.png}: each successful trial's validation accuracy against
 * its value of the parameter (log axis for log ranges; listed values evenly spaced and labelled). Failed trials
 * have no score and are left out.
 */
final class Plots {

    private Plots() {
    }

    static void write(Path dir, SearchSpace space, List<Trial> trials) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Trial> ok = trials.stream().filter(Trial::ok).toList();
        if (ok.isEmpty()) {
            return;
        }
        Files.createDirectories(dir);
        double[] y = ok.stream().mapToDouble(t -> 100 * t.valAccuracy()).toArray();
        for (Param p : space.params()) {
            boolean listed = p.kind() == Param.Kind.VALUES;
            double[] x = ok.stream().mapToDouble(t -> {
                String v = t.params().get(p.name());
                return listed ? p.values().indexOf(v) : Double.parseDouble(v);
            }).toArray();
            XYChart c = new XYChartBuilder().width(640).height(420).title("validation accuracy vs " + p.name())
                    .xAxisTitle(p.name()).yAxisTitle("validation accuracy %").build();
            c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setLegendVisible(false);
            if (p.kind() == Param.Kind.LOG && x.length > 0) {
                c.getStyler().setXAxisLogarithmic(true);
            }
            if (listed) {
                c.getStyler().setXAxisMin(-0.5).setXAxisMax(p.values().size() - 0.5);
                c.getStyler().setxAxisTickLabelsFormattingFunction(v -> {
                    int i = (int) Math.round(v);
                    return Math.abs(v - i) < 1e-9 && i >= 0 && i < p.values().size() ? p.values().get(i) : "";
                });
            }
            c.addSeries("trials", x, y).setMarker(SeriesMarkers.CIRCLE);
            Path target = dir.resolve("score-vs-" + p.name() + ".png");
            Files2.writeAtomically(target, tmp -> {
                // XChart appends ".png" to a name without it: write there, then move onto the temporary file
                Path withSuffix = tmp.resolveSibling(tmp.getFileName() + ".png");
                BitmapEncoder.saveBitmap(c, withSuffix.toString(), BitmapEncoder.BitmapFormat.PNG);
                Files.move(withSuffix, tmp, StandardCopyOption.REPLACE_EXISTING);
            });
        }
    }
}
