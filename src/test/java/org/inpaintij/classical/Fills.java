package org.inpaintij.classical;

import org.inpaintij.core.ArrayPlane;
import org.inpaintij.core.FillPlan;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Monitor;
import org.inpaintij.core.Plane;
import org.inpaintij.core.PlaneFill;
import org.inpaintij.testing.Fixtures;
import org.inpaintij.testing.TestMasks;
import org.inpaintij.testing.Textures;

/** Running a method on plain arrays, as the tests need it. */
final class Fills {

    private Fills() {}

    /** The image with the mask's pixels zeroed (NaN for float data when asked), as a plane of the given type. */
    static ArrayPlane damaged(double[][] truth, int w, int h, Plane.Type type, byte[] mask) {
        double[][] d = new double[truth.length][];
        for (int c = 0; c < truth.length; c++) {
            d[c] = truth[c].clone();
            for (int i = 0; i < mask.length; i++) if (mask[i] != 0) d[c][i] = 0;
        }
        return new ArrayPlane(w, h, type, d);
    }

    /** Computes the fill of the masked pixels (nothing written yet). */
    static PlaneFill compute(ArrayPlane plane, byte[] mask, InpaintRequest request) {
        return FillPlan.of(TestMasks.mask(plane.width(), plane.height(), mask), request).run(plane, Monitor.NONE);
    }

    /** Fills the masked pixels in place with the method's defaults and returns the plane's channels. */
    static double[][] fill(double[][] truth, int w, int h, Plane.Type type, byte[] mask, String method) {
        return fill(truth, w, h, type, mask, InpaintRequest.defaults(method));
    }

    static double[][] fill(double[][] truth, int w, int h, Plane.Type type, byte[] mask, InpaintRequest request) {
        ArrayPlane p = damaged(truth, w, h, type, mask);
        compute(p, mask, request).applyTo(p);
        double[][] out = new double[p.channels()][];
        for (int c = 0; c < out.length; c++) out[c] = p.channel(c);
        return out;
    }

    /** An image to fill and its size. */
    record Picture(double[][] channels, int width, int height) {}

    /** A fixture image (a name ending in .png) or a synthetic texture of {@link Textures}, 512 x 512. */
    static Picture picture(String name) {
        if (name.endsWith(".png")) {
            int[] size = Fixtures.size(name);
            return new Picture(Fixtures.channels(name), size[0], size[1]);
        }
        return new Picture(new double[][] {Textures.make(name, 512, 512)}, 512, 512);
    }

    /** A full-image function sampled on the grid. */
    static double[] sample(int w, int h, Field f) {
        double[] out = new double[w * h];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) out[y * w + x] = f.at(x, y);
        return out;
    }

    /** A function of the pixel position. */
    interface Field {
        double at(int x, int y);
    }
}
