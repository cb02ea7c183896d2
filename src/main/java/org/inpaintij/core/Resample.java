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
            float[] out = new float[part.width * part.height];
            run(src, null, part, out, 0);
            return out;
        }

        /**
         * The whole of a source given row by row, resized into {@code dst} from {@code dstOff}: the same values as
         * {@link #resize(float[])} of the rows put together, without that array ever being made (a caller that
         * converts its pixels to floats converts each row as it is needed, four rows at a time).
         */
        public void resize(Rows src, float[] dst, int dstOff) {
            run(null, src, new Rectangle(0, 0, dw, dh), dst, dstOff);
        }

        /** The rectangle {@code part} of a source given row by row, resized, as {@link #resize(float[], Rectangle)}. */
        public float[] resize(Rows src, Rectangle part) {
            float[] out = new float[part.width * part.height];
            run(null, src, part, out, 0);
            return out;
        }

        /** Resizes {@code part} of {@code src}, or of {@code rows} when src is null, into dst from dstOff. */
        private void run(float[] src, Rows rows, Rectangle part, float[] dst, int dstOff) {
            int pw = part.width, ph = part.height;
            float[] four = rows == null ? null : new float[4 * sw];
            if (kx == null) {
                for (int y = 0; y < ph; y++) {
                    if (src != null) {
                        System.arraycopy(src, (part.y + y) * sw + part.x, dst, dstOff + y * pw, pw);
                    } else {
                        rows.row(part.y + y, four, 0);
                        System.arraycopy(four, part.x, dst, dstOff + y * pw, pw);
                    }
                }
                return;
            }
            // only the source rows that the part's rows read
            int r0 = ky.first[part.y], r1 = r0;
            for (int j = part.y; j < part.y + ph; j++) r1 = Math.max(r1, ky.end(j));
            float[] tmp = new float[pw * (r1 - r0)];
            int y = r0;
            for (; y + 4 <= r1; y += 4) {
                if (src != null) {
                    kx.apply4(src, y * sw, sw, tmp, (y - r0) * pw, pw, part.x, part.x + pw);
                } else {
                    for (int r = 0; r < 4; r++) rows.row(y + r, four, r * sw);
                    kx.apply4(four, 0, sw, tmp, (y - r0) * pw, pw, part.x, part.x + pw);
                }
            }
            for (; y < r1; y++) {
                if (src != null) {
                    kx.apply(src, y * sw, tmp, (y - r0) * pw, part.x, part.x + pw);
                } else {
                    rows.row(y, four, 0);
                    kx.apply(four, 0, tmp, (y - r0) * pw, part.x, part.x + pw);
                }
            }
            ky.applyRows(tmp, r0, dst, dstOff, pw, part.y, part.y + ph);
        }
    }

    /** A source image given one row at a time. */
    @FunctionalInterface
    public interface Rows {
        /** Writes the sw floats of row y into {@code dst} from {@code off}. */
        void row(int y, float[] dst, int off);
    }

    /**
     * Precomputed weights of one axis: output j is the sum over k &lt; taps of weight(j, k) * input(first[j] + k).
     * Every output has the same number of taps (the most any output needs); outputs near an end, whose window the
     * end cuts short, have their window moved inside the input and zero weights where it reaches past their
     * support. A zero weight adds exactly nothing to a sum of finite values, so the sums are those of the
     * outputs' own taps, and the loops over a fixed number of taps run several times faster than loops over
     * windows of varying length.
     */
    private static final class Kernel {
        private final int[] first;
        private final float[] weights;
        private final int taps;

        Kernel(int n, int m) {
            double scale = (double) n / m;
            double support = Math.max(1.0, scale);
            int[] lo = new int[m], hi = new int[m];
            int most = 1;
            for (int j = 0; j < m; j++) {
                double centre = (j + 0.5) * scale - 0.5;
                int a = Math.max((int) Math.floor(centre - support) + 1, 0);
                int b = Math.min((int) Math.ceil(centre + support) - 1, n - 1);
                if (b < a) b = a = Math.min(n - 1, Math.max(0, (int) Math.round(centre)));
                lo[j] = a;
                hi[j] = b;
                most = Math.max(most, b - a + 1);
            }
            taps = most;
            first = new int[m];
            weights = new float[m * taps];
            for (int j = 0; j < m; j++) {
                double centre = (j + 0.5) * scale - 0.5;
                int len = hi[j] - lo[j] + 1;
                float[] w = new float[len];
                double sum = 0;
                for (int i = lo[j]; i <= hi[j]; i++) {
                    double v = Math.max(0, 1 - Math.abs(i - centre) / support);
                    w[i - lo[j]] = (float) v;
                    sum += v;
                }
                if (sum == 0) {
                    java.util.Arrays.fill(w, 1f / len);
                } else {
                    for (int k = 0; k < len; k++) w[k] /= (float) sum;
                }
                // the window of `taps` inputs, moved inside 0..n - 1 where the end cuts it short
                int f = Math.max(0, Math.min(lo[j], n - taps));
                first[j] = f;
                System.arraycopy(w, 0, weights, j * taps + lo[j] - f, len);
            }
        }

        /** The horizontal pass of one row: outputs j0..j1 - 1 of the row at {@code srcOff}, to dst from dstOff. */
        void apply(float[] src, int srcOff, float[] dst, int dstOff, int j0, int j1) {
            for (int j = j0; j < j1; j++) {
                int i0 = srcOff + first[j], w0 = j * taps;
                float s = 0;
                for (int k = 0; k < taps; k++) s += weights[w0 + k] * src[i0 + k];
                dst[dstOff + j - j0] = s;
            }
        }

        /**
         * As {@link #apply} on four rows at once (the rows at srcOff + r * srcRow to dstOff + r * dstRow, r = 0..3):
         * each value is summed in the same order, and each weight is read once for the four, which makes the
         * horizontal pass over a large image nearly twice as fast. Two and three taps (enlarging, and shrinking by
         * less than two) have loops of their own.
         */
        void apply4(float[] src, int srcOff, int srcRow, float[] dst, int dstOff, int dstRow, int j0, int j1) {
            int r1 = srcRow, r2 = 2 * srcRow, r3 = 3 * srcRow;
            if (taps == 2) {
                for (int j = j0; j < j1; j++) {
                    int i = srcOff + first[j], w = j * 2, o = dstOff + j - j0;
                    float u = weights[w], v = weights[w + 1];
                    dst[o] = 0 + u * src[i] + v * src[i + 1];
                    dst[o + dstRow] = 0 + u * src[i + r1] + v * src[i + r1 + 1];
                    dst[o + 2 * dstRow] = 0 + u * src[i + r2] + v * src[i + r2 + 1];
                    dst[o + 3 * dstRow] = 0 + u * src[i + r3] + v * src[i + r3 + 1];
                }
                return;
            }
            if (taps == 3) {
                for (int j = j0; j < j1; j++) {
                    int i = srcOff + first[j], w = j * 3, o = dstOff + j - j0;
                    float u = weights[w], v = weights[w + 1], t = weights[w + 2];
                    dst[o] = 0 + u * src[i] + v * src[i + 1] + t * src[i + 2];
                    dst[o + dstRow] = 0 + u * src[i + r1] + v * src[i + r1 + 1] + t * src[i + r1 + 2];
                    dst[o + 2 * dstRow] = 0 + u * src[i + r2] + v * src[i + r2 + 1] + t * src[i + r2 + 2];
                    dst[o + 3 * dstRow] = 0 + u * src[i + r3] + v * src[i + r3 + 1] + t * src[i + r3 + 2];
                }
                return;
            }
            for (int j = j0; j < j1; j++) {
                int i0 = srcOff + first[j], w0 = j * taps;
                float a = 0, b = 0, c = 0, d = 0;
                for (int k = 0; k < taps; k++) {
                    float wk = weights[w0 + k];
                    int i = i0 + k;
                    a += wk * src[i];
                    b += wk * src[i + r1];
                    c += wk * src[i + r2];
                    d += wk * src[i + r3];
                }
                int o = dstOff + j - j0;
                dst[o] = a;
                dst[o + dstRow] = b;
                dst[o + 2 * dstRow] = c;
                dst[o + 3 * dstRow] = d;
            }
        }

        /** One past the last input that output j reads. */
        int end(int j) {
            return first[j] + taps;
        }

        /**
         * The vertical pass, row by row: output rows j0..j1 - 1, each the weighted sum of its input rows (input row
         * i is row i - r0 of {@code src}). The sums are made in the same order as a pass down each column makes
         * them, but the memory is read along rows, which is several times faster on large images; two and three
         * taps sum all their rows in one pass over the output row. Output row j0 starts at {@code dstOff}.
         */
        void applyRows(float[] src, int r0, float[] dst, int dstOff, int rowLength, int j0, int j1) {
            for (int j = j0; j < j1; j++) {
                int o = dstOff + (j - j0) * rowLength, w = j * taps, a = (first[j] - r0) * rowLength;
                if (taps == 2) {
                    float u = weights[w], v = weights[w + 1];
                    int b = a + rowLength;
                    for (int x = 0; x < rowLength; x++) dst[o + x] = 0 + u * src[a + x] + v * src[b + x];
                } else if (taps == 3) {
                    float u = weights[w], v = weights[w + 1], t = weights[w + 2];
                    int b = a + rowLength, c = b + rowLength;
                    for (int x = 0; x < rowLength; x++) {
                        dst[o + x] = 0 + u * src[a + x] + v * src[b + x] + t * src[c + x];
                    }
                } else {
                    java.util.Arrays.fill(dst, o, o + rowLength, 0f);
                    for (int k = 0; k < taps; k++) {
                        float wk = weights[w + k];
                        int i0 = a + k * rowLength;
                        for (int x = 0; x < rowLength; x++) dst[o + x] += wk * src[i0 + x];
                    }
                }
            }
        }
    }
}
