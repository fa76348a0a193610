package io.github.classiczoo.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar for training and evaluation — batch k/N, images/s, loss, ETA — redrawn in place on a
 * terminal, and printed as a plain line every {@code plainEverySeconds} otherwise (logs, CI, pipes).
 */
public class Progress {

    private final PrintStream out;
    private final boolean terminal;
    private final double plainEverySeconds;
    private String label;
    private int total, done;
    private long images, start, lastPrint;
    private double lossSum;
    private long lossImages;

    public Progress(PrintStream out, boolean terminal, double plainEverySeconds) {
        this.out = out;
        this.terminal = terminal;
        this.plainEverySeconds = plainEverySeconds;
    }

    /** Progress on standard error: a bar on a terminal, a line every 30 s otherwise. */
    public static Progress console() {
        return new Progress(System.err, System.console() != null, 30);
    }

    /** Prints nothing. */
    public static Progress silent() {
        return new Progress(System.err, false, Double.POSITIVE_INFINITY) {
            @Override
            public void start(String l, int t, long n) {
            }

            @Override
            public void step(int n) {
            }

            @Override
            public void done() {
            }
        };
    }

    public void start(String label, int totalBatches, long totalImages) {
        this.label = label;
        this.total = totalBatches;
        this.done = 0;
        this.images = 0;
        this.lossSum = 0;
        this.lossImages = 0;
        this.start = System.nanoTime();
        this.lastPrint = start;
    }

    /** One batch of {@code n} images done; {@code loss} may be NaN when not known. */
    public void step(int n, double batchLoss) {
        loss(batchLoss, n);
        step(n);
    }

    /**
     * A loss known for {@code images} images (a Spark round's, for all the minibatches it took) — counted in the epoch's
     * running mean, which at the epoch's end is the epoch line's "train loss".
     */
    public void loss(double loss, long images) {
        if (!Double.isNaN(loss)) {
            lossSum += loss * images;
            lossImages += images;
        }
    }

    /** One batch of {@code n} images done, its loss told separately ({@link #loss}) or not at all. */
    public void step(int n) {
        done++;
        images += n;
        long now = System.nanoTime();
        if (terminal) {
            if (now - lastPrint > 200_000_000L || done == total) {
                out.print("\r" + line(now) + "   ");
                out.flush();
                lastPrint = now;
            }
        } else if ((now - lastPrint) / 1e9 >= plainEverySeconds) {
            out.println(line(now));
            lastPrint = now;
        }
    }

    public void done() {
        long now = System.nanoTime();
        if (terminal) {
            out.print("\r" + line(now) + "   \n");
        } else {
            out.println(line(now));
        }
        out.flush();
    }

    String line(long now) {
        double secs = Math.max(1e-9, (now - start) / 1e9);
        double rate = images / secs;
        int width = 24;
        int filled = total == 0 ? width : (int) Math.round(width * done / (double) total);
        String bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 && filled < width ? ">" : filled == width ? "=" : "") + " ".repeat(width - filled);
        double eta = done == 0 ? Double.NaN : secs / done * (total - done);
        String lossText = lossImages == 0 ? "" : String.format(Locale.ROOT, "  mean loss %.4f", lossSum / lossImages);
        return String.format(Locale.ROOT, "%-14s [%s] %d/%d  %,.0f img/s%s  %s %s", label, bar, done, total, rate, lossText,
                done == total ? "took" : "ETA", clock(done == total ? secs : eta));
    }

    /** "1:02:03" or "2:03". */
    public static String clockText(double seconds) {
        return clock(seconds);
    }

    static String clock(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return "--:--";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
