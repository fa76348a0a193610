package io.github.classiczoo.app.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The schedulers' decisions on scripted validation curves, trial by trial as an asynchronous search would ask. */
class SchedulerTest {

    @Test
    void ashaRungsGrowByEtaUpToTheTopRung() {
        assertEquals(List.of(1, 3, 9, 10), new Scheduler(Scheduler.Kind.ASHA, 3, 1, 10).rungs());
        assertEquals(List.of(1, 3, 9), new Scheduler(Scheduler.Kind.ASHA, 3, 1, 9).rungs());
        assertEquals(List.of(2, 4, 8, 12), new Scheduler(Scheduler.Kind.ASHA, 2, 2, 12).rungs());
        assertEquals(List.of(), new Scheduler(Scheduler.Kind.MEDIAN, 3, 1, 9).rungs());
        Scheduler s = new Scheduler(Scheduler.Kind.ASHA, 3, 1, 9);
        assertEquals(-1, s.rungReached(0));
        assertEquals(0, s.rungReached(2));
        assertEquals(1, s.rungReached(3));
        assertEquals(2, s.rungReached(9));
        assertThrows(IllegalArgumentException.class, () -> new Scheduler(Scheduler.Kind.ASHA, 1, 1, 9));
        assertThrows(IllegalArgumentException.class, () -> new Scheduler(Scheduler.Kind.ASHA, 3, 9, 9));
        assertThrows(IllegalArgumentException.class, () -> new Scheduler(Scheduler.Kind.ASHA, 3, 0, 9));
    }

    /**
     * Nine trials, one at a time (each runs until it stops or ends before the next starts), with η = 3 and rungs at 1, 3, 9:
     * a trial goes on only within the best ⌊n/3⌋ (at least one) of the n trials at that rung so far.
     */
    @Test
    void ashaKeepsTheBestThirdOfWhatEachRungHasSeenSoFar() {
        Scheduler s = new Scheduler(Scheduler.Kind.ASHA, 3, 1, 9);
        // validation error per epoch: trial i's curve falls from start[i] by 10% an epoch
        double[] start = {0.50, 0.40, 0.60, 0.30, 0.45, 0.20, 0.70, 0.35, 0.25};
        Map<Integer, double[]> recorded = new TreeMap<>();
        List<Integer> stoppedAt = new ArrayList<>();
        for (int id = 1; id <= start.length; id++) {
            int epochs = run(s, id, start[id - 1], recorded);
            stoppedAt.add(epochs);
        }
        // trial 1: first everywhere → 9. trial 2 (0.40 < 0.50): best at rung 0 (keep 1 of 2) and rung 1 → 9.
        // trial 3 (0.60): rank 3 of 3, keep 1 → stops at 1. trial 4 (0.30): best at both → 9. trial 5 (0.45): rank 3 of 5 → 1.
        // trial 6 (0.20): best → 9. trial 7 (0.70): rank 7 of 7, keep 2 → 1. trial 8 (0.35): rank 3 of 8, keep 2 → 1.
        // trial 9 (0.25): rank 2 of 9, keep 3 → on; rung 1: 5 there (1, 2, 4, 6, 9), keep 1, rank 2 → stops at 3.
        assertEquals(List.of(9, 9, 1, 9, 1, 9, 1, 1, 3), stoppedAt);
    }

    /** Runs trial {@code id} epoch by epoch, asking the scheduler after each; returns the epochs it trained. */
    private static int run(Scheduler s, int id, double start, Map<Integer, double[]> recorded) {
        double[] curve = new double[0];
        for (int e = 1; e <= s.maxEpochs(); e++) {
            curve = Arrays.copyOf(curve, e);
            curve[e - 1] = start * Math.pow(0.9, e - 1);
            recorded.put(id, curve);
            if (s.decide(id, recorded) != null) {
                return e;
            }
        }
        return s.maxEpochs();
    }

