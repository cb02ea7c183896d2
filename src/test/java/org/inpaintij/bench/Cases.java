package org.inpaintij.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.inpaintij.core.Plane;
import org.inpaintij.testing.Fixtures;
import org.inpaintij.testing.TestMasks;
import org.inpaintij.testing.Textures;

/** The benchmark's images (every bit depth) and masks, all reproducible from the fixtures. */
final class Cases {

    private Cases() {}

    /**
     * An image in one bit depth: its ground truth in its own units, channel-separated.
     *
     * @param name fixture name without extension, or a made-up name for derived images
     * @param depth 8, 16 or 32
     * @param peak the data range, for PSNR and SSIM
     */
    record Image(String name, int depth, int width, int height, Plane.Type type, double peak, double[][] truth) {
        String label() {
            return name + " " + depth + "-bit" + (truth.length == 3 ? " RGB" : "");
        }

        String dtype() {
            return depth == 8 ? "|u1" : depth == 16 ? "<u2" : "<f4";
        }
    }

    /**
     * One fill to measure.
     *
     * @param id file-name-safe identifier
     * @param maskClass dots, lines, hole, texture, text, band (or a speed-case name)
     * @param mask 1 = fill
     * @param peers the peers that fill it too
     * @param repeat timed runs (the median is reported)
     */
    record Case(String id, Image image, String maskClass, String maskLabel, byte[] mask, List<String> peers,
            int repeat) {}

    /** Offset added to the 32-bit variants, so that their units share neither scale nor zero with 8-bit. */
    static final double FLOAT_OFFSET = 0.25;

    /** The fixture image in 8, 16 (x 257) and 32 bits (/ 255 + 0.25); RGB only in 8 bits, as ImageJ has it. */
    static List<Image> variants(String file) {
        int[] s = Fixtures.size(file);
        return variants(file.replace(".png", ""), Fixtures.channels(file), s[0], s[1]);
    }

    /** Side of the synthetic texture images. */
    static final int TEXTURE_SIZE = 512;

    /** A synthetic texture ({@link Textures}) in 8, 16 and 32 bits, as {@link #variants(String)} makes them. */
    static List<Image> textureVariants(String name) {
        int n = TEXTURE_SIZE;
        return variants(name, new double[][] {Textures.make(name, n, n)}, n, n);
    }

    private static List<Image> variants(String name, double[][] t8, int w, int h) {
        List<Image> out = new ArrayList<>();
        out.add(new Image(name, 8, w, h, Plane.Type.BYTE, 255, t8));
        if (t8.length == 1) {
            out.add(new Image(name, 16, w, h, Plane.Type.SHORT, 65535, map(t8, v -> v * 257)));
            out.add(new Image(name, 32, w, h, Plane.Type.FLOAT, 1.0, map(t8, v -> (float) (v / 255 + FLOAT_OFFSET))));
        }
        return out;
    }

    /** The mask classes of the quality suite for an image of that size; the same masks for every depth. */
    static Map<String, byte[]> qualityMasks(int w, int h) {
        Map<String, byte[]> m = new java.util.LinkedHashMap<>();
        m.put("dots", TestMasks.scatteredBlobs(w, h, 0.02, 11));
        m.put("lines", TestMasks.thinLines(w, h, 0.02, 12));
        m.put("hole-c", TestMasks.holeAt(w, h, 0.5, 0.5, 64));
        m.put("hole-tl", TestMasks.holeAt(w, h, 0.2, 0.25, 64));
        m.put("hole-br", TestMasks.holeAt(w, h, 0.8, 0.75, 64));
        m.put("text", TestMasks.annotation(w, h));
        m.put("band", TestMasks.borderBand(w, h, 24));
        return m;
    }

    /**
     * The 64x64 holes of the texture class on an image: placed in its textured regions, chosen by eye before any
     * fill was measured there (brick.png everywhere, the grass of camera.png, the mottled background of
     * cell.png, the synthetic textures everywhere); none on an image without a large textured region.
     */
    static Map<String, byte[]> textureHoles(String image, int w, int h) {
        Map<String, byte[]> m = new java.util.LinkedHashMap<>();
        double[][] at = switch (image) {
            case "brick" -> new double[][] {{0.5, 0.5}, {0.2, 0.25}, {0.8, 0.75}};
            case "camera" -> new double[][] {{0.8, 0.75}, {0.92, 0.9}};
            case "cell" -> new double[][] {{0.15, 0.15}, {0.15, 0.85}, {0.85, 0.15}};
            default -> Textures.NAMES.contains(image) ? new double[][] {{0.3, 0.3}, {0.7, 0.7}} : new double[0][];
        };
        for (double[] a : at) {
            String key = String.format(java.util.Locale.ROOT, "texture-%02d-%02d", Math.round(a[0] * 100),
                    Math.round(a[1] * 100));
            m.put(key, TestMasks.holeAt(w, h, a[0], a[1], 64));
        }
        return m;
    }

    /** The class a quality mask belongs to (the hole positions are one class, the textured holes another). */
    static String classOf(String maskKey) {
        return maskKey.startsWith("hole") ? "hole" : maskKey.startsWith("texture") ? "texture" : maskKey;
    }

    /** camera.png scaled to 1408 x 1408 (bilinear), the size of the speed targets. */
    static Image camera1408() {
        double[][] t = Fixtures.channels("camera.png");
        int[] s = Fixtures.size("camera.png");
        int n = 1408;
        double[] out = new double[n * n];
        for (int y = 0; y < n; y++) {
            double fy = Math.min(s[1] - 1.0, Math.max(0, (y + 0.5) * s[1] / n - 0.5));
            int y0 = Math.min(s[1] - 2, (int) fy);
            double ay = fy - y0;
            for (int x = 0; x < n; x++) {
                double fx = Math.min(s[0] - 1.0, Math.max(0, (x + 0.5) * s[0] / n - 0.5));
                int x0 = Math.min(s[0] - 2, (int) fx);
                double ax = fx - x0;
                double v = (1 - ay) * ((1 - ax) * t[0][y0 * s[0] + x0] + ax * t[0][y0 * s[0] + x0 + 1])
                        + ay * ((1 - ax) * t[0][(y0 + 1) * s[0] + x0] + ax * t[0][(y0 + 1) * s[0] + x0 + 1]);
                out[y * n + x] = Math.rint(v);
            }
        }
        return new Image("camera1408", 8, n, n, Plane.Type.BYTE, 255, new double[][] {out});
    }

    private static double[][] map(double[][] a, java.util.function.DoubleUnaryOperator f) {
        double[][] o = new double[a.length][];
        for (int c = 0; c < a.length; c++) {
            o[c] = new double[a[c].length];
            for (int i = 0; i < o[c].length; i++) o[c][i] = f.applyAsDouble(a[c][i]);
        }
        return o;
    }
}
