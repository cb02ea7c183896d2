package org.inpaintij.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ResampleTest {

    @Test
    void linearRampsStayLinearAndConstantsConstant() {
        int sw = 37, sh = 23;
        float[] ramp = new float[sw * sh], flat = new float[sw * sh];
        for (int y = 0; y < sh; y++) for (int x = 0; x < sw; x++) {
            ramp[y * sw + x] = 2f * x + 3f * y;
            flat[y * sw + x] = 7f;
        }
        for (int[] d : new int[][] {{64, 40}, {12, 9}, {37, 50}}) {
            float[] r = Resample.resize(ramp, sw, sh, d[0], d[1]);
            float[] f = Resample.resize(flat, sw, sh, d[0], d[1]);
            double sx = (double) sw / d[0], sy = (double) sh / d[1];
            for (int y = 1; y < d[1] - 1; y++) for (int x = 1; x < d[0] - 1; x++) {
                double cx = (x + 0.5) * sx - 0.5, cy = (y + 0.5) * sy - 0.5;
                // away from the borders a linear function is reproduced: exactly when enlarging (bilinear),
                // to within a small fraction of a source pixel's step when shrinking (sampled triangle)
                if (cx > Math.max(1, sx) && cx < sw - 1 - Math.max(1, sx) && cy > Math.max(1, sy) && cy < sh - 1 - Math.max(1, sy)) {
                    assertEquals(2 * cx + 3 * cy, r[y * d[0] + x], sx > 1 ? 0.25 : 1e-3, d[0] + "x" + d[1] + " at " + x + "," + y);
                }
                assertEquals(7f, f[y * d[0] + x], 1e-5);
            }
        }
    }

    @Test
    void downscalingAveragesAStripePattern() {
        // alternating 0/1 columns shrunk 4x: an average near 0.5 everywhere, not aliased 0s or 1s
        int sw = 64, sh = 8;
        float[] s = new float[sw * sh];
        for (int i = 0; i < s.length; i++) s[i] = (i % sw) % 2;
        float[] r = Resample.resize(s, sw, sh, 16, 8);
        for (int x = 1; x < 15; x++) assertEquals(0.5, r[3 * 16 + x], 0.07);
    }

    @Test
    void aPartOfTheResultIsTheSameToTheBitAsTheWhole() {
        java.util.Random rnd = new java.util.Random(7);
        int sw = 61, sh = 47;
        float[] s = new float[sw * sh];
        for (int i = 0; i < s.length; i++) s[i] = rnd.nextFloat() * 100;
        for (int[] d : new int[][] {{128, 100}, {30, 20}, {61, 47}, {61, 90}}) {
            float[] whole = Resample.resize(s, sw, sh, d[0], d[1]);
            for (java.awt.Rectangle part : new java.awt.Rectangle[] {new java.awt.Rectangle(0, 0, d[0], d[1]),
                    new java.awt.Rectangle(3, 5, d[0] / 2, d[1] / 3), new java.awt.Rectangle(d[0] - 4, d[1] - 2, 4, 2)}) {
                float[] p = Resample.resize(s, sw, sh, d[0], d[1], part);
                for (int y = 0; y < part.height; y++) {
                    for (int x = 0; x < part.width; x++) {
                        assertEquals(Float.floatToRawIntBits(whole[(part.y + y) * d[0] + part.x + x]),
                                Float.floatToRawIntBits(p[y * part.width + x]), d[0] + "x" + d[1] + " " + part + " at "
                                        + x + "," + y);
                    }
                }
            }
        }
    }

    @Test
    void aSourceGivenRowByRowGivesTheSameBitsAsTheArray() {
        java.util.Random rnd = new java.util.Random(11);
        int sw = 53, sh = 41;
        float[] s = new float[sw * sh];
        for (int i = 0; i < s.length; i++) s[i] = rnd.nextFloat() * 100;
        Resample.Rows rows = (y, dst, off) -> System.arraycopy(s, y * sw, dst, off, sw);
        for (int[] d : new int[][] {{128, 100}, {45, 35}, {53, 41}, {53, 90}, {20, 41}}) {
            Resample.Resizer r = new Resample.Resizer(sw, sh, d[0], d[1]);
            float[] whole = r.resize(s);
            // into a larger array at an offset, whose other values must stay
            float[] into = new float[7 + whole.length + 5];
            java.util.Arrays.fill(into, -1f);
            r.resize(rows, into, 7);
            for (int i = 0; i < whole.length; i++) {
                assertEquals(Float.floatToRawIntBits(whole[i]), Float.floatToRawIntBits(into[7 + i]), d[0] + "x" + d[1]);
            }
            assertEquals(-1f, into[6]);
            assertEquals(-1f, into[7 + whole.length]);
            java.awt.Rectangle part = new java.awt.Rectangle(2, 3, d[0] / 2, d[1] / 3);
            float[] a = r.resize(s, part), b = r.resize(rows, part);
            for (int i = 0; i < a.length; i++) {
                assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), d[0] + "x" + d[1] + " part");
            }
        }
    }
}
