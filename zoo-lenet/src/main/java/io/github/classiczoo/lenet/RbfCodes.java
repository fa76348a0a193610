package io.github.classiczoo.lenet;

/**
 * The fixed ±1 parameter vectors of LeNet-5's RBF output units (LeCun et al. 1998, §II.B and Fig. 3): a
 * stylised image of each digit drawn on a 7×12 bitmap (hence F6's 84 units), ink = +1, paper = −1.
 *
 * <p>Deviation: the paper prints its bitmaps only as a small figure of the full ASCII set; the numbers were
 * never published. These are our own drawings in the same style (row-major, 12 rows of 7). They keep the
 * property the paper wants — confusable digits get similar codes — and every pair differs in at least
 * {@link #MIN_DISTANCE} positions (asserted in a test).
 */
public final class RbfCodes {

    public static final int ROWS = 12;
    public static final int COLS = 7;
    public static final int MIN_DISTANCE = 12;

    private static final String[][] DIGITS = {
        {".......", "..###..", ".#...#.", "#.....#", "#.....#", "#.....#", "#.....#", "#.....#", "#.....#", ".#...#.", "..###..", "......."},
        {".......", "...#...", "..##...", ".#.#...", "...#...", "...#...", "...#...", "...#...", "...#...", "...#...", ".#####.", "......."},
        {".......", "..###..", ".#...#.", "#.....#", "......#", ".....#.", "....#..", "...#...", "..#....", ".#.....", "#######", "......."},
        {".......", "#######", "......#", ".....#.", "....#..", "...###.", "......#", "......#", "......#", "#.....#", ".#####.", "......."},
        {".......", "....##.", "...#.#.", "..#..#.", ".#...#.", "#....#.", "#######", ".....#.", ".....#.", ".....#.", ".....#.", "......."},
        {".......", "#######", "#......", "#......", "######.", "......#", "......#", "......#", "......#", "#.....#", ".#####.", "......."},
        {".......", "....##.", "...#...", "..#....", ".#.....", "#.###..", "##...#.", "#.....#", "#.....#", "#.....#", ".#####.", "......."},
        {".......", "#######", "......#", ".....#.", "....#..", "...#...", "...#...", "..#....", "..#....", "..#....", "..#....", "......."},
        {".......", ".#####.", "#.....#", "#.....#", "#.....#", ".#####.", "#.....#", "#.....#", "#.....#", "#.....#", ".#####.", "......."},
        {".......", ".#####.", "#.....#", "#.....#", "#.....#", "#.....#", ".######", "......#", "......#", ".....#.", ".####..", "......."},
    };

    private RbfCodes() {
    }

    /** The 10 digit codes, each 84 values of ±1. */
    public static double[][] digits() {
        double[][] codes = new double[DIGITS.length][ROWS * COLS];
        for (int d = 0; d < DIGITS.length; d++) {
            String[] rows = DIGITS[d];
            if (rows.length != ROWS) {
                throw new IllegalStateException("digit " + d + " has " + rows.length + " rows");
            }
            for (int r = 0; r < ROWS; r++) {
                if (rows[r].length() != COLS) {
                    throw new IllegalStateException("digit " + d + " row " + r + " has " + rows[r].length() + " columns");
                }
                for (int c = 0; c < COLS; c++) {
                    codes[d][r * COLS + c] = rows[r].charAt(c) == '#' ? 1.0 : -1.0;
                }
            }
        }
        return codes;
    }
}
