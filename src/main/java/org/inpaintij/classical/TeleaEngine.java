package org.inpaintij.classical;

import java.util.ArrayList;
import java.util.List;

import org.inpaintij.core.FillRegion;
import org.inpaintij.core.InpaintEngine;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Mask;
import org.inpaintij.core.Monitor;
import org.scijava.plugin.Plugin;

/**
 * Telea's fast-marching fill (A. Telea, "An Image Inpainting Technique Based on the Fast Marching Method",
 * 2004): pixels are filled in order of their distance to the known edge, each from a weighted first-order
 * estimate over the known pixels within {@code radius}.
 *
 * <p>Unlike OpenCV's version it works in the data's own units on every type (the gradient correction is the
 * paper's Taylor term, not a term bounded in absolute grey levels), keeps the narrow band in a binary heap
 * (O(n log n) in the number of filled pixels, where a sorted list makes many scattered defects quadratic),
 * and clamps each estimate to the range of the values it came from, so it never overshoots.
 */
@Plugin(type = InpaintEngine.class, name = "telea", priority = 70)
public final class TeleaEngine implements InpaintEngine {

    private static final byte DONE = 0, BAND = 1, INSIDE = 2, ABSENT = 3;

    @Override
    public int margin(Mask.Component component, InpaintRequest request) {
        return request.radius() + 1;
    }

    @Override
    public java.util.Set<org.inpaintij.core.Option> options() {
        return java.util.Set.of(org.inpaintij.core.Option.RADIUS);
    }

    @Override
    public String description() {
        return "fast marching (Telea 2004) in data units; neighbourhood radius = radius";
    }

    @Override
    public void fill(FillRegion region, InpaintRequest request, Monitor monitor) {
        int w = region.width(), h = region.height(), n = w * h;
        byte[] state = region.state();
        double[][] v = region.values();
        int radius = request.radius();

        byte[] flag = new byte[n];
        double[] t = new double[n];
        Heap heap = new Heap(Math.max(16, n / 4));
        for (int i = 0; i < n; i++) {
            byte s = state[i];
            if (s == FillRegion.MISSING) {
                flag[i] = ABSENT;
            } else if (s == FillRegion.FILL) {
                flag[i] = INSIDE;
                t[i] = Double.POSITIVE_INFINITY;
            } else {
                flag[i] = DONE;
            }
        }
        // the narrow band starts as the known pixels that touch the hole
        for (int i = 0; i < n; i++) {
            if (flag[i] != DONE) continue;
            int x = i % w, y = i / w;
            if ((x > 0 && flag[i - 1] == INSIDE) || (x < w - 1 && flag[i + 1] == INSIDE)
                    || (y > 0 && flag[i - w] == INSIDE) || (y < h - 1 && flag[i + w] == INSIDE)) {
                flag[i] = BAND;
                heap.push(0, i);
            }
        }
        int[][] ball = ball(radius);
        double[] estimate = new double[v.length];
        int filled = 0, total = region.fillCount();
        while (!heap.isEmpty()) {
            int p = heap.popIndex();
            if (flag[p] != BAND) continue;
            flag[p] = DONE;
            int px = p % w, py = p / w;
            for (int d = 0; d < 4; d++) {
                int x = px + (d == 0 ? -1 : d == 1 ? 1 : 0), y = py + (d == 2 ? -1 : d == 3 ? 1 : 0);
                if (x < 0 || y < 0 || x >= w || y >= h) continue;
                int q = y * w + x;
                if (flag[q] != INSIDE) continue;
                t[q] = eikonal(x, y, w, h, flag, t);
                if (estimate(x, y, w, h, flag, t, v, ball, estimate)) {
                    for (int c = 0; c < v.length; c++) v[c][q] = estimate[c];
                    flag[q] = BAND;
                    heap.push(t[q], q);
                    if ((++filled & 1023) == 0) {
                        monitor.checkCancelled();
                        monitor.progress(filled / (double) total, null);
                    }
                }
            }
        }
        fillUnreached(flag, state, v);
    }

    /** Offsets within the radius, nearest first. */
    private static int[][] ball(int radius) {
        List<int[]> out = new ArrayList<>();
        for (int dy = -radius; dy <= radius; dy++) {
            for (int dx = -radius; dx <= radius; dx++) {
                if ((dx != 0 || dy != 0) && dx * dx + dy * dy <= radius * radius) out.add(new int[] {dx, dy});
            }
        }
        out.sort((a, b) -> Integer.compare(a[0] * a[0] + a[1] * a[1], b[0] * b[0] + b[1] * b[1]));
        return out.toArray(new int[0][]);
    }

    private static boolean known(byte f) {
        return f == DONE || f == BAND;
    }

