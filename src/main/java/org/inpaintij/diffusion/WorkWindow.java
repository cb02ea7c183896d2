package org.inpaintij.diffusion;

import java.awt.Rectangle;

import org.inpaintij.core.FillRegion;
import org.inpaintij.core.Plane;
import org.inpaintij.core.Resample;

/**
 * The part of a region a model sees, and the conversions in and out of the model's RGB [0, 1] at its working
 * size: the mask's bounding box grown by {@code context}, made square where the image allows (the models are
 * trained on squares), scaled so its longer side is {@code resolution} (sides rounded to multiples of 8).
 *
 * <p>Values map through each channel's display range (8-bit and RGB: 0..255), so 16-bit and 32-bit fills come
 * back at the right intensity in data units. Grayscale goes in as three equal channels and comes back as
 * luminance (Rec. 601 weights).
 */
public final class WorkWindow {

    private final Rectangle window;
    private final int width, height;

    private WorkWindow(Rectangle window, int width, int height) {
        this.window = window;
        this.width = width;
        this.height = height;
    }

    /** Margin the engine must ask for around a component of the given size so that the square fits. */
    public static int margin(int componentWidth, int componentHeight, int context) {
        return context + Math.abs(componentWidth - componentHeight) / 2 + 1;
    }

    /** The window of {@code region}'s pixels to fill, grown by {@code context}, at {@code resolution}. */
    public static WorkWindow choose(FillRegion region, int context, int resolution) {
        return choose(region, context, resolution, false);
    }

    /**
     * As {@link #choose(FillRegion, int, int)}; with {@code square}, the working size is resolution x resolution
     * whatever the window's shape (for models exported at one fixed size).
     */
    public static WorkWindow choose(FillRegion region, int context, int resolution, boolean square) {
        return choose(region, context, resolution, square, 8);
    }

    /**
     * As {@link #choose(FillRegion, int, int, boolean)}, with working sides rounded to multiples of {@code multiple}
     * pixels (8 for Stable Diffusion, 16 for Z-Image).
     */
    public static WorkWindow choose(FillRegion region, int context, int resolution, boolean square, int multiple) {
        Rectangle b = fillBounds(region);
        int side = Math.max(b.width, b.height) + 2 * context;
        int w = Math.min(side, region.width()), h = Math.min(side, region.height());
        int x = clamp(b.x + b.width / 2 - w / 2, 0, region.width() - w);
        int y = clamp(b.y + b.height / 2 - h / 2, 0, region.height() - h);
        Rectangle win = new Rectangle(x, y, w, h).union(b);
        double scale = resolution / (double) Math.max(win.width, win.height);
        int m = multiple;
        int ww = square ? resolution : Math.max(m, (int) Math.round(win.width * scale / m) * m);
        int wh = square ? resolution : Math.max(m, (int) Math.round(win.height * scale / m) * m);
        return new WorkWindow(win, ww, wh);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static Rectangle fillBounds(FillRegion r) {
        int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
        byte[] s = r.state();
        for (int y = 0; y < r.height(); y++) {
            for (int x = 0; x < r.width(); x++) {
                if (s[y * r.width() + x] != FillRegion.FILL) continue;
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
            }
        }
        if (maxX < 0) throw new IllegalArgumentException("region has nothing to fill");
        return new Rectangle(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    /** The window, in the region's coordinates. */
    public Rectangle window() {
        return new Rectangle(window);
    }

    /** Working width, a multiple of the pipeline's size multiple (8 or 16). */
    public int width() {
        return width;
    }

    /** Working height, a multiple of the pipeline's size multiple (8 or 16). */
    public int height() {
        return height;
    }

    /**
     * The window as RGB planes in [0, 1] at the working size. Pixels that are not data (NaN, or another region's
     * mask) take the mean of the window's known pixels; pixels to fill keep their values (a strength below 1
     * starts from them).
     */
    public float[][] toModel(FillRegion r) {
        int n = window.width * window.height;
        float[][] rgb = new float[3][];
        double[][] v = r.values();
        byte[] s = r.state();
        for (int c = 0; c < 3; c++) {
            int src = Math.min(c, r.channels() - 1);
            if (c > 0 && r.channels() == 1) {
                rgb[c] = rgb[0].clone();
                continue;
            }
            double lo = lo(r, src), span = span(r, src);
            double mean = knownMean(r, src);
            float[] plane = new float[n];
            for (int y = 0; y < window.height; y++) {
                for (int x = 0; x < window.width; x++) {
                    int i = (window.y + y) * r.width() + window.x + x;
                    double d = s[i] == FillRegion.MISSING || !Double.isFinite(v[src][i]) ? mean : v[src][i];
                    plane[y * window.width + x] = (float) Math.max(0, Math.min(1, (d - lo) / span));
                }
            }
            rgb[c] = Resample.resize(plane, window.width, window.height, width, height);
        }
        return rgb;
    }

    /**
     * The mask at the working size, 1 = repaint: a working pixel is repainted when any region pixel under it is
     * to be filled, so no pixel to fill is left to the original's content.
     */
    public float[] maskToModel(FillRegion r) {
        float[] m = new float[window.width * window.height];
        byte[] s = r.state();
        for (int y = 0; y < window.height; y++) {
            for (int x = 0; x < window.width; x++) {
                if (s[(window.y + y) * r.width() + window.x + x] == FillRegion.FILL) m[y * window.width + x] = 1;
            }
        }
        float[] small = Resample.resize(m, window.width, window.height, width, height);
        for (int i = 0; i < small.length; i++) small[i] = small[i] > 1e-3f ? 1f : 0f;
        return small;
    }

    /**
     * The model's RGB result back in the region's channels and units, over the window (window.width x
     * window.height per channel).
     */
    public double[][] fromModel(float[][] rgb, FillRegion r) {
        float[][] big = new float[3][];
        for (int c = 0; c < 3; c++) big[c] = Resample.resize(rgb[c], width, height, window.width, window.height);
        int n = window.width * window.height;
        double[][] out = new double[r.channels()][n];
        for (int c = 0; c < r.channels(); c++) {
            double lo = lo(r, c), span = span(r, c);
            for (int i = 0; i < n; i++) {
                double unit = r.channels() == 1 ? 0.299 * big[0][i] + 0.587 * big[1][i] + 0.114 * big[2][i] : big[c][i];
                out[c][i] = lo + unit * span;
            }
        }
        return out;
    }

    private static double lo(FillRegion r, int c) {
        return r.type() == Plane.Type.FLOAT || r.type() == Plane.Type.SHORT ? r.displayMin(c) : 0;
    }

    /** The span of the display range; a flat range falls back to 1 so the mapping stays defined. */
    private static double span(FillRegion r, int c) {
        if (r.type() == Plane.Type.BYTE) return 255;
        double s = r.displayMax(c) - r.displayMin(c);
        return s > 0 && Double.isFinite(s) ? s : 1;
    }

    private double knownMean(FillRegion r, int c) {
        double sum = 0;
        long k = 0;
        byte[] s = r.state();
        double[] v = r.values()[c];
        for (int y = window.y; y < window.y + window.height; y++) {
            for (int x = window.x; x < window.x + window.width; x++) {
                int i = y * r.width() + x;
                if (s[i] == FillRegion.KNOWN) {
                    sum += v[i];
                    k++;
                }
            }
        }
        return k == 0 ? lo(r, c) : sum / k;
    }
}
