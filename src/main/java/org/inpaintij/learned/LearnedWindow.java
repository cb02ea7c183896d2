package org.inpaintij.learned;

import java.awt.Rectangle;

import org.inpaintij.core.FillRegion;
import org.inpaintij.core.Plane;
import org.inpaintij.core.Resample;
import org.inpaintij.models.LearnedGraph;

/**
 * The part of a region a learned fill sees, and the conversions into and out of the model's RGB in 0..1 at its
 * working size.
 *
 * <p>The window is the box of the pixels to fill grown by a context proportional to its larger side (half of it
 * on every side, at least {@value #MIN_CONTEXT} pixels) and made square (the models are trained on squares). Where
 * the image ends closer than that, the square is clamped to the image by shrinking it, which keeps all the context
 * there is on the other sides; only a region too narrow for any square around the fill gets a rectangle. A graph
 * fixed at one size gets the window resized to that size; a graph that takes any size gets it at its own size,
 * reduced so that its longer side is at most the working resolution, with sides rounded to multiples of 8.
 *
 * <p>8-bit and RGB values map 0..255 to 0..1. 16-bit and 32-bit values map by the window's own robust range, the
 * {@value #LOW_PERCENT}th to {@value #HIGH_PERCENT}th percentile of its known pixels, so that a dim image is not
 * given to the model as black and one hot pixel does not flatten the rest; values outside that range are clipped
 * in the model's copy only, and the fill comes back in the image's own units. Grey images go in as three equal
 * channels and come back as the mean of the three. Pixels that are not known (those to fill, NaN, another
 * region's mask) go in as 0 and as holes of the model's mask; because the mask and the image are resized with
 * the same kernel, a working pixel the model sees as known was made from known pixels only.
 */
final class LearnedWindow {

    /** Context on every side of the fill's box, as a fraction of the box's larger side. */
    static final double CONTEXT_FRACTION = 0.5;
    /** Smallest context on every side, in pixels. */
    static final int MIN_CONTEXT = 16;
    /** Percentiles of the known pixels that map to 0 and 1 for 16-bit and 32-bit images. */
    static final double LOW_PERCENT = 0.5, HIGH_PERCENT = 99.5;

    private final Rectangle window;
    private final int width, height;

    private LearnedWindow(Rectangle window, int width, int height) {
        this.window = window;
        this.width = width;
        this.height = height;
    }

    /** Context around a fill of the given box: the option when set, else proportional to the box. */
    static int context(Rectangle fill, Integer option) {
        if (option != null) return option;
        return Math.max(MIN_CONTEXT, (int) Math.round(CONTEXT_FRACTION * Math.max(fill.width, fill.height)));
    }

    /** Margin the engine asks for around a component so that its square window fits in the crop. */
    static int margin(int width, int height, int context) {
        return context + Math.abs(width - height) / 2 + 1;
    }

