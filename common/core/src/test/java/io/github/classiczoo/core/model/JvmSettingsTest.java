package io.github.classiczoo.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What {@link FastPath#prepareJvm()} (and so {@code Zoo.main}) sets before any ND4J class loads, and that a user's own setting wins. */
class JvmSettingsTest {

    private static final String PROBE = "org.bytedeco.javacpp.maxPhysicalBytes";
    private static final String PROBE_LOWER = "org.bytedeco.javacpp.maxphysicalbytes"; // JavaCPP reads this spelling too
    private final String before = System.getProperty(PROBE);
    private final String beforeLower = System.getProperty(PROBE_LOWER);

    @AfterEach
    void restore() {
        restore(PROBE, before);
        restore(PROBE_LOWER, beforeLower);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @Test
    void javacppsPerAllocationMemoryProbeIsOffByDefault() {
        System.clearProperty(PROBE);
        System.clearProperty(PROBE_LOWER);
        FastPath.prepareJvm();
        assertEquals("0", System.getProperty(PROBE));
        assertTrue(FastPath.prepareJvm().isEmpty(), "a second call changes nothing");
    }

    @Test
    void aUsersOwnLimitIsKept() {
        System.clearProperty(PROBE_LOWER);
        System.setProperty(PROBE, "16g");
        FastPath.prepareJvm();
        assertEquals("16g", System.getProperty(PROBE));
    }

    @Test
    void aUsersLimitInJavacppsLowerCaseSpellingIsKeptToo() {
        System.clearProperty(PROBE);
        System.setProperty(PROBE_LOWER, "2g");
        FastPath.prepareJvm();
        assertEquals(null, System.getProperty(PROBE), "the camel-case key would override the user's lower-case one");
        assertEquals("2g", System.getProperty(PROBE_LOWER));
    }
}
