package org.inpaintij.classical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.inpaintij.core.ArrayPlane;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Plane;
import org.inpaintij.testing.Fixtures;
import org.inpaintij.testing.Metrics;
import org.inpaintij.testing.TestMasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** harmonic and biharmonic: exact on the functions they must reproduce, bounded, and better where they should be. */
class SmoothFillTest {

    /**
     * A cubic with vanishing discrete bilaplacian, increasing in x and y (so the clamp to the surroundings'
     * range never acts): biharmonic must give it back exactly, through the direct solve (small holes) and
     * through multigrid (large ones).
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 6, 20, 48})
    void biharmonicReproducesACubic(int size) {
        int w = 96, h = 80;
        double[] f = Fills.sample(w, h, (x, y) -> 100 + 3 * x + 2 * y + 0.001 * x * x * x + 0.002 * x * y * y);
        byte[] m = TestMasks.hole(w, h, 30, 25, size);
        double[][] out = Fills.fill(new double[][] {f}, w, h, Plane.Type.FLOAT, m, "biharmonic");
        // float storage: 1e-7 of the values, which reach about 1100
        for (int i = 0; i < f.length; i++) assertEquals(f[i], out[0][i], 2e-4, "pixel " + i + ", hole " + size);
    }

    /**
     * At the image border the fill sees a mirror: a cubic along the border (constant across it) is still
     * reproduced exactly by a hole that touches the border.
     */
    @ParameterizedTest
    @ValueSource(ints = {4, 30})
    void biharmonicMirrorsAtTheImageBorder(int size) {
        int w = 70, h = 90;
        double[] f = Fills.sample(w, h, (x, y) -> 20 + 1.5 * y + 0.0004 * y * y * y);
        byte[] m = TestMasks.hole(w, h, 0, 30, size);
        double[][] out = Fills.fill(new double[][] {f}, w, h, Plane.Type.FLOAT, m, "biharmonic");
        for (int i = 0; i < f.length; i++) assertEquals(f[i], out[0][i], 2e-4, "pixel " + i);
    }

    /** harmonic reproduces harmonic polynomials (x² - y², xy, linear) exactly, any hole size. */
    @ParameterizedTest
    @ValueSource(ints = {2, 10, 40})
    void harmonicReproducesAHarmonicPolynomial(int size) {
        int w = 90, h = 70;
        double[] f = Fills.sample(w, h, (x, y) -> 500 + 0.05 * (x * x - y * y) + 0.03 * x * y - 2 * x + y);
        byte[] m = TestMasks.hole(w, h, 20, 15, size);
        double[][] out = Fills.fill(new double[][] {f}, w, h, Plane.Type.FLOAT, m, "harmonic");
        for (int i = 0; i < f.length; i++) assertEquals(f[i], out[0][i], 2e-4);
    }

    /** On smooth content biharmonic continues slopes where harmonic flattens: several dB better. */
    @Test
    void biharmonicBeatsHarmonicOnSmoothContent() {
        int w = 256, h = 256;
        double[] f = Fills.sample(w, h, (x, y) -> 128 + 60 * Math.sin(x / 9.0) * Math.cos(y / 13.0) + 0.2 * x);
        byte[] m = TestMasks.scatteredBlobs(w, h, 0.02, 5);
        double bi = Metrics.psnr(f, Fills.fill(new double[][] {f}, w, h, Plane.Type.FLOAT, m, "biharmonic")[0], m, 255);
        double ha = Metrics.psnr(f, Fills.fill(new double[][] {f}, w, h, Plane.Type.FLOAT, m, "harmonic")[0], m, 255);
        assertTrue(bi > ha + 10, "biharmonic " + bi + " dB, harmonic " + ha + " dB");
    }

    /**
     * Next to a strong edge a thin plate overshoots far beyond its surroundings; the fill must stay within
     * the range of the known pixels its equations read, which here (a step from 10 to 200) it would leave.
     */
    @Test
    void biharmonicIsClampedToItsSurroundings() {
        int w = 120, h = 120;
        double[] f = Fills.sample(w, h, (x, y) -> x < 60 ? 10 + 0.5 * (60 - x) * (60 - x) / 60.0 : 200);
        byte[] m = TestMasks.hole(w, h, 40, 40, 40);
        double[][] out = Fills.fill(new double[][] {f}, w, h, Plane.Type.FLOAT, m, "biharmonic");
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int y = 38; y < 82; y++) {
            for (int x = 38; x < 82; x++) {
                if (m[y * w + x] != 0) continue;
                lo = Math.min(lo, f[y * w + x]);
                hi = Math.max(hi, f[y * w + x]);
            }
        }
        for (int i = 0; i < m.length; i++) {
            if (m[i] == 0) continue;
            assertTrue(out[0][i] >= lo && out[0][i] <= hi, "pixel " + i + ": " + out[0][i] + " outside " + lo + ".." + hi);
        }
    }

    /**
     * NaN pixels around a hole are absent, not values: the fill stays finite and exact for a function the
     * method reproduces; pixels walled in by NaN get a finite value too.
     */
    @Test
    void nanSurroundingsAreAbsent() {
        int w = 64, h = 64;
        // constant across the NaN wall, so that the wall (a mirror, like an image border) changes nothing
        double[] f = Fills.sample(w, h, (x, y) -> 40 - 0.3 * y);
        double[] d = f.clone();
        byte[] m = TestMasks.hole(w, h, 20, 20, 12);
        for (int y = 18; y < 34; y++) d[y * w + 33] = Double.NaN; // a NaN wall along the hole's right side
        for (int y = 50; y < 55; y++) for (int x = 50; x < 55; x++) d[y * w + x] = Double.NaN;
        m[52 * w + 52] = 1; // a pixel to fill inside the NaN block: nothing known reaches it
        for (String method : new String[] {"harmonic", "biharmonic"}) {
            double[] data = d.clone();
            for (int i = 0; i < m.length; i++) if (m[i] != 0) data[i] = 0;
            ArrayPlane p = new ArrayPlane(w, h, Plane.Type.FLOAT, data);
            Fills.compute(p, m, InpaintRequest.defaults(method)).applyTo(p);
            for (int i = 0; i < m.length; i++) {
                if (m[i] == 0) continue;
                assertTrue(Double.isFinite(data[i]), method + " left " + data[i] + " at " + i);
                if (i != 52 * w + 52) assertEquals(f[i], data[i], 1e-3, method + " at pixel " + i);
            }
        }
    }

    /** On real images with 2% scattered defects biharmonic is at least as good as harmonic, and far better on brick. */
    @Test
    void biharmonicOnRealImages() {
        for (String name : Fixtures.imageNames()) {
            int[] s = Fixtures.size(name);
            double[][] t = Fixtures.channels(name);
            byte[] m = TestMasks.scatteredBlobs(s[0], s[1], 0.02, 42);
            double bi = Metrics.psnr(t, Fills.fill(t, s[0], s[1], Plane.Type.BYTE, m, "biharmonic"), m, 255);
            double ha = Metrics.psnr(t, Fills.fill(t, s[0], s[1], Plane.Type.BYTE, m, "harmonic"), m, 255);
            assertTrue(bi >= ha, name + ": biharmonic " + bi + " dB < harmonic " + ha + " dB");
            if (name.equals("brick.png")) assertTrue(bi > ha + 3, "brick: biharmonic " + bi + ", harmonic " + ha);
        }
    }
}
