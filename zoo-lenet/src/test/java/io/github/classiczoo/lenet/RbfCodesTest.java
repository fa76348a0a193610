package io.github.classiczoo.lenet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RbfCodesTest {

    @Test
    void tenDistinctCodesOf84PlusMinusOnes() {
        double[][] c = RbfCodes.digits();
        assertEquals(10, c.length);
        int closest = Integer.MAX_VALUE;
        for (int a = 0; a < 10; a++) {
            assertEquals(84, c[a].length);
            for (double v : c[a]) {
                assertTrue(v == 1.0 || v == -1.0);
            }
            for (int b = a + 1; b < 10; b++) {
                int d = 0;
                for (int i = 0; i < 84; i++) {
                    d += c[a][i] != c[b][i] ? 1 : 0;
                }
                closest = Math.min(closest, d);
            }
        }
        assertTrue(closest >= RbfCodes.MIN_DISTANCE, "closest pair of codes differs in only " + closest + " positions");
    }
}
