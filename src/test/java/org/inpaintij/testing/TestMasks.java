package org.inpaintij.testing;

import java.util.SplittableRandom;

import org.inpaintij.core.Mask;

/** Reproducible defect masks of the kinds the fixtures README lists (full-image byte masks, 1 = defect). */
public final class TestMasks {

    private TestMasks() {}

    /** Scattered small blobs (radius 0 to 2: single dead pixels up to 13-pixel specks) until about {@code fraction} of the area is covered. */
    public static byte[] scatteredBlobs(int w, int h, double fraction, long seed) {
        byte[] m = new byte[w * h];
        SplittableRandom rnd = new SplittableRandom(seed);
        long target = Math.round(fraction * w * h), n = 0;
        while (n < target) {
            int cx = rnd.nextInt(w), cy = rnd.nextInt(h), r = rnd.nextInt(3);
            for (int y = cy - r; y <= cy + r; y++) {
                for (int x = cx - r; x <= cx + r; x++) {
                    if (x < 0 || y < 0 || x >= w || y >= h) continue;
                    if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r && m[y * w + x] == 0) {
                        m[y * w + x] = 1;
                        n++;
                    }
                }
            }
        }
        return m;
    }

    /** Random straight scratches 1 to 5 pixels wide covering about {@code fraction} of the area. */
    public static byte[] thinLines(int w, int h, double fraction, long seed) {
        byte[] m = new byte[w * h];
        SplittableRandom rnd = new SplittableRandom(seed);
        long target = Math.round(fraction * w * h), n = 0;
        while (n < target) {
            double x0 = rnd.nextDouble() * w, y0 = rnd.nextDouble() * h;
            double a = rnd.nextDouble() * Math.PI, len = 40 + rnd.nextDouble() * w / 3.0;
            double half = (1 + rnd.nextInt(5)) / 2.0;
            double dx = Math.cos(a), dy = Math.sin(a);
            for (double s = 0; s < len; s += 0.5) {
                double px = x0 + s * dx, py = y0 + s * dy;
                for (int y = (int) Math.floor(py - half); y <= (int) Math.ceil(py + half); y++) {
                    for (int x = (int) Math.floor(px - half); x <= (int) Math.ceil(px + half); x++) {
                        if (x < 0 || y < 0 || x >= w || y >= h || m[y * w + x] != 0) continue;
                        // distance from the pixel centre to the line through (px, py)
                        double d = Math.abs((x - x0) * dy - (y - y0) * dx);
                        if (d <= half - 0.5 + 1e-9 || (half < 1 && d <= 0.5)) {
                            m[y * w + x] = 1;
                            n++;
                        }
                    }
                }
            }
        }
        return m;
    }

    /** One square hole of the given size with its top-left corner at (x, y). */
    public static byte[] hole(int w, int h, int x, int y, int size) {
        byte[] m = new byte[w * h];
        for (int j = y; j < Math.min(h, y + size); j++) {
            for (int i = x; i < Math.min(w, x + size); i++) m[j * w + i] = 1;
        }
        return m;
    }

    /** As a {@link Mask}. */
    public static Mask mask(int w, int h, byte[] m) {
        return Mask.fromFull(w, h, m);
    }
}
