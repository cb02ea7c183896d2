package org.inpaintij.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import ij.process.ColorProcessor;

import org.inpaintij.ij.ImagePlane;
import org.junit.jupiter.api.Test;

class FillPlanTest {

    private static FillPlan plan(int w, int h, long seed) {
        Mask mask = Mask.fromLocal(w, h, 5, 4, 6, 3, null);
        return FillPlan.of(mask, Requests.parse(Map.of("method", "test-nonfinite", "seed", Long.toString(seed))));
    }

    @Test
    void aMethodThatLeavesAValueThatIsNotFiniteToFillIsCaughtAsABug() {
        ColorProcessor ip = new ColorProcessor(20, 12);
        int[] before = ((int[]) ip.getPixels()).clone();
        ImagePlane plane = new ImagePlane(ip);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> plan(20, 12, 1).run(plane, Monitor.NONE));
        assertTrue(e.getMessage().contains("test-nonfinite") && e.getMessage().contains("non-finite"), e.getMessage());
        assertArrayEquals(before, (int[]) ip.getPixels());
    }

    @Test
    void aValueThatIsNotFiniteOutsideThePixelsToFillIsNotWrittenAndNotABug() {
        ColorProcessor ip = new ColorProcessor(20, 12);
        ImagePlane plane = new ImagePlane(ip);
        plan(20, 12, 0).run(plane, Monitor.NONE).applyTo(plane);
        int[] px = (int[]) ip.getPixels();
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 20; x++) {
                boolean inside = x >= 5 && x < 11 && y >= 4 && y < 7;
                assertEquals(inside ? 0x010101 : 0, px[y * 20 + x] & 0xffffff, x + "," + y);
            }
        }
    }
}
