package io.github.classiczoo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * Issue 28: what the README advertises and no recipe used yet — the cosine schedule, linear warm-up and Nesterov
 * momentum — is tested, not dead code.
 */
class LrScheduleTest {

    @Test
    void cosineFallsFromOneToZeroAlongHalfACosine() {
        LrSchedule c = LrSchedule.cosine();
        assertEquals(1.0, c.multiplier(0, 0, 1000, 0), 1e-12);
        assertEquals(0.5, c.multiplier(3, 500, 1000, 0), 1e-12);
        assertEquals(0.5 * (1 + Math.cos(Math.PI / 4)), c.multiplier(1, 250, 1000, 0), 1e-12);
        assertEquals(0.0, c.multiplier(9, 1000, 1000, 0), 1e-12);
        assertEquals(0.0, c.multiplier(9, 1200, 1000, 0), 1e-12, "past the end it stays at zero");
    }

    @Test
    void warmUpRisesLinearlyFromItsStartFractionThenLeavesTheScheduleAlone() {
        LrSchedule w = LrSchedule.constant().withWarmup(100, 0.1);
        assertEquals(0.1, w.multiplier(0, 0, 1000, 0), 1e-12);
        assertEquals(0.55, w.multiplier(0, 50, 1000, 0), 1e-12);
        assertEquals(1.0, w.multiplier(0, 100, 1000, 0), 1e-12);
        LrSchedule cw = LrSchedule.cosine().withWarmup(100, 0.0);
        assertEquals(0.5 * (1 + Math.cos(Math.PI * 0.05)) * 0.5, cw.multiplier(0, 50, 1000, 0), 1e-12, "warm-up scales the cosine");
        assertEquals(LrSchedule.cosine().multiplier(2, 600, 1000, 0), cw.multiplier(2, 600, 1000, 0), 1e-12);
    }

    @Test
    void nesterovIsDl4jsNesterovsWithTheGivenRateAndMomentum() {
        Nesterovs n = assertInstanceOf(Nesterovs.class, Optimizer.nesterov(0.05, 0.9).updater());
        assertEquals(0.05, n.getLearningRate(), 0);
        assertEquals(0.9, n.getMomentum(), 0);
    }
}
