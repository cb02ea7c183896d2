package org.inpaintij.classical;

/**
 * Summed-area tables over a w x h grid (row-major): the sum over any box in four reads. Tables are
 * (w + 1) x (h + 1), with a zero first row and column.
 */
final class SummedArea {

    private SummedArea() {}

    /** The table of a grid of values. */
    static double[] of(double[] v, int w, int h) {
        double[] sat = new double[(w + 1) * (h + 1)];
        for (int y = 0; y < h; y++) {
            double run = 0;
            for (int x = 0; x < w; x++) {
                run += v[y * w + x];
                sat[(y + 1) * (w + 1) + x + 1] = sat[y * (w + 1) + x + 1] + run;
            }
        }
        return sat;
    }

    /** The table of a grid of counts (each entry 0 or 1). */
    static double[] of(byte[] v, int w, int h) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return of(d, w, h);
    }

    /** The sum over x0 <= x < x1, y0 <= y < y1 of a table made for a grid w wide. */
    static double box(double[] sat, int w, int x0, int y0, int x1, int y1) {
        int sw = w + 1;
        return sat[y1 * sw + x1] - sat[y0 * sw + x1] - sat[y1 * sw + x0] + sat[y0 * sw + x0];
    }
}
