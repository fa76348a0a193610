package io.github.classiczoo.app;

import io.github.classiczoo.core.model.InputShape;
import java.util.Locale;

/** Bounds on what an option can ask for, checked before anything is allocated (issue 20, class 4). */
final class Limits {

    private Limits() {
    }

    /** This machine's physical memory, or 0 if the JVM cannot tell. */
    static long physicalMemory() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }

    /**
     * Refuses a batch whose input tensor alone (float32) would take more than a quarter of physical memory: a network's
     * activations need several times its input, so such a batch can only end in an out-of-memory error. Returns {@code batch}.
     */
    static int batch(String option, int batch, InputShape input) {
        if (batch < 1) {
            throw new IllegalArgumentException(option + " must be at least 1; got " + batch);
        }
        long bytes = (long) batch * input.elements() * 4, mem = physicalMemory();
        if (mem > 0 && bytes > mem / 4) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s %d: the input of one batch of %s alone is %,d MB, more than a quarter "
                    + "of this machine's %,d MB; use a smaller batch", option, batch, input, bytes >> 20, mem >> 20));
        }
        return batch;
    }
}
