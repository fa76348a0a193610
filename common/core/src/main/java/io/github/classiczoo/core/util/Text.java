package io.github.classiczoo.core.util;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Small text helpers for terminal tables. */
public final class Text {

    private Text() {
    }

    /** 1234567 → "1,234,567". */
    public static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** 1234567 → "1.23M", 1.8e9 → "1.80G". */
    public static String si(double n) {
        double a = Math.abs(n);
        if (a >= 1e9) {
            return String.format(Locale.ROOT, "%.2fG", n / 1e9);
        }
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", n / 1e6);
        }
        if (a >= 1e3) {
            return String.format(Locale.ROOT, "%.1fK", n / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", n);
    }

    /** An enum constant as written in files and on the command line: {@code MULTISTEP_EPOCHS} → {@code multistep-epochs}. */
    public static String kebab(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A left/right aligned table with a rule under the header; {@code rightAligned[i]} says how column i is aligned. */
    /** "1 epoch", "2 epochs": a count with its noun in the right number (nouns here take an s). */
    /** A size in bytes as people read it: {@code 512 bytes}, {@code 64 KB}, {@code 1 MB} (powers of 1,024). */
    public static String bytes(long n) {
        String[] units = {"bytes", "KB", "MB", "GB", "TB"};
        int u = 0;
        double v = n;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (v == Math.rint(v) ? String.format(java.util.Locale.ROOT, "%.0f", v) : String.format(java.util.Locale.ROOT, "%.1f", v)) + " " + units[u];
    }

    public static String count(long n, String noun) {
        return String.format(java.util.Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }

    /** {@code text} broken at spaces into lines of at most {@code width} characters (a longer word stands alone). */
    public static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split("\\s+")) {
            if (line.length() > 0 && line.codePointCount(0, line.length()) + 1 + word.codePointCount(0, word.length()) > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    public static String table(List<String> header, List<List<String>> rows, boolean[] rightAligned) {
        return table(header, rows, rightAligned, true);
    }

    /** As {@link #table(List, List, boolean[])}, with or without the rule under the header. */
    public static String table(List<String> header, List<List<String>> rows, boolean[] rightAligned, boolean rule) {
        int[] w = new int[header.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> r : all) {
            for (int i = 0; i < r.size(); i++) {
                w[i] = Math.max(w[i], r.get(i).codePointCount(0, r.get(i).length()));
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int ri = 0; ri < all.size(); ri++) {
            List<String> r = all.get(ri);
            for (int i = 0; i < r.size(); i++) {
                String cell = r.get(i);
                int pad = w[i] - cell.codePointCount(0, cell.length());
                if (i > 0) {
                    sb.append("  ");
                }
                if (rightAligned[i]) {
                    sb.append(" ".repeat(pad)).append(cell);
                } else {
                    sb.append(cell);
                    if (i < r.size() - 1) {
                        sb.append(" ".repeat(pad));
                    }
                }
            }
            sb.append('\n');
            if (ri == 0 && rule) {
                int total = 0;
                for (int x : w) {
                    total += x;
                }
                sb.append("-".repeat(total + 2 * (w.length - 1))).append('\n');
            }
        }
        return sb.toString();
    }
}
