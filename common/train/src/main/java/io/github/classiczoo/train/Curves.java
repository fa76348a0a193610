package io.github.classiczoo.train;

import io.github.classiczoo.core.util.Files2;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Learning curves as PNG: loss and error per epoch. */
public final class Curves {

    private Curves() {
    }

    /** A listener that redraws both curves after every epoch. */
    static RunListener listener(Path dir) {
        return new RunListener() {
            @Override
            public void onEpoch(Epoch e) throws IOException {
                write(dir, e.history(), e.evalSplit());
            }
        };
    }

    static void write(Path dir, List<EpochRow> rows, String evalSplit) throws IOException {
        System.setProperty("java.awt.headless", "true");
        if (rows.isEmpty()) {
            return;
        }
        double[] epochs = rows.stream().mapToDouble(EpochRow::epoch).toArray();
        XYChart loss = new XYChartBuilder().width(800).height(500).title("Loss").xAxisTitle("epoch").yAxisTitle("loss").build();
        loss.addSeries("train", epochs, rows.stream().mapToDouble(EpochRow::trainLoss).toArray()).setMarker(SeriesMarkers.CIRCLE);
        loss.addSeries(evalSplit, epochs, rows.stream().mapToDouble(r -> r.eval().loss()).toArray()).setMarker(SeriesMarkers.DIAMOND);
        XYChart error = new XYChartBuilder().width(800).height(500).title("Error (%)").xAxisTitle("epoch").yAxisTitle("top-1 error %").build();
        error.addSeries(evalSplit, epochs, rows.stream().mapToDouble(r -> 100 * r.eval().error()).toArray()).setMarker(SeriesMarkers.DIAMOND);
        writePng(loss, dir.resolve("loss.png"));
        writePng(error, dir.resolve("error.png"));
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