    /**
     * The window of {@code region}'s pixels to fill (whose box is {@code b}, see {@link FillRegion#fillBounds}) with
     * {@code context} around them, and the working size for {@code graph} (its own size when fixed, else at most
     * {@code resolution} a side).
     */
    static LearnedWindow choose(FillRegion region, Rectangle b, int context, LearnedGraph graph, int resolution) {
        int side = Math.max(b.width, b.height) + 2 * context;
        // at the image's edge the crop ends there, and the square shrinks to fit it: the context that exists is
        // kept on the other sides; a crop too narrow for any square around the fill gives a rectangle
        int square = Math.min(side, Math.min(region.width(), region.height()));
        int w, h;
        if (square >= Math.max(b.width, b.height)) {
            w = h = square;
        } else {
            w = Math.min(side, region.width());
            h = Math.min(side, region.height());
        }
        int x = clamp(b.x + b.width / 2 - w / 2, 0, region.width() - w);
        int y = clamp(b.y + b.height / 2 - h / 2, 0, region.height() - h);
        Rectangle win = new Rectangle(x, y, w, h).union(b);
        if (graph.fixedSize()) return new LearnedWindow(win, graph.width(), graph.height());
        double scale = Math.min(1.0, resolution / (double) Math.max(win.width, win.height));
        int ww = Math.max(8, (int) Math.round(win.width * scale / 8) * 8);
        int wh = Math.max(8, (int) Math.round(win.height * scale / 8) * 8);
        return new LearnedWindow(win, ww, wh);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** The window, in the region's coordinates. */
    Rectangle window() {
        return new Rectangle(window);
    }

    /** Working width. */
    int width() {
        return width;
    }

    /** Working height. */
    int height() {
        return height;
    }

    /**
     * What the model gets, and how to map its answer back.
     *
     * @param rgb the window at the working size, RGB in 0..1, planar
     * @param hole 1 where the model fills, at the working size
     * @param lo per channel of the region, the value that maps to 0
     * @param span per channel, the value range that maps to 0..1
     */
    record Input(float[] rgb, float[] hole, double[] lo, double[] span) {}

    /** The window as the model's input. */
    Input toModel(FillRegion r) {
        int n = window.width * window.height, wn = width * height;
        byte[] s = r.state();
        float[] known = new float[n];
        // the box of the pixels that are not known: outside it, every working pixel is known
        int ux0 = window.width, uy0 = window.height, ux1 = -1, uy1 = -1;
        for (int y = 0; y < window.height; y++) {
            int row = (window.y + y) * r.width() + window.x;
            for (int x = 0; x < window.width; x++) {
                if (s[row + x] == FillRegion.KNOWN) {
                    known[y * window.width + x] = 1;
                } else {
                    ux0 = Math.min(ux0, x);
                    ux1 = Math.max(ux1, x);
                    uy0 = Math.min(uy0, y);
                    uy1 = Math.max(uy1, y);
                }
            }
        }
        int channels = r.channels();
        double[] lo = new double[channels], span = new double[channels];
        float[] rgb = new float[3 * wn];
        Resample.Resizer down = new Resample.Resizer(window.width, window.height, width, height);
        for (int c = 0; c < channels; c++) {
            double[] range = range(r, c);
            lo[c] = range[0];
            span[c] = range[1] > range[0] ? range[1] - range[0] : 1;
            double[] v = r.values()[c];
            double low = lo[c], inv = 1 / span[c];
            boolean bytes = r.type() == Plane.Type.BYTE;
            // each row is converted to 0..1 as the resize reads it
            down.resize((y, unit, off) -> {
                int row = (window.y + y) * r.width() + window.x, i0 = y * window.width;
                if (bytes) {
                    // 8-bit values are in range and finite: no clipping, and no branch (the JIT vectorises this)
                    for (int x = 0; x < window.width; x++) unit[off + x] = (float) (v[row + x] * inv) * known[i0 + x];
                    return;
                }
                for (int x = 0; x < window.width; x++) {
                    // NaN is not known: its state is MISSING, so it never reaches here as data
                    unit[off + x] = known[i0 + x] != 0 ? (float) Math.max(0, Math.min(1, (v[row + x] - low) * inv)) : 0;
                }
            }, rgb, c * wn);
        }
        for (int c = channels; c < 3; c++) System.arraycopy(rgb, 0, rgb, c * wn, wn);
        float[] hole = new float[wn];
        if (ux1 >= 0) {
            Rectangle part = toWorking(ux0, uy0, ux1, uy1);
            float[] k = down.resize(known, part);
            for (int y = 0; y < part.height; y++) {
                for (int x = 0; x < part.width; x++) {
                    if (k[y * part.width + x] < 1f - 1e-6f) hole[(part.y + y) * width + part.x + x] = 1f;
                }
            }
        }
        return new Input(rgb, hole, lo, span);
    }

    /**
     * The working pixels whose resampling reads any window pixel in [x0, x1] x [y0, y1]: a working pixel j reads the
     * window pixels within max(1, scale) of its centre (j + 0.5) * scale - 0.5; one more on each side for rounding.
     */
    private Rectangle toWorking(int x0, int y0, int x1, int y1) {
        double sx = window.width / (double) width, sy = window.height / (double) height;
        double rx = Math.max(1, sx), ry = Math.max(1, sy);
        int jx0 = Math.max(0, (int) Math.floor((x0 + 0.5 - rx) / sx - 0.5) - 1);
        int jx1 = Math.min(width - 1, (int) Math.ceil((x1 + 0.5 + rx) / sx - 0.5) + 1);
        int jy0 = Math.max(0, (int) Math.floor((y0 + 0.5 - ry) / sy - 0.5) - 1);
        int jy1 = Math.min(height - 1, (int) Math.ceil((y1 + 0.5 + ry) / sy - 0.5) + 1);
        return new Rectangle(jx0, jy0, jx1 - jx0 + 1, jy1 - jy0 + 1);
    }

    /**
     * Writes the model's answer (RGB in 0..1 at the working size, planar) into the region's pixels to fill, in the
     * image's units; grey images get the mean of the three channels. Nothing else in the region changes. Only the
     * box of the pixels to fill ({@code fill}, region coordinates) is resized back.
     */
    void write(FillRegion r, Rectangle fill, float[] out, Input in) {
        int wn = width * height;
        int channels = r.channels();
        byte[] s = r.state();
        Rectangle part = new Rectangle(fill.x - window.x, fill.y - window.y, fill.width, fill.height);
        Resample.Resizer up = new Resample.Resizer(width, height, window.width, window.height);
        for (int c = 0; c < channels; c++) {
            int plane = c * wn;
            // only the rows the hole's box reads, as the resize asks for them
            float[] big = up.resize(channels == 1
                    ? (y, dst, off) -> {
                        for (int x = 0, i = y * width; x < width; x++, i++) {
                            dst[off + x] = (out[i] + out[wn + i] + out[2 * wn + i]) / 3f;
                        }
                    }
                    : (y, dst, off) -> System.arraycopy(out, plane + y * width, dst, off, width), part);
            double[] v = r.values()[c];
            double lo = in.lo()[c], span = in.span()[c];
            for (int y = 0; y < fill.height; y++) {
                int row = (fill.y + y) * r.width() + fill.x;
                for (int x = 0; x < fill.width; x++) {
                    if (s[row + x] == FillRegion.FILL) v[row + x] = lo + big[y * fill.width + x] * span;
                }
            }
        }
    }

    /**
     * The values that map to 0 and 1 for channel c: 0 and 255 for 8-bit and RGB; else the robust range of the
     * window's known pixels (of the region's when the window has none).
     */
    private double[] range(FillRegion r, int c) {
        if (r.type() == Plane.Type.BYTE) return new double[] {0, 255};
        double[] known = knownValues(r, c, window);
        if (known.length == 0) known = knownValues(r, c, new Rectangle(0, 0, r.width(), r.height()));
        if (known.length == 0) return new double[] {r.displayMin(c), r.displayMax(c)};
        if (r.type() == Plane.Type.SHORT) return shortPercentiles(known, LOW_PERCENT / 100, HIGH_PERCENT / 100);
        return percentiles(known, LOW_PERCENT / 100, HIGH_PERCENT / 100);
    }

    /** As {@link #percentiles} for 16-bit values (0..65535 integers), by counting: the same ranks, faster. */
    static double[] shortPercentiles(double[] a, double low, double high) {
        int n = a.length;
        int kLo = (int) Math.floor(low * (n - 1)), kHi = (int) Math.ceil(high * (n - 1));
        int[] count = new int[65536];
        for (double v : a) count[(int) v]++;
        double[] out = new double[2];
        int seen = 0, want = 0;
        int[] ranks = {kLo, kHi};
        for (int v = 0; v < count.length && want < 2; v++) {
            seen += count[v];
            while (want < 2 && seen > ranks[want]) out[want++] = v;
        }
        return out;
    }

    private static double[] knownValues(FillRegion r, int c, Rectangle box) {
        byte[] s = r.state();
        double[] v = r.values()[c];
        double[] out = new double[box.width * box.height];
        int n = 0;
        for (int y = box.y; y < box.y + box.height; y++) {
            int row = y * r.width();
            for (int x = box.x; x < box.x + box.width; x++) {
                if (s[row + x] == FillRegion.KNOWN && Double.isFinite(v[row + x])) out[n++] = v[row + x];
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /**
     * The values of ranks floor(low * (n - 1)) and ceil(high * (n - 1)) of {@code a} (reordered), found by
     * selection in linear time rather than by sorting.
     */
    static double[] percentiles(double[] a, double low, double high) {
        int n = a.length;
        int kLo = (int) Math.floor(low * (n - 1)), kHi = (int) Math.ceil(high * (n - 1));
        double vLo = select(a, 0, n - 1, kLo);
        // after the first selection everything from kLo on is at least a[kLo]
        double vHi = select(a, kLo, n - 1, kHi);
        return new double[] {vLo, vHi};
    }

    /** The k-th smallest of a[from..to] (inclusive), partially reordering a (Hoare's selection). */
    private static double select(double[] a, int from, int to, int k) {
        while (from < to) {
            double pivot = a[(from + to) >>> 1];
            int i = from, j = to;
            while (i <= j) {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) {
                    double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) to = j;
            else if (k >= i) from = i;
            else return a[k];
        }
        return a[k];
    }
}
