package org.inpaintij.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import org.inpaintij.core.FillPlan;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Mask;
import org.inpaintij.core.Monitor;
import org.inpaintij.core.PlaneFill;
import org.inpaintij.ij.ImagePlane;

/** Runs this project's methods in process, on ImageJ processors as the plugin does, and times them warm. */
final class Ours {

    private Ours() {}

    /**
     * A fill and its median time.
     *
     * @param choice for auto, the methods it chose (as its notes in the image's Info say), else null
     */
    record Run(double[][] output, double seconds, int runs, String choice) {}

    /**
     * Fills the case with {@code method}: {@code repeat} timed runs on fresh copies of the damaged image, the
     * median reported. What is timed is what the plugin does per image: plan the mask, fill, write back.
     */
    static Run run(Cases.Case c, String method, int repeat) {
        return run(c, method, repeat, null);
    }

    /** As {@link #run(Cases.Case, String, int)} with a seed (null: the method's default). */
    static Run run(Cases.Case c, String method, int repeat, Long seed) {
        Cases.Image img = c.image();
        Mask mask = Mask.fromFull(img.width(), img.height(), c.mask());
        InpaintRequest req = InpaintRequest.defaults(method).withSeed(seed);
        double[] times = new double[Math.max(1, repeat)];
        ImageProcessor ip = null;
        PlaneFill fill = null;
        for (int r = 0; r < times.length; r++) {
            ip = damaged(img, c.mask());
            ImagePlane plane = new ImagePlane(ip);
            long t0 = System.nanoTime();
            FillPlan plan = FillPlan.of(mask, req);
            fill = plan.run(plane, Monitor.NONE);
            fill.applyTo(plane);
            times[r] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(times);
        String choice = null;
        if (method.equals("auto")) {
            List<String> chosen = new ArrayList<>();
            for (String note : fill.noteCounts().keySet()) {
                if (note.startsWith("auto=")) chosen.add(note.substring(5));
            }
            choice = String.join(", ", chosen);
        }
        return new Run(read(ip, img.truth().length), times[times.length / 2], times.length, choice);
    }

    /** The image with the mask's pixels set to 0, as an ImageJ processor of the image's type. */
    static ImageProcessor damaged(Cases.Image img, byte[] mask) {
        int w = img.width(), h = img.height(), n = w * h;
        double[][] t = img.truth();
        if (t.length == 3) {
            int[] px = new int[n];
            for (int i = 0; i < n; i++) {
                if (mask[i] == 0) px[i] = ((int) t[0][i] << 16) | ((int) t[1][i] << 8) | (int) t[2][i];
            }
            return new ColorProcessor(w, h, px);
        }
        return switch (img.depth()) {
            case 8 -> {
                byte[] px = new byte[n];
                for (int i = 0; i < n; i++) if (mask[i] == 0) px[i] = (byte) (int) t[0][i];
                yield new ByteProcessor(w, h, px);
            }
            case 16 -> {
                short[] px = new short[n];
                for (int i = 0; i < n; i++) if (mask[i] == 0) px[i] = (short) (int) t[0][i];
                yield new ShortProcessor(w, h, px, null);
            }
            default -> {
                float[] px = new float[n];
                for (int i = 0; i < n; i++) if (mask[i] == 0) px[i] = (float) t[0][i];
                yield new FloatProcessor(w, h, px);
            }
        };
    }

    /** The processor's values, channel-separated. */
    static double[][] read(ImageProcessor ip, int channels) {
        ImagePlane p = new ImagePlane(ip);
        int w = p.width(), h = p.height();
        double[][] out = new double[channels][w * h];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) out[c][y * w + x] = p.get(c, x, y);
        }
        return out;
    }
}