    /** Arrival time from the neighbours already reached, first-order upwind, as in the paper. */
    private static double eikonal(int x, int y, int w, int h, byte[] flag, double[] t) {
        double tx = Double.POSITIVE_INFINITY, ty = Double.POSITIVE_INFINITY;
        int i = y * w + x;
        if (x > 0 && known(flag[i - 1])) tx = t[i - 1];
        if (x < w - 1 && known(flag[i + 1])) tx = Math.min(tx, t[i + 1]);
        if (y > 0 && known(flag[i - w])) ty = t[i - w];
        if (y < h - 1 && known(flag[i + w])) ty = Math.min(ty, t[i + w]);
        if (Double.isInfinite(tx)) return ty + 1;
        if (Double.isInfinite(ty)) return tx + 1;
        double diff = tx - ty;
        if (Math.abs(diff) >= 1) return Math.min(tx, ty) + 1;
        return (tx + ty + Math.sqrt(2 - diff * diff)) / 2;
    }

    /** Telea's weighted first-order estimate at (x, y) for every channel; false when no known pixel is near. */
    private static boolean estimate(int x, int y, int w, int h, byte[] flag, double[] t, double[][] v, int[][] ball,
            double[] out) {
        int p = y * w + x;
        double gtx = gradient(t, flag, p, x, w, 1), gty = gradient(t, flag, p, y, h, w);
        double gn = Math.hypot(gtx, gty);
        int nc = v.length;
        double wsum = 0;
        double[] sum = new double[nc];
        double[] lo = new double[nc], hi = new double[nc];
        java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (int[] o : ball) {
            int qx = x + o[0], qy = y + o[1];
            if (qx < 0 || qy < 0 || qx >= w || qy >= h) continue;
            int q = qy * w + qx;
            if (!known(flag[q])) continue;
            double rx = -o[0], ry = -o[1]; // p - q
            double r2 = rx * rx + ry * ry, r = Math.sqrt(r2);
            double dir = gn > 0 ? Math.abs(rx * gtx + ry * gty) / (r * gn) : 1;
            if (dir < 1e-2) dir = 1e-2; // pixels along the level line still count a little
            double dst = 1 / r2;
            double lev = 1 / (1 + Math.abs(t[q] - t[p]));
            double wq = dir * dst * lev;
            wsum += wq;
            for (int c = 0; c < nc; c++) {
                double[] vc = v[c];
                double gx = gradient(vc, flag, q, qx, w, 1), gy = gradient(vc, flag, q, qy, h, w);
                double val = vc[q];
                sum[c] += wq * (val + gx * rx + gy * ry);
                if (val < lo[c]) lo[c] = val;
                if (val > hi[c]) hi[c] = val;
            }
        }
        if (wsum == 0) return false;
        for (int c = 0; c < nc; c++) out[c] = Math.max(lo[c], Math.min(hi[c], sum[c] / wsum));
        return true;
    }

    /**
     * Central difference of {@code a} at index i along one axis (coordinate {@code c} of {@code size}, index
     * step {@code step}), one-sided where only one neighbour is known, 0 where none is.
     */
    private static double gradient(double[] a, byte[] flag, int i, int c, int size, int step) {
        boolean lo = c > 0 && known(flag[i - step]), hi = c < size - 1 && known(flag[i + step]);
        if (lo && hi) return (a[i + step] - a[i - step]) / 2;
        if (hi) return a[i + step] - a[i];
        if (lo) return a[i] - a[i - step];
        return 0;
    }

    /** Pixels walled in by missing data: the mean of what is known is all there is. */
    private static void fillUnreached(byte[] flag, byte[] state, double[][] v) {
        boolean any = false;
        for (byte f : flag) any |= f == INSIDE;
        if (!any) return;
        for (double[] vc : v) {
            double s = 0;
            long k = 0;
            for (int i = 0; i < state.length; i++) {
                if (state[i] == FillRegion.KNOWN) {
                    s += vc[i];
                    k++;
                }
            }
            double mean = k == 0 ? 0 : s / k;
            for (int i = 0; i < flag.length; i++) if (flag[i] == INSIDE) vc[i] = mean;
        }
    }

    /** A binary min-heap of (time, index) with lazy deletion. */
    private static final class Heap {
        private double[] key;
        private int[] val;
        private int size;

        Heap(int capacity) {
            key = new double[capacity];
            val = new int[capacity];
        }

        boolean isEmpty() {
            return size == 0;
        }

        void push(double k, int v) {
            if (size == key.length) {
                key = java.util.Arrays.copyOf(key, size * 2);
                val = java.util.Arrays.copyOf(val, size * 2);
            }
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (key[parent] <= k) break;
                key[i] = key[parent];
                val[i] = val[parent];
                i = parent;
            }
            key[i] = k;
            val[i] = v;
        }

        int popIndex() {
            int top = val[0];
            double k = key[--size];
            int v = val[size];
            int i = 0;
            while (true) {
                int c = 2 * i + 1;
                if (c >= size) break;
                if (c + 1 < size && key[c + 1] < key[c]) c++;
                if (key[c] >= k) break;
                key[i] = key[c];
                val[i] = val[c];
                i = c;
            }
            key[i] = k;
            val[i] = v;
            return top;
        }
    }
}
