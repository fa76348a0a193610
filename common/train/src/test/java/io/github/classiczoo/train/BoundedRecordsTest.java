package io.github.classiczoo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.util.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 27: records do not grow with the square of the classes. A folder dataset of 10,000 classes wrote a 10,000 × 10,000
 * confusion matrix into manifest.json (300 MB) and counted one per evaluation (400 MB).
 */
class BoundedRecordsTest {

    private static Metrics metrics(int classes, boolean matrix) {
        double[] acc = new double[classes];
        int[][] confusion = matrix ? new int[classes][classes] : null;
        for (int c = 0; c < classes; c++) {
            acc[c] = c % 2;
            if (matrix) {
                confusion[c][c] = c % 2;
                confusion[c][(c + 1) % classes] = 1 - c % 2;
            }
        }
        return new Metrics("test", classes, 0.5, 0.5, 0.9, acc, confusion);
    }

    @Test
    void upToTheLimitTheTablesAreInlineAboveItTheyAreNot() {
        Map<String, Object> small = metrics(Metrics.MAX_INLINE_CLASSES, true).toMap();
        assertTrue(small.containsKey("confusion") && small.containsKey("perClassAccuracy"));
        Map<String, Object> large = metrics(Metrics.MAX_INLINE_CLASSES + 1, true).toMap();
        assertFalse(large.containsKey("confusion") || large.containsKey("perClassAccuracy"), large.keySet().toString());
        assertEquals(Metrics.MAX_INLINE_CLASSES + 1, large.get("classes"));
        assertTrue(Json.write(large).length() < 1000, "a record of 101 classes should be a few lines");
    }

    @Test
    void theSeparateTableListsEachClassAndOnlyTheMistakesThatHappened() {
        int n = 2000;
        String csv = metrics(n, true).perClassCsv(null);
        List<String> lines = csv.lines().toList();
        assertEquals("class,name,accuracy", lines.get(0));
        assertEquals("0,,0.0", lines.get(1));
        assertEquals("1,,1.0", lines.get(2));
        int blank = lines.indexOf("");
        assertEquals(n + 1, blank);
        assertEquals("true,predicted,count", lines.get(blank + 1));
        assertEquals(n / 2, lines.size() - blank - 2, "one row per non-zero off-diagonal cell");
        assertEquals("0,1,1", lines.get(blank + 2));
        String quoted = metrics(2, false).perClassCsv(List.of("a,b", "say \"hi\""));
        assertTrue(quoted.contains("0,\"a,b\",0.0") && quoted.contains("1,\"say \"\"hi\"\"\",1.0"), quoted);
    }

    @Test
    void anEvaluationOfManyClassesCountsNoMatrix() {
        Metrics small = new Evaluator.Tally(Evaluator.Tally.CONFUSION_CLASSES, 1).metrics("test");
        assertEquals(Evaluator.Tally.CONFUSION_CLASSES, small.confusion().length);
        Metrics large = new Evaluator.Tally(10_000, 1).metrics("test");
        assertNull(large.confusion(), "10,000 classes would be a 400 MB matrix");
        assertEquals(10_000, large.perClassAccuracy().length);
    }
}
