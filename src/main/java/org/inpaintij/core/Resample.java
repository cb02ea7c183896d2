package org.inpaintij.core;

/**
 * Separable resampling of float images with a triangle (linear) kernel widened by the scale factor when
 * shrinking, so that downscaling averages instead of aliasing and upscaling is plain bilinear. Pixel centres
 * are aligned (pixel i covers [i, i + 1)).
 */
public final class Resample {

    private Resample() {}

    /** {@code src} (sw x sh, row-major) resized to dw x dh. */
    public static float[] resize(float[] src, int sw, int sh, int dw, int dh) {
        if (sw == dw && sh == dh) return src.clone();
        float[] tmp = new float[dw * sh];
        Kernel kx = new Kernel(sw, dw);
        for (int y = 0; y < sh; y++) kx.apply(src, y * sw, 1, tmp, y * dw, 1);
        float[] out = new float[dw * dh];
        Kernel ky = new Kernel(sh, dh);
        for (int x = 0; x < dw; x++) ky.apply(tmp, x, dw, out, x, dw);
        return out;
    }

    /** Precomputed weights of one axis. */
    private static final class Kernel {
        private final int[] first;
        private final float[][] weights;

        Kernel(int n, int m) {
            double scale = (double) n / m;
            double support = Math.max(1.0, scale);
            first = new int[m];
            weights = new float[m][];
            for (int j = 0; j < m; j++) {
                double centre = (j + 0.5) * scale - 0.5;
                int lo = (int) Math.floor(centre - support) + 1, hi = (int) Math.ceil(centre + support) - 1;
                lo = Math.max(lo, 0);
                hi = Math.min(hi, n - 1);
                if (hi < lo) hi = lo = Math.min(n - 1, Math.max(0, (int) Math.round(centre)));
                float[] w = new float[hi - lo + 1];
                double sum = 0;
                for (int i = lo; i <= hi; i++) {
                    double d = Math.abs(i - centre) / support;
                    double v = Math.max(0, 1 - d);
                    w[i - lo] = (float) v;
                    sum += v;
                }
                if (sum == 0) {
                    java.util.Arrays.fill(w, 1f / w.length);
                } else {
                    for (int k = 0; k < w.length; k++) w[k] /= (float) sum;
                }
                first[j] = lo;
                weights[j] = w;
            }
        }

        void apply(float[] src, int srcOff, int srcStep, float[] dst, int dstOff, int dstStep) {
            for (int j = 0; j < first.length; j++) {
                float[] w = weights[j];
                int i0 = srcOff + first[j] * srcStep;
                float s = 0;
                for (int k = 0; k < w.length; k++) s += w[k] * src[i0 + k * srcStep];
                dst[dstOff + j * dstStep] = s;
            }
        }
    }
}
