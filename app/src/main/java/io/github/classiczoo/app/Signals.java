package io.github.classiczoo.app;

import io.github.classiczoo.core.util.Stop;
import java.util.Map;

/**
 * SIGTERM and SIGINT for the {@code zoo} launcher: work that stops at safe points ({@link Stop#cooperate}: training, a
 * search) is asked to stop and ends cleanly — the write in progress finished, the manifest saying {@code interrupted}, one
 * line on how to continue — with exit code 143 (TERM) or 130 (INT); other work ends at once with that code (a write in
 * progress removes its temporary file on the way out, {@code Files2}). A second signal, or a minute without a safe
 * point, ends the process at once.
 */
final class Signals {

    private static final Map<String, Integer> CODES = Map.of("SIGINT", 130, "SIGTERM", 143);
    static final long GRACE_MILLIS = 60_000;

    private Signals() {
    }

    /** Installs the handlers (the launcher only: tests that call {@link Zoo#run} keep the JVM's). */
    static void install() {
        for (String name : CODES.keySet()) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name.substring(3)), s -> received(name));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // a JVM that reserves it (-Xrs): its default behaviour stays
            }
        }
    }

    /** The exit code for a stop requested by {@code why} (128 + the signal's number). */
    static int exitCode(String why) {
        return CODES.getOrDefault(why, 1);
    }

    private static void received(String name) {
        boolean again = Stop.requested() != null;
        Stop.request(name); // seen by work that is cut short meanwhile, so that it does not blame its input
        if (again || !Stop.cooperating()) {
            System.err.println("zoo: stopped by " + name);
            System.exit(exitCode(name));
        }
        System.err.println("zoo: " + name + ": stopping at the next safe point (send it again to stop at once)");
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(GRACE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("zoo: stopped by " + name + " (no safe point within " + GRACE_MILLIS / 1000 + " s)");
            System.exit(exitCode(name));
        }, "zoo-stop-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** The one line a stopped command ends with: what stopped it and how to continue. */
    static String message(String command, Stop.Stopped s) {
        String how = s.resumable() == null ? "" : command.endsWith(" search")
                ? "; what finished is recorded in " + s.resumable() + ": rerun the same command to continue"
                : "; " + s.resumable() + " keeps its last checkpoint: continue it with the same command and --resume " + s.resumable()
                        + " instead of --out";
        return command + ": " + s.getMessage() + how;
    }
}
