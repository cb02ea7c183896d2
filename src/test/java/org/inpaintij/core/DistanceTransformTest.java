package org.inpaintij.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class DistanceTransformTest {

    @Test
    void matchesBruteForce() {
        SplittableRandom r = new SplittableRandom(3);
        for (int t = 0; t < 30; t++) {
            int w = 1 + r.nextInt(40), h = 1 + r.nextInt(40);
            byte[] set = new byte[w * h];
            for (int i = 0; i < set.length; i++) set[i] = (byte) (r.nextDouble() < 0.05 ? 1 : 0);
            float[] d = DistanceTransform.squaredToSet(set, w, h);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double best = Double.POSITIVE_INFINITY;
                    for (int j = 0; j < h; j++) for (int i = 0; i < w; i++) if (set[j * w + i] != 0) best = Math.min(best, (x - i) * (x - i) + (y - j) * (y - j));
                    assertEquals(best, d[y * w + x], 0.0, "at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void outsideCountsAsSetWhenAsked() {
        float[] d = DistanceTransform.squaredToSet(new byte[5 * 5], 5, 5, true);
        assertEquals(9f, d[2 * 5 + 2]);
        assertEquals(1f, d[0]);
    }
}
