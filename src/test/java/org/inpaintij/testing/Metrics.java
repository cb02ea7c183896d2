package org.inpaintij.testing;

/** Quality measures on known ground truth. */
public final class Metrics {

    private Metrics() {}

    /** PSNR in dB over the pixels where {@code mask} is non-zero, for the given peak value. */
    public static double psnr(double[] truth, double[] test, byte[] mask, double peak) {
        double se = 0;
        long n = 0;
        for (int i = 0; i < truth.length; i++) {
            if (mask[i] == 0) continue;
            double d = truth[i] - test[i];
            se += d * d;
            n++;
        }
        if (n == 0) throw new IllegalArgumentException("empty mask");
        double mse = se / n;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(peak * peak / mse);
    }

    /**
     * Mean of each channel over a rectangle, as a fraction of the range lo..hi (RGB: of 0..255 per channel;
     * grayscale: the one value in all three entries).
     */
    public static double[] unitMeans(ij.process.ImageProcessor ip, java.awt.Rectangle r, double lo, double hi) {
        double[] sum = new double[3];
        for (int y = r.y; y < r.y + r.height; y++) {
            for (int x = r.x; x < r.x + r.width; x++) {
                if (ip.getNChannels() == 3) {
                    int c = ip.get(x, y);
                    for (int k = 0; k < 3; k++) sum[k] += ((c >> (16 - 8 * k)) & 0xff) / 255.0;
                } else {
                    double v = (ip.getf(x, y) - lo) / (hi - lo);
                    for (int k = 0; k < 3; k++) sum[k] += v;
                }
            }
        }
        for (int k = 0; k < 3; k++) sum[k] /= (double) r.width * r.height;
        return sum;
    }
}
