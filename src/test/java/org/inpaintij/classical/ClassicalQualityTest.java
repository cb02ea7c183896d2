package org.inpaintij.classical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.inpaintij.core.ArrayPlane;
import org.inpaintij.core.FillPlan;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Monitor;
import org.inpaintij.core.Plane;
import org.inpaintij.testing.Fixtures;
import org.inpaintij.testing.Metrics;
import org.inpaintij.testing.TestMasks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Harmonic and telea on real images with ~2% scattered defects: in-mask quality and untouched surroundings. */
class ClassicalQualityTest {

    static java.util.List<String> images() {
        return Fixtures.imageNames();
    }

    @ParameterizedTest
    @MethodSource("images")
    void scatteredDefects(String name) {
        int[] s = Fixtures.size(name);
        int w = s[0], h = s[1];
        double[][] truth = Fixtures.channels(name);
        byte[] m = TestMasks.scatteredBlobs(w, h, 0.02, 42);
        for (String method : new String[] {"harmonic", "telea"}) {
            double[][] data = new double[truth.length][];
            for (int c = 0; c < truth.length; c++) {
                data[c] = truth[c].clone();
                for (int i = 0; i < m.length; i++) if (m[i] != 0) data[c][i] = 0;
            }
            ArrayPlane plane = new ArrayPlane(w, h, Plane.Type.BYTE, data);
            FillPlan plan = FillPlan.of(TestMasks.mask(w, h, m), InpaintRequest.defaults(method));
            plan.run(plane, Monitor.NONE).applyTo(plane);
            double psnr = 0;
            for (int c = 0; c < truth.length; c++) psnr += Metrics.psnr(truth[c], data[c], m, 255) / truth.length;
            System.out.printf("%s %s %.2f dB%n", name, method, psnr);
            for (int c = 0; c < truth.length; c++) {
                for (int i = 0; i < m.length; i++) if (m[i] == 0) assertEquals(truth[c][i], data[c][i]);
            }
            assertTrue(psnr > 20, name + " " + method + " " + psnr);
        }
    }
}
