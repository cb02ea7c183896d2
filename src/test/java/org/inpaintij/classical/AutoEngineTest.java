package org.inpaintij.classical;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.inpaintij.core.ArrayPlane;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Mask;
import org.inpaintij.core.Plane;
import org.inpaintij.core.PlaneFill;
import org.inpaintij.testing.Fixtures;
import org.inpaintij.testing.TestMasks;
import org.junit.jupiter.api.Test;

/** auto's rule: biharmonic for small defects; for holes, the method its probes find best. */
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
