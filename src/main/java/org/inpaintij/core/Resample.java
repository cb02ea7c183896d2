package org.inpaintij.core;

import java.awt.Rectangle;

/**
 * Separable resampling of float images with a triangle (linear) kernel widened by the scale factor when
 * shrinking, so that downscaling averages instead of aliasing and upscaling is plain bilinear. Pixel centres
 * are aligned (pixel i covers [i, i + 1)).
 */
public final class Resample {

    private Resample() {}

    /** {@code src} (sw x sh, row-major) resized to dw x dh. */
    public static float[] resize(float[] src, int sw, int sh, int dw, int dh) {
        return new Resizer(sw, sh, dw, dh).resize(src);
    }

    /**
     * The rectangle {@code part} (in the dw x dh result's coordinates) of {@code src} resized to dw x dh: the very
     * values {@link #resize(float[], int, int, int, int)} has there, computing only those (when only a part of
     * the result is used, as when a fill is pasted back into a hole).
     *
     * @return part.width x part.height values, row-major
     */
    public static float[] resize(float[] src, int sw, int sh, int dw, int dh, Rectangle part) {
        return new Resizer(sw, sh, dw, dh).resize(src, part);
    }

    /** One resize from sw x sh to dw x dh, its weights computed once for every plane it resizes. */
    public static final class Resizer {
        private final int sw, sh, dw, dh;
        private final Kernel kx, ky;

        /** A resize of sw x sh planes to dw x dh. */
        public Resizer(int sw, int sh, int dw, int dh) {
            this.sw = sw;
            this.sh = sh;
            this.dw = dw;
            this.dh = dh;
            boolean same = sw == dw && sh == dh;
            kx = same ? null : new Kernel(sw, dw);
            ky = same ? null : new Kernel(sh, dh);
        }

        /** {@code src} (sw x sh, row-major) resized. */
        public float[] resize(float[] src) {
            return resize(src, new Rectangle(0, 0, dw, dh));
        }

        /**
         * The rectangle {@code part} of {@code src} resized, as
         * {@link Resample#resize(float[], int, int, int, int, Rectangle)} computes it.
         */
        public float[] resize(float[] src, Rectangle part) {
            int pw = part.width, ph = part.height;
            if (kx == null) {
                float[] out = new float[pw * ph];
                for (int y = 0; y < ph; y++) System.arraycopy(src, (part.y + y) * sw + part.x, out, y * pw, pw);
                return out;
            }
            // only the source rows that the part's rows read
            int r0 = ky.first[part.y], r1 = r0;
            for (int j = part.y; j < part.y + ph; j++) r1 = Math.max(r1, ky.first[j] + ky.weights[j].length);
            float[] tmp = new float[pw * (r1 - r0)];
            int y = r0;
            for (; y + 4 <= r1; y += 4) kx.apply4(src, y * sw, sw, tmp, (y - r0) * pw, pw, part.x, part.x + pw);
            for (; y < r1; y++) kx.apply(src, y * sw, tmp, (y - r0) * pw, part.x, part.x + pw);
            float[] out = new float[pw * ph];
            ky.applyRows(tmp, r0, out, pw, part.y, part.y + ph);
            return out;
        }
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

        /** The horizontal pass of one row: outputs j0..j1 - 1 of the row at {@code srcOff}, to dst from dstOff. */
        void apply(float[] src, int srcOff, float[] dst, int dstOff, int j0, int j1) {
            for (int j = j0; j < j1; j++) {
                float[] w = weights[j];
                int i0 = srcOff + first[j];
                float s = 0;
                for (int k = 0; k < w.length; k++) s += w[k] * src[i0 + k];
                dst[dstOff + j - j0] = s;
            }
        }

        /**
         * As {@link #apply} on four rows at once (the rows at srcOff + r * srcRow to dstOff + r * dstRow, r = 0..3):
         * each value is summed in the same order, and each weight is read once for the four, which makes the
         * horizontal pass over a large image nearly twice as fast.
         */
        void apply4(float[] src, int srcOff, int srcRow, float[] dst, int dstOff, int dstRow, int j0, int j1) {
            for (int j = j0; j < j1; j++) {
                float[] w = weights[j];
                int i0 = srcOff + first[j];
                float a = 0, b = 0, c = 0, d = 0;
                for (int k = 0; k < w.length; k++) {
                    float wk = w[k];
                    int i = i0 + k;
                    a += wk * src[i];
                    b += wk * src[i + srcRow];
                    c += wk * src[i + 2 * srcRow];
                    d += wk * src[i + 3 * srcRow];
                }
                int o = dstOff + j - j0;
                dst[o] = a;
                dst[o + dstRow] = b;
                dst[o + 2 * dstRow] = c;
                dst[o + 3 * dstRow] = d;
            }
        }

        /**
         * The vertical pass, row by row: output rows j0..j1 - 1, each accumulating its weighted input rows (input
         * row i is row i - r0 of {@code src}). The sums are made in the same order as a pass down each column
         * makes them, so the result is the same to the bit, but the memory is read along rows, which is several
         * times faster on large images.
         */
        void applyRows(float[] src, int r0, float[] dst, int rowLength, int j0, int j1) {
            for (int j = j0; j < j1; j++) {
                float[] w = weights[j];
                int o = (j - j0) * rowLength;
                for (int k = 0; k < w.length; k++) {
                    float wk = w[k];
                    int i0 = (first[j] + k - r0) * rowLength;
                    for (int x = 0; x < rowLength; x++) dst[o + x] += wk * src[i0 + x];
                }
            }
        }
    }
}
