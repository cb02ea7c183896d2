package org.inpaintij.classical;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.inpaintij.core.ArrayPlane;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Plane;
import org.inpaintij.core.PlaneFill;
import org.inpaintij.core.RegionFill;
import org.inpaintij.testing.Fixtures;
import org.inpaintij.testing.TestMasks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every model-free method promises: the fill does not depend on the units (an 8-bit image and the same
 * image as 32-bit / 255 get the same fill / 255), runs give identical results, and nothing outside the mask
 * changes, to the bit, in every image type.
 */
class ModelFreeContractTest {

    static List<String> methods() {
        return List.of("harmonic", "biharmonic", "telea", "patch", "auto");
    }

    /** A 200x160 piece of camera.png with every kind of defect: dots, a scratch, a 28x28 hole, text. */
    private static final int W = 200, H = 160;

    private static double[] camera() {
        return PatchEngineTest.crop(Fixtures.channels("camera.png"), 512, 150, 60, W, H)[0];
    }

    private static byte[] defects() {
        byte[] m = TestMasks.scatteredBlobs(W, H, 0.01, 3);
        byte[] lines = TestMasks.thinLines(W, H, 0.01, 4);
        byte[] hole = TestMasks.hole(W, H, 120, 30, 28);
        byte[] text = TestMasks.annotation(W, H);
        for (int i = 0; i < m.length; i++) m[i] |= (byte) (lines[i] | hole[i] | text[i]);
        return m;
    }

    @ParameterizedTest
    @MethodSource("methods")
    void fillDoesNotDependOnUnits(String method) {
        double[] v8 = camera();
        double[] v32 = new double[v8.length];
        for (int i = 0; i < v8.length; i++) v32[i] = (float) (v8[i] / 255);
        byte[] m = defects();
        InpaintRequest req = InpaintRequest.defaults(method);
        PlaneFill a = Fills.compute(Fills.damaged(new double[][] {v8}, W, H, Plane.Type.BYTE, m), m, req);
        PlaneFill b = Fills.compute(Fills.damaged(new double[][] {v32}, W, H, Plane.Type.FLOAT, m), m, req);
        assertEquals(a.regions().size(), b.regions().size());
        double worst = 0;
        for (int k = 0; k < a.regions().size(); k++) {
            RegionFill ra = a.regions().get(k), rb = b.regions().get(k);
            assertEquals(ra.bounds(), rb.bounds());
            for (int i = 0; i < ra.own().length; i++) {
                if (ra.own()[i] == 0) continue;
                double x = ra.values()[0][i] / 255, y = rb.values()[0][i];
                // relative error, measured against one grey level where the value itself is near black
                worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(x), 1.0 / 255));
            }
        }
        assertTrue(worst < 1e-4, method + ": relative error " + worst);
        assertEquals(a.noteCounts(), b.noteCounts(), "auto chose differently");
    }

    @ParameterizedTest
    @MethodSource("methods")
    void sameResultEveryRunAndNothingElseChanges(String method) {
        double[] gray = camera();
        double[][] rgb = PatchEngineTest.crop(Fixtures.channels("astronaut.png"), 512, 200, 250, W, H);
        byte[] m = defects();
        InpaintRequest req = InpaintRequest.defaults(method);
        for (Plane.Type type : Plane.Type.values()) {
            double[] g = gray.clone();
            for (int i = 0; i < g.length; i++) {
                g[i] = type == Plane.Type.SHORT ? g[i] * 257 : type == Plane.Type.FLOAT ? (float) (g[i] / 255 - 0.3) : g[i];
            }
            // NaN outside the mask must stay NaN, and must not leak into the fill
            if (type == Plane.Type.FLOAT) for (int i = 5; i < 40; i++) g[30 * W + i] = Double.NaN;
            check(method, type.toString(), new double[][] {g}, type, m, req);
        }
        check(method, "RGB", rgb, Plane.Type.BYTE, m, req);
    }

    private static void check(String method, String what, double[][] data, Plane.Type type, byte[] m,
            InpaintRequest req) {
        ArrayPlane first = Fills.damaged(data, W, H, type, m), second = Fills.damaged(data, W, H, type, m);
        double[][] before = new double[data.length][];
        for (int c = 0; c < data.length; c++) before[c] = first.channel(c).clone();
        Fills.compute(first, m, req).applyTo(first);
        Fills.compute(second, m, req).applyTo(second);
        for (int c = 0; c < data.length; c++) {
            assertArrayEquals(first.channel(c), second.channel(c), method + " " + what + ": runs differ");
            for (int i = 0; i < m.length; i++) {
                if (m[i] != 0) {
                    assertTrue(Double.isFinite(first.channel(c)[i]), method + " " + what + ": non-finite fill");
                } else {
                    assertEquals(Double.doubleToRawLongBits(before[c][i]), Double.doubleToRawLongBits(first.channel(c)[i]),
                            method + " " + what + ": pixel " + i + " outside the mask changed");
                }
            }
        }
    }
}
