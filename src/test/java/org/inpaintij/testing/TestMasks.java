package org.inpaintij.testing;

import java.nio.file.Path;
import java.util.SplittableRandom;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;

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

    /**
     * Writes a {@code width} x {@code height} 8-bit PNG mask with one filled rectangle (255) at {@code x, y} of
     * {@code w} x {@code h} pixels, as a user's mask file for the command line; returns {@code png}.
     */
    public static Path rectangleFile(Path png, int width, int height, int x, int y, int w, int h) {
        ByteProcessor m = new ByteProcessor(width, height);
        m.setValue(255);
        m.setRoi(x, y, w, h);
        m.fill();
        if (!new FileSaver(new ImagePlus("mask", m)).saveAsPng(png.toString())) {
            throw new IllegalStateException("could not write " + png);
        }
        return png;
    }

    /**
     * One square hole of the given size at a relative position: {@code fx, fy} in 0..1 place its corner
     * between the top-left and bottom-right positions that keep it inside the image.
     */
    public static byte[] holeAt(int w, int h, double fx, double fy, int size) {
        return hole(w, h, (int) Math.round(fx * (w - size)), (int) Math.round(fy * (h - size)), size);
    }

    /** A band of the given width along the right edge of the image (the new border of an outpainting). */
    public static byte[] borderBand(int w, int h, int width) {
        byte[] m = new byte[w * h];
        for (int y = 0; y < h; y++) for (int x = Math.max(0, w - width); x < w; x++) m[y * w + x] = 1;
        return m;
    }

    /**
     * A burnt-in annotation as microscopes and cameras write it: a scale bar ({@code w/5} long, 6 pixels
     * high) near the bottom-right corner with a label above it in a 5x7 pixel font drawn at 3x (strokes 3
     * pixels wide), plus a time stamp near the top-left corner. Drawn from a fixed bitmap font, so every
     * machine makes the same mask.
     */
    public static byte[] annotation(int w, int h) {
        byte[] m = new byte[w * h];
        int barLen = w / 5, barX = w - barLen - w / 16, barY = h - h / 12;
        for (int y = barY; y < barY + 6; y++) for (int x = barX; x < barX + barLen; x++) set(m, w, h, x, y);
        text(m, w, h, "50 UM", barX, barY - 30, 3);
        text(m, w, h, "T=12.5S", w / 20, h / 20, 3);
        return m;
    }

    /** 5x7 glyphs, one row per string, '#' = ink. */
    private static final java.util.Map<Character, String[]> FONT = java.util.Map.ofEntries(
            java.util.Map.entry('0', new String[] {" ### ", "#   #", "#  ##", "# # #", "##  #", "#   #", " ### "}),
            java.util.Map.entry('1', new String[] {"  #  ", " ##  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### "}),
            java.util.Map.entry('2', new String[] {" ### ", "#   #", "    #", "   # ", "  #  ", " #   ", "#####"}),
            java.util.Map.entry('5', new String[] {"#####", "#    ", "#### ", "    #", "    #", "#   #", " ### "}),
            java.util.Map.entry('U', new String[] {"#   #", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "}),
            java.util.Map.entry('M', new String[] {"#   #", "## ##", "# # #", "# # #", "#   #", "#   #", "#   #"}),
            java.util.Map.entry('T', new String[] {"#####", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ", "  #  "}),
            java.util.Map.entry('S', new String[] {" ####", "#    ", "#    ", " ### ", "    #", "    #", "#### "}),
            java.util.Map.entry('=', new String[] {"     ", "     ", "#####", "     ", "#####", "     ", "     "}),
            java.util.Map.entry('.', new String[] {"     ", "     ", "     ", "     ", "     ", " ##  ", " ##  "}),
            java.util.Map.entry(' ', new String[] {"     ", "     ", "     ", "     ", "     ", "     ", "     "}));

    private static void text(byte[] m, int w, int h, String s, int x0, int y0, int scale) {
        for (int k = 0; k < s.length(); k++) {
            String[] g = FONT.get(s.charAt(k));
            if (g == null) throw new IllegalArgumentException("no glyph for '" + s.charAt(k) + "'");
            int gx = x0 + k * 6 * scale;
            for (int r = 0; r < 7; r++) {
                for (int c = 0; c < 5; c++) {
                    if (g[r].charAt(c) != '#') continue;
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) set(m, w, h, gx + c * scale + dx, y0 + r * scale + dy);
                    }
                }
            }
        }
    }

    private static void set(byte[] m, int w, int h, int x, int y) {
        if (x >= 0 && y >= 0 && x < w && y < h) m[y * w + x] = 1;
    }

    /** Number of set pixels. */
    public static int count(byte[] m) {
        int n = 0;
        for (byte b : m) if (b != 0) n++;
        return n;
    }

    /** As a {@link Mask}. */
    public static Mask mask(int w, int h, byte[] m) {
        return Mask.fromFull(w, h, m);
    }
}
