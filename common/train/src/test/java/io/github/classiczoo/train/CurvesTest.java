package io.github.classiczoo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * Issue 17's plots: a one-epoch run is a curve (each step's loss, smoothed), not a lone dot; the axes are in epochs with
 * rounded tick labels; a long run's step curve is thinned to what a chart can draw.
 */
class CurvesTest {

    static EpochRow row(int epoch, double trainLoss, double evalLoss, double error) {
        return new EpochRow(epoch, epoch * 100L, 0.01, trainLoss, new Metrics("validation", 100, evalLoss, 1 - error, 1, null, null), 1, 100);
    }

    @Test
    void aOneEpochRunDrawsItsStepsAsACurveWithRoundedTicks() {
        List<double[]> steps = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            steps.add(new double[] {0, 2.0 / (1 + i * 0.05)});
        }
        XYChart c = Curves.lossChart(List.of(row(1, 0.5, 0.4, 0.1)), steps, "validation");
        XYSeries curve = c.getSeriesMap().get("train, each step (smoothed)");
        assertTrue(curve != null && curve.getXData().length == 300, "the steps are drawn");
        double[] x = curve.getXData();
        assertEquals(1.0 / 300, x[0], 1e-12);
        assertEquals(1.0, x[x.length - 1], 1e-12);
        double[] y = curve.getYData();
        assertEquals(2.0, y[0], 1e-12); // the debiased average starts at the first loss, not near 0
        assertTrue(y[299] < y[0] && y[299] > 2.0 / (1 + 299 * 0.05), "smoothed: it lags the falling loss");
        assertEquals("0.##", c.getStyler().getXAxisDecimalPattern());
        assertEquals("#,##0.###", c.getStyler().getYAxisDecimalPattern());
        assertEquals(0.0, c.getStyler().getXAxisMin());
        assertEquals(1.0, c.getStyler().getXAxisMax());
    }

    @Test
    void aLongRunsStepsAreThinnedAndPlacedWithinTheirEpochs() {
        List<double[]> steps = new ArrayList<>();
        for (int e = 0; e < 30; e++) {
            for (int i = 0; i < 500; i++) {
                steps.add(new double[] {e, 1.0});
            }
        }
        double[][] xy = Curves.stepCurve(steps);
        assertTrue(xy[0].length <= Curves.MAX_POINTS + 1, "points: " + xy[0].length);
        assertEquals(30.0, xy[0][xy[0].length - 1], 1e-12);
        for (int i = 1; i < xy[0].length; i++) {
            assertTrue(xy[0][i] > xy[0][i - 1]);
        }
    }
}
