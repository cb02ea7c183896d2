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
}
