package io.github.classiczoo.core.util;

import java.nio.file.Path;

/**
 * A request to stop, from a signal (SIGTERM, SIGINT) or a caller: long work — a training loop, a search — checks it at
 * safe points (between steps, between trials), records that it was interrupted and ends with a {@link Stopped} exception
 * instead of being cut off in the middle of a write. Process-wide; the {@code zoo} launcher sets it from its signal handlers.
 */
public final class Stop {

    private static volatile String requested;
    private static final java.util.concurrent.atomic.AtomicInteger COOPERATING = new java.util.concurrent.atomic.AtomicInteger();

    private Stop() {
    }

    /** Asks running work to stop at its next safe point; {@code why} says what asked ("SIGTERM"). */
    public static void request(String why) {
        requested = why;
    }

    /** What asked to stop, or null if nothing did. */
    public static String requested() {
        return requested;
    }

    /** Forgets a request (a test, or a program that goes on after handling one). */
    public static void clear() {
        requested = null;
    }

    /** Throws {@link Stopped} if a stop was requested. */
    public static void check() {
        String why = requested;
        if (why != null) {
            throw new Stopped(why, null);
        }
    }

    /**
     * Marks work that checks for a stop until the returned handle is closed: a signal handler waits for such work to end
     * cleanly, and ends other work at once.
     */
    public static AutoCloseable cooperate() {
        COOPERATING.incrementAndGet();
        return COOPERATING::decrementAndGet;
    }

    /** Whether any work that checks for a stop is running. */
    public static boolean cooperating() {
        return COOPERATING.get() > 0;
    }

    /** Work ended early because a stop was requested; what it had finished is recorded, and {@link #resumable} continues it. */
    public static final class Stopped extends ZooException {
        private final String why;
        private final Path resumable;

        public Stopped(String why, Path resumable) {
            super("stopped by " + why);
            this.why = why;
            this.resumable = resumable;
        }

        /** What asked to stop ("SIGTERM"). */
        public String why() {
            return why;
        }

        /** The directory whose work can be continued (a run, a search), or null. */
        public Path resumable() {
            return resumable;
        }

        /** The same stop, naming the directory that can be continued. */
        public Stopped in(Path dir) {
            return new Stopped(why, dir);
        }
    }
}
