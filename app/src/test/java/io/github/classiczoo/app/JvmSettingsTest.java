package io.github.classiczoo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What {@code Zoo.main} sets before any ND4J class loads, and that a user's own setting wins. */
class JvmSettingsTest {

    private static final String PROBE = "org.bytedeco.javacpp.maxPhysicalBytes";
    private final String before = System.getProperty(PROBE);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(PROBE);
        } else {
            System.setProperty(PROBE, before);
        }
    }

    @Test
    void javacppsPerAllocationMemoryProbeIsOffByDefault() {
        System.clearProperty(PROBE);
        Zoo.noPerAllocationMemoryProbe();
        assertEquals("0", System.getProperty(PROBE));
    }

    @Test
    void aUsersOwnLimitIsKept() {
        System.setProperty(PROBE, "16g");
        Zoo.noPerAllocationMemoryProbe();
        assertEquals("16g", System.getProperty(PROBE));
    }
}
