package org.inpaintij.classical;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.util.List;
import java.util.Map;

import org.inpaintij.core.ArrayPlane;
import org.inpaintij.core.FillRegion;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Mask;
import org.inpaintij.core.Plane;
import org.inpaintij.core.PlaneFill;
import org.inpaintij.testing.Fixtures;
import org.inpaintij.testing.Metrics;
import org.inpaintij.testing.TestMasks;
import org.junit.jupiter.api.Test;

/** auto's rule: biharmonic for small defects; patch for holes in texture; else the smooth fill its probes find best. */
class AutoEngineTest {

    @Test
    void thinAndThickRegions() {
        int w = 100, h = 100;
        Mask.Component line = TestMasks.mask(w, h, TestMasks.thinLines(w, h, 0.01, 3)).components().get(0);
        Mask.Component dot = TestMasks.mask(w, h, TestMasks.hole(w, h, 10, 10, 3)).components().get(0);
        Mask.Component square = TestMasks.mask(w, h, TestMasks.hole(w, h, 10, 10, 12)).components().get(0);
        assertTrue(AutoEngine.isThin(line) && AutoEngine.isThin(dot));
        assertFalse(AutoEngine.isThin(square));
    }

    /** auto hands textured holes to patch, so a patch size and a seed given with method=auto are read. */
    @Test
    void readsTheOptionsOfTheMethodsItHandsRegionsTo() {
        java.util.Set<org.inpaintij.core.Option> reads = new AutoEngine().reads();
        assertTrue(reads.contains(org.inpaintij.core.Option.PATCH) && reads.contains(org.inpaintij.core.Option.SEED),
                reads.toString());
    }

    /** Small defects get exactly the biharmonic fill. */
    @Test
    void smallDefectsAreBiharmonic() {
        int w = 384, h = 303;
        double[][] t = Fixtures.channels("coins.png");
        byte[] m = TestMasks.scatteredBlobs(w, h, 0.02, 9);
        ArrayPlane p = Fills.damaged(t, w, h, Plane.Type.BYTE, m);
        PlaneFill auto = Fills.compute(p, m, InpaintRequest.defaults("auto"));
        PlaneFill bi = Fills.compute(p, m, InpaintRequest.defaults("biharmonic"));
        auto.applyTo(p);
        double[] a = p.channel(0).clone();
        bi.applyTo(p);
        assertArrayEquals(p.channel(0), a);
        assertEquals(Map.of("auto=biharmonic", (int) TestMasks.mask(w, h, m).components().size()), auto.noteCounts());
    }

    /** A hole in repeating texture is restored best by patch, a hole in smooth shading by a smooth fill. */
    @Test
    void holesGetTheMethodTheirSurroundingsCallFor() {
        int w = 512, h = 512;
        byte[] m = TestMasks.holeAt(w, h, 0.5, 0.5, 64);
        assertEquals(Map.of("auto=patch", 1), chosen(Fixtures.channels("brick.png"), w, h, m));
        double[] shading = Fills.sample(w, h, (x, y) -> 80 + 60 * Math.sin(x / 70.0) + 40 * Math.cos(y / 50.0));
        Map<String, Integer> smooth = chosen(new double[][] {shading}, w, h, m);
        assertTrue(smooth.equals(Map.of("auto=harmonic", 1)) || smooth.equals(Map.of("auto=biharmonic", 1)),
                smooth.toString());
    }

    /**
     * Holes whose surroundings are textured on every side get a textured fill, not a smooth blob: camera.png's
     * grass, cell.png's mottled background, and synthetic gravel, tissue, bark and sand. auto picks patch there,
     * the texture ratio of its fill is at least 0.3 (a smooth fill's is 0.0 to 0.25 on these holes; patch's target,
     * 0.7, is asserted per hole in PatchEngineTest and measured in doc/benchmarks.md), and every pixel outside
     * the hole comes back bit for bit.
     */
    @Test
    void texturedSurroundingsGetATexturedFill() {
        record Hole(String image, double fx, double fy) {}
        for (Hole hole : List.of(new Hole("camera.png", 0.92, 0.9), new Hole("cell.png", 0.85, 0.15),
                new Hole("gravel", 0.3, 0.3), new Hole("tissue", 0.7, 0.7), new Hole("bark", 0.3, 0.3),
                new Hole("sand", 0.3, 0.3))) {
            Fills.Picture pic = Fills.picture(hole.image());
            int w = pic.width(), h = pic.height();
            double[][] t = pic.channels();
            byte[] m = TestMasks.holeAt(w, h, hole.fx(), hole.fy(), 64);
            ArrayPlane p = Fills.damaged(t, w, h, Plane.Type.BYTE, m);
            PlaneFill fill = Fills.compute(p, m, InpaintRequest.defaults("auto"));
            assertEquals(Map.of("auto=patch", 1), fill.noteCounts(), hole.toString());
            fill.applyTo(p);
            for (int i = 0; i < m.length; i++) {
                if (m[i] == 0) assertEquals(t[0][i], p.channel(0)[i], hole + ": pixel " + i + " outside the hole");
            }
            double tex = Metrics.textureRatio(t, new double[][] {p.channel(0)}, w, h, m);
            double smooth = Metrics.textureRatio(t, Fills.fill(t, w, h, Plane.Type.BYTE, m, "harmonic"), w, h, m);
            assertTrue(tex >= 0.3, hole + ": texture ratio " + tex);
            assertTrue(smooth < 0.25, hole + ": the smooth fill's texture ratio " + smooth);
        }
    }

