package org.inpaintij.core;

import java.awt.Rectangle;

/**
 * The computed fill of one region: the pixels it owns in {@code bounds}, an optional feather weight per
 * pixel, and the fill values per channel. Applying it changes only the owned pixels.
 *
 * @param bounds the crop, image coordinates
 * @param own 1 where this region writes
 * @param weight fill weight at owned pixels (1 = fill only), or null for no feathering
 * @param values channel values over the crop
 * @param notes what the engine recorded ({@code key=value}), for provenance
 */
public record RegionFill(Rectangle bounds, byte[] own, float[] weight, double[][] values, java.util.List<String> notes) {

    /** Writes the fill into the plane: only owned pixels change. */
    public void applyTo(Plane plane) {
        int w = bounds.width;
        for (int y = 0; y < bounds.height; y++) {
            int x = 0;
            while (x < w) {
                // one run of owned pixels at a time
                while (x < w && own[y * w + x] == 0) x++;
                int start = x;
                while (x < w && own[y * w + x] != 0) x++;
                if (x > start) writeRun(plane, y, start, x - start);
            }
        }
    }

    /** Writes the owned pixels x0..x0 + n - 1 of row y of the crop. */
    private void writeRun(Plane plane, int y, int x0, int n) {
        int i0 = y * bounds.width + x0, iy = bounds.y + y;
        if (weight == null) {
            plane.setPixels(iy, bounds.x + x0, n, values, i0);
            return;
        }
        for (int c = 0; c < values.length; c++) {
            for (int i = i0; i < i0 + n; i++) {
                double v = values[c][i];
                int ix = bounds.x + x0 + i - i0;
                if (weight[i] < 1f) {
                    double old = plane.get(c, ix, iy);
                    // an unknown old value (NaN) never leaks into the result
                    if (Double.isFinite(old)) v = weight[i] * v + (1 - weight[i]) * old;
                }
                plane.set(c, ix, iy, v);
            }
        }
    }

    /** The same fill moved by (dx, dy), for writing into a crop of the image. */
    public RegionFill translated(int dx, int dy) {
        Rectangle b = new Rectangle(bounds);
        b.translate(dx, dy);
        return new RegionFill(b, own, weight, values, notes);
    }

    /** The part of this fill over a sub-rectangle, owning the given pixels there. */
    RegionFill cropTo(Rectangle r, byte[] subOwn, float[] subWeight) {
        double[][] v = new double[values.length][r.width * r.height];
        for (int c = 0; c < values.length; c++) {
            for (int y = 0; y < r.height; y++) {
                System.arraycopy(values[c], (r.y - bounds.y + y) * bounds.width + (r.x - bounds.x), v[c], y * r.width,
                        r.width);
            }
        }
        return new RegionFill(new Rectangle(r), subOwn, subWeight, v, notes);
    }
}
