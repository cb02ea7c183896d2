package org.inpaintij.learned;

import java.awt.Rectangle;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.inpaintij.core.ArrayPlane;
import org.inpaintij.core.FillPlan;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Monitor;
import org.inpaintij.core.PlaneFill;
import org.inpaintij.core.Requests;
import org.inpaintij.testing.TestMasks;

/**
 * The tiny LaMa and MI-GAN graphs of {@code src/test/python/make_learned_models.py} and what they compute: every
 * pixel to fill gets the mean of the known pixels of its row in the model's input (per channel), known pixels
 * come back as they went in.
 */
public final class TinyLearned {

    /** LaMa contract, fixed at 512 x 512. */
    public static final String LAMA_512 = "lama-512";
    /** LaMa contract, any size. */
    public static final String LAMA_DYNAMIC = "lama-dynamic";
    /** MI-GAN contract, fixed at 512 x 512. */
    public static final String MIGAN_512 = "migan-512";
    /** MI-GAN contract, any size. */
    public static final String MIGAN_DYNAMIC = "migan-dynamic";

    private TinyLearned() {}

    /** The graph file of a tiny model (in the test class path). */
    public static Path graph(String name) {
        try {
            return Path.of(TinyLearned.class.getResource("/learned/" + name + ".onnx").toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test model " + name + " is missing: run make_learned_models.py", e);
        }
    }

    /** The method a graph is for. */
    public static String method(String name) {
        return name.startsWith("migan") ? "migan" : "lama";
    }

    /** A request for the graph's method with the graph's path as model, plus {@code key, value} pairs. */
    public static InpaintRequest request(String name, String... more) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("method", method(name));
        v.put("model", graph(name).toString());
        v.put("device", "cpu");
        for (int i = 0; i < more.length; i += 2) v.put(more[i], more[i + 1]);
        return Requests.parse(v);
    }

    /** Fills the plane's masked pixels in place. */
    public static PlaneFill fill(ArrayPlane p, byte[] mask, InpaintRequest req) {
        PlaneFill f = FillPlan.of(TestMasks.mask(p.width(), p.height(), mask), req).run(p, Monitor.NONE);
        f.applyTo(p);
        return f;
    }

    /**
     * What a tiny model writes at a pixel to fill when it sees {@code window} (image coordinates) at its own size:
     * the mean of the known (unmasked, finite) pixels of channel c in the window's row y.
     */
    public static double rowMean(double[] channel, byte[] mask, int width, Rectangle window, int y) {
        double sum = 0;
        int n = 0;
        for (int x = window.x; x < window.x + window.width; x++) {
            int i = y * width + x;
            if (mask[i] == 0 && Double.isFinite(channel[i])) {
                sum += channel[i];
                n++;
            }
        }
        return sum / n;
    }

    /** A textured 8-bit channel: no two neighbouring rows alike, so a row mean taken from the wrong row shows. */
    public static double[] texture(int w, int h, int seed) {
        double[] v = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) v[y * w + x] = (x * (7 + seed) + y * 29 + (x * y + seed) % 23) % 256;
        }
        return v;
    }

    /** A mask with a filled rectangle. */
    public static byte[] rect(int w, int h, Rectangle r) {
        byte[] m = new byte[w * h];
        for (int y = r.y; y < r.y + r.height; y++) for (int x = r.x; x < r.x + r.width; x++) m[y * w + x] = 1;
        return m;
    }
}
