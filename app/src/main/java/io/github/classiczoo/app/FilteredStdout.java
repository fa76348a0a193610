package io.github.classiczoo.app;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Standard output minus the debug lines ND4J 1.0.0-M2.1 prints with {@code System.out.println} whenever
 * SameDiff builds a gradient function ("Added differentiated op ..."; LeNet-5's RBF output layer triggers
 * it). Everything else passes through line by line.
 */
final class FilteredStdout extends OutputStream {

    private static final String NOISE = "Added differentiated op ";

    private final PrintStream target;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private FilteredStdout(PrintStream target) {
        this.target = target;
    }

    static void install() {
        System.setOut(new PrintStream(new FilteredStdout(System.out), true, StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void write(int b) {
        line.write(b);
        if (b == '\n') {
            emit();
        }
    }

    @Override
    public synchronized void flush() {
        // a partial line (a prompt, a progress bar) is passed on unless it could still become noise
        String s = line.toString(StandardCharsets.UTF_8);
        if (!s.isEmpty() && !NOISE.startsWith(s) && !s.startsWith(NOISE)) {
            emit();
        }
        target.flush();
    }

    private void emit() {
        String s = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (!s.startsWith(NOISE)) {
            target.print(s);
        }
    }
}
