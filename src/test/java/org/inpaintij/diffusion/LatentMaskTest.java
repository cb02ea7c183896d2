package org.inpaintij.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.inpaintij.core.BadInputException;
import org.junit.jupiter.api.Test;

class LatentMaskTest {

    @Test
    void anyPixelMarksItsBlockWhileNearestReadsTheTopLeftPixel() {
        int W = 24, H = 16;
        float[] m = new float[W * H];
        m[3 * W + 5] = 1;             // one pixel inside block (0, 0), not its corner
        m[8 * W + 16] = 0.5f;         // the corner of block (2, 1), at the threshold
        m[9 * W + 9] = 0.49f;         // below the threshold: not masked
        assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1}, LatentMask.ANY.downsample(m, W, H));
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 1}, LatentMask.NEAREST.downsample(m, W, H));
    }

    @Test
    void guidanceEmbeddingIsDiffusersFormula() {
        float[] e = GuidanceEmbedding.of(8.5, 256);
        assertEquals(256, e.length);
        double w = 7500;
        for (int k : new int[] {0, 1, 64, 127}) {
            double f = Math.exp(-k * Math.log(10000) / 127);
            // float32 rounding of w * f: a few 1e-4 at the highest frequencies
            assertEquals(Math.sin(w * f), e[k], 2e-3, "sin at " + k);
            assertEquals(Math.cos(w * f), e[128 + k], 2e-3, "cos at " + k);
        }
        float[] zero = GuidanceEmbedding.of(1.0, 256);
        for (int k = 0; k < 128; k++) {
            assertEquals(0f, zero[k]);
            assertEquals(1f, zero[128 + k]);
        }
    }

    @Test
    void requestsSayWhatIsWrong() {
        float[][] img = {new float[64], new float[64], new float[64]};
        BadInputException e = assertThrows(BadInputException.class,
                () -> GenerationRequest.inpaint(img, new float[64], 8, 12, "", 0));
        assertEquals("The working size must be a positive multiple of 8 on each side, not 8x12.", e.getMessage());
        e = assertThrows(BadInputException.class, () -> GenerationRequest.inpaint(img, new float[63], 8, 8, "", 0));
        assertEquals("The mask must hold 8x8 = 64 values, not 63.", e.getMessage());
        e = assertThrows(BadInputException.class,
                () -> GenerationRequest.inpaint(img, new float[64], 8, 8, "", 0).with(0, null, null, null));
        assertEquals("steps must be a whole number from 1 to 1000, not 0.", e.getMessage());
        e = assertThrows(BadInputException.class,
                () -> GenerationRequest.inpaint(img, new float[64], 8, 8, "", 0).with(null, null, 1.5, null));
        assertEquals("strength must be a number from 0 to 1, not 1.5.", e.getMessage());
    }
}
