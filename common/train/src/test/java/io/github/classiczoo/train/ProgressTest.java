package io.github.classiczoo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.util.Text;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Issue 17's words: the bar's loss is labelled and is the epoch's running mean (what the epoch line reports), counts agree in number. */
class ProgressTest {

    @Test
    void theBarShowsTheEpochsMeanLossSoFar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 0);
        p.start("epoch 1/1", 3, 60);
        p.step(10, 2.0);
        p.step(30, 1.0);
        p.step(20, Double.NaN); // a minibatch held for a Spark round: no loss of its own
        p.done();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("mean loss 1.2500"), out); // (10·2 + 30·1) / 40
        assertFalse(out.contains("\r"), "a plain line when not on a terminal");
    }

    /** On Spark a round's loss covers all the minibatches it took, the last (partial) round's included. */
    @Test
    void aRoundsLossCountsForAllItsImages() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, Double.POSITIVE_INFINITY);
        p.start("epoch 1/1", 3, 50);
        p.step(20);
        p.loss(1.0, 40); // a round of two minibatches of 20
        p.step(20);
        p.loss(4.0, 10); // the epoch's last round, cut short
        p.step(10);
        p.done();
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("mean loss 1.6000"), bytes.toString(StandardCharsets.UTF_8)); // (40 + 40) / 50
    }

    @Test
    void countsTakeTheirNounsNumber() {
        assertEquals("1 epoch", Text.count(1, "epoch"));
        assertEquals("2 epochs", Text.count(2, "epoch"));
        assertEquals("0 trials", Text.count(0, "trial"));
        assertEquals("1,200 images", Text.count(1200, "image"));
    }
}
