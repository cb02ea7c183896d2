package org.inpaintij.classical;

/** Separable Gaussian blur of a w x h grid (row-major), with nothing beyond the grid (zero there). */
final class Gaussian {

    private Gaussian() {}

    /** The grid blurred with a Gaussian of the given sigma, cut at three sigmas. */
    static double[] blur(double[] a, int w, int h, double sigma) {
        int rad = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * rad + 1];
        double sum = 0;
        for (int i = -rad; i <= rad; i++) sum += k[i + rad] = Math.exp(-i * i / (2 * sigma * sigma));
        for (int i = 0; i < k.length; i++) k[i] /= sum;
        double[] t = new double[a.length], out = new double[a.length];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                double v = 0;
                int lo = Math.max(-rad, -x), hi = Math.min(rad, w - 1 - x);
                for (int i = lo; i <= hi; i++) v += k[i + rad] * a[row + x + i];
                t[row + x] = v;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = 0;
                int lo = Math.max(-rad, -y), hi = Math.min(rad, h - 1 - y);
                for (int i = lo; i <= hi; i++) v += k[i + rad] * t[(y + i) * w + x];
                out[y * w + x] = v;
            }
        }
        return out;
    }
}
