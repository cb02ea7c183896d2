package org.inpaintij.core;

/**
 * Exact squared Euclidean distance transforms (Felzenszwalb and Huttenlocher's separable lower-envelope
 * method), linear in the number of pixels.
 */
public final class DistanceTransform {

    private DistanceTransform() {}

    /**
     * Squared distance from each pixel to the nearest pixel whose {@code set} entry is non-zero; positive
     * infinity where the array holds no set pixel.
     */
    public static float[] squaredToSet(byte[] set, int w, int h) {
        return squaredToSet(set, w, h, false);
    }

    /**
     * As {@link #squaredToSet(byte[], int, int)}; with {@code outsideIsSet}, every pixel just outside the
     * array counts as set too (so distances are measured to the border as well).
     */
    public static float[] squaredToSet(byte[] set, int w, int h, boolean outsideIsSet) {
        if (outsideIsSet) {
            int pw = w + 2, ph = h + 2;
            byte[] padded = new byte[pw * ph];
            java.util.Arrays.fill(padded, (byte) 1);
            for (int j = 0; j < h; j++) System.arraycopy(set, j * w, padded, (j + 1) * pw + 1, w);
            float[] d = squaredToSet(padded, pw, ph, false);
            float[] out = new float[w * h];
            for (int j = 0; j < h; j++) System.arraycopy(d, (j + 1) * pw + 1, out, j * w, w);
            return out;
        }
        float[] d = new float[w * h];
        for (int i = 0; i < d.length; i++) d[i] = set[i] != 0 ? 0f : Float.POSITIVE_INFINITY;
        int n = Math.max(w, h);
        float[] f = new float[n];
        float[] out = new float[n];
        int[] v = new int[n];
        float[] z = new float[n + 1];
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) f[y] = d[y * w + x];
            transform1d(f, h, out, v, z);
            for (int y = 0; y < h; y++) d[y * w + x] = out[y];
        }
        for (int y = 0; y < h; y++) {
            System.arraycopy(d, y * w, f, 0, w);
            transform1d(f, w, out, v, z);
            System.arraycopy(out, 0, d, y * w, w);
        }
        return d;
    }

    private static void transform1d(float[] f, int n, float[] d, int[] v, float[] z) {
        int k = -1;
        for (int q = 0; q < n; q++) {
            if (f[q] == Float.POSITIVE_INFINITY) continue;
            if (k < 0) {
                k = 0;
                v[0] = q;
                z[0] = Float.NEGATIVE_INFINITY;
                z[1] = Float.POSITIVE_INFINITY;
                continue;
            }
            float s;
            while (true) {
                int p = v[k];
                s = ((f[q] + (float) q * q) - (f[p] + (float) p * p)) / (2f * (q - p));
                if (s <= z[k] && k > 0) k--;
                else break;
            }
            if (s <= z[k]) { // k == 0 and the new parabola hides the first one everywhere
                v[0] = q;
                z[0] = Float.NEGATIVE_INFINITY;
                z[1] = Float.POSITIVE_INFINITY;
                continue;
            }
            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = Float.POSITIVE_INFINITY;
        }
        if (k < 0) {
            for (int q = 0; q < n; q++) d[q] = Float.POSITIVE_INFINITY;
            return;
        }
        int j = 0;
        for (int q = 0; q < n; q++) {
            while (z[j + 1] < q) j++;
            float dq = q - v[j];
            d[q] = dq * dq + f[v[j]];
        }
    }
}