    @Test
    void ashaDecidesOnlyAtRungsAndItsReasonNamesTheRung() {
        Scheduler s = new Scheduler(Scheduler.Kind.ASHA, 3, 1, 9);
        Map<Integer, double[]> c = new TreeMap<>();
        c.put(1, new double[] {0.1, 0.1, 0.1});
        c.put(2, new double[] {0.2, 0.2, 0.2});
        c.put(3, new double[] {0.3, 0.3});
        c.put(4, new double[] {0.4});
        assertNull(s.decide(3, c), "epoch 2 is between rungs");
        String why = s.decide(4, c);
        assertNotNull(why, "rank 4 of 4 at rung 0 with keep 1");
        assertTrue(why.startsWith("stopped at rung 0 (epoch 1) by ASHA: validation error 40.00% ranks 4 of the 4 trials there; the best 1 (1/3)"), why);
        c.put(4, new double[] {0.09});
        assertNull(s.decide(4, c), "the best of 4");
        assertTrue(s.decidesAt(1) && !s.decidesAt(2) && s.decidesAt(3) && !s.decidesAt(9));
    }

    @Test
    void aTieGoesToTheEarlierTrial() {
        Scheduler s = new Scheduler(Scheduler.Kind.ASHA, 3, 1, 9);
        Map<Integer, double[]> c = new TreeMap<>();
        c.put(1, new double[] {0.1});
        c.put(2, new double[] {0.1});
        c.put(3, new double[] {0.1});
        c.put(4, new double[] {0.1});
        assertNull(s.decide(1, c), "rank 1 of 4, keep 1");
        assertNotNull(s.decide(2, c), "rank 2 of 4: the tie goes to trial 1");
        c.put(5, new double[] {0.1});
        c.put(6, new double[] {0.1});
        assertNull(s.decide(2, c), "rank 2 of 6, keep 2");
        assertNotNull(s.decide(3, c), "rank 3 of 6");
    }

    @Test
    void theMedianRuleWaitsForThreeOthersAndComparesTheBestSoFarWithTheirRunningMeans() {
        Scheduler s = new Scheduler(Scheduler.Kind.MEDIAN, 3, 2, 10);
        Map<Integer, double[]> c = new TreeMap<>();
        c.put(1, new double[] {0.5, 0.3, 0.2});
        c.put(2, new double[] {0.4, 0.2});
        c.put(9, new double[] {0.9, 0.5});
        assertNull(s.decide(9, c), "two others only");
        c.put(3, new double[] {0.7, 0.5, 0.4});
        // others' running means at epoch 2: 0.4, 0.3, 0.6 → median 0.4; trial 9's best so far 0.5 > 0.4
        String why = s.decide(9, c);
        assertNotNull(why);
        assertTrue(why.contains("epoch 2") && why.contains("50.00%") && why.contains("40.00%") && why.contains("3 other"), why);
        c.put(9, new double[] {0.9, 0.39});
        assertNull(s.decide(9, c), "best so far 0.39 ≤ median 0.4");
        c.put(9, new double[] {0.9});
        assertNull(s.decide(9, c), "epoch 1 is before --min-epochs 2");
        c.put(9, new double[] {0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9});
        assertNull(s.decide(9, c), "the last epoch is no place to stop");
        assertTrue(!s.decidesAt(1) && s.decidesAt(2) && s.decidesAt(9) && !s.decidesAt(10));
        assertEquals(Map.of("kind", "median", "minEpochs", 2), s.toMap(), "eta is ASHA's alone");
        assertEquals(2.5, Scheduler.median(List.of(4.0, 1.0, 2.0, 3.0)));
    }

    @Test
    void noSchedulerNeverStops() {
        Scheduler s = Scheduler.none(5);
        assertNull(s.decide(1, Map.of(1, new double[] {1.0}, 2, new double[] {0.0}, 3, new double[] {0.0}, 4, new double[] {0.0})));
    }
}