    /**
     * Smooth surroundings, and holes on the edge between two regions (sky above, coat below), get a smooth fill:
     * the least detailed side decides.
     */
    @Test
    void smoothOrMixedSurroundingsGetASmoothFill() {
        double[][] camera = Fixtures.channels("camera.png");
        for (int[] at : new int[][] {{30, 20}, {90, 112}, {300, 30}}) {
            byte[] m = TestMasks.hole(512, 512, at[0], at[1], 64);
            Map<String, Integer> c = chosen(camera, 512, 512, m);
            assertTrue(c.equals(Map.of("auto=harmonic", 1)) || c.equals(Map.of("auto=biharmonic", 1)),
                    "hole at " + at[0] + ", " + at[1] + ": " + c);
        }
    }

    /**
     * A band along the image edge is extrapolated, not filled between its sides: even in brick it gets the
     * membrane fill (patch scores below it on every image of the benchmark's outpainting band).
     */
    @Test
    void bandsOpenToTheImageEdgeGetTheMembrane() {
        byte[] band = TestMasks.borderBand(512, 512, 24);
        assertEquals(Map.of("auto=harmonic", 1), chosen(Fixtures.channels("brick.png"), 512, 512, band));
    }

    /** The texture measure is the same for an image in 8 bits, in 16 bits (x 257) and as 32-bit / 255 + 0.25. */
    @Test
    void textureMeasureDoesNotDependOnTheUnits() {
        int w = 512, h = 512;
        double[] t = Fixtures.channels("camera.png")[0];
        byte[] m = TestMasks.holeAt(w, h, 0.8, 0.75, 64);
        Mask.Component c = TestMasks.mask(w, h, m).components().get(0);
        double[] d = new double[3];
        for (int k = 0; k < 3; k++) {
            double[] v = new double[t.length];
            byte[] state = new byte[t.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = m[i] != 0 ? 0 : k == 0 ? t[i] : k == 1 ? t[i] * 257 : (float) (t[i] / 255 + 0.25);
                state[i] = m[i] != 0 ? FillRegion.FILL : FillRegion.KNOWN;
            }
            FillRegion r = new FillRegion(new Rectangle(0, 0, w, h), state, new double[][] {v}, Plane.Type.FLOAT,
                    new double[] {0}, new double[] {1});
            d[k] = AutoEngine.detailAround(r, state, c);
        }
        assertTrue(d[0] > AutoEngine.TEXTURED, "grass measured " + d[0]);
        assertEquals(d[0], d[1], 1e-9 * d[0]);
        assertEquals(d[0], d[2], 1e-6 * d[0]);
    }

    /** Probes sit beside the region on known pixels, with the region's own surroundings missing around them. */
    @Test
    void probeStateMirrorsTheRegion() {
        int w = 40, h = 30;
        byte[] s = new byte[w * h];
        for (int y = 10; y < 15; y++) for (int x = 10; x < 16; x++) s[y * w + x] = 1; // FILL
        s[12 * w + 18] = 2; // MISSING, two pixels right of the hole
        Mask.Component c = Mask.fromLocal(w, h, 10, 10, 6, 5, null).components().get(0);
        byte[] p = AutoEngine.probeState(s, w, h, c, 0, 8);
        assertEquals(1, p[(10 + 8) * w + 10]);
        assertEquals(2, p[(12 + 8) * w + 18], "the missing pixel moves with the probe");
        assertEquals(2, p[12 * w + 12], "the region itself is not known in a probe");
        assertEquals(0, p[25 * w + 30]);
        assertEquals(null, AutoEngine.probeState(s, w, h, c, 0, 30), "a probe off the crop does not count");
    }

    private static Map<String, Integer> chosen(double[][] t, int w, int h, byte[] m) {
        ArrayPlane p = Fills.damaged(t, w, h, Plane.Type.BYTE, m);
        return Fills.compute(p, m, InpaintRequest.defaults("auto")).noteCounts();
    }
}
