package org.inpaintij.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class Float16Test {

    @Test
    void everyHalfSurvivesTheRoundTrip() {
        for (int h = 0; h < 0x10000; h++) {
            float f = Float16.toFloat((short) h);
            if (Float.isNaN(f)) {
                assertTrue(Float.isNaN(Float16.toFloat(Float16.fromFloat(f))), "NaN " + Integer.toHexString(h));
                continue;
            }
            assertEquals(h, Float16.fromFloat(f) & 0xffff, "half 0x" + Integer.toHexString(h) + " = " + f);
        }
    }

    @Test
    void knownValues() {
        assertEquals(0x3c00, Float16.fromFloat(1f) & 0xffff);
        assertEquals(0xc000, Float16.fromFloat(-2f) & 0xffff);
        assertEquals(0x7bff, Float16.fromFloat(65504f) & 0xffff);
        assertEquals(0x7c00, Float16.fromFloat(65520f) & 0xffff, "65520 is the tie above 65504: rounds to infinity");
        assertEquals(0x7bff, Float16.fromFloat(65519f) & 0xffff);
        assertEquals(0x0001, Float16.fromFloat(0x1p-24f) & 0xffff, "smallest subnormal");
        assertEquals(0x0000, Float16.fromFloat(0x1p-25f) & 0xffff, "half of it ties to even zero");
        assertEquals(0x0001, Float16.fromFloat(0x1.8p-25f) & 0xffff);
        assertEquals(0x0400, Float16.fromFloat(0x1p-14f) & 0xffff, "smallest normal");
        assertEquals(0x3c00, Float16.fromFloat(1f + 0x1p-11f) & 0xffff, "tie between 1 and 1+2^-10: even is 1");
        assertEquals(0x3c02, Float16.fromFloat(1f + 3 * 0x1p-11f) & 0xffff, "tie: even is 1+2^-9");
        assertEquals(999f, Float16.toFloat(Float16.fromFloat(999f)), "integer timesteps are exact");
    }

    /** Independent of the implementation: the chosen half is nearest, and even on a tie. */
    @Test
    void randomFloatsRoundToNearestEven() {
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 2_000_000; i++) {
            float f = Float.intBitsToFloat(r.nextInt());
            if (Float.isNaN(f) || Math.abs(f) >= 65504f) continue;
            short h = Float16.fromFloat(f);
            double got = Float16.toFloat(h);
            double err = Math.abs(got - f);
            for (int d = -1; d <= 1; d += 2) {
                int n = (h & 0xffff) + d;
                if ((n & 0x7fff) > 0x7bff || n < 0 || n > 0xffff) continue;
                double other = Math.abs(Float16.toFloat((short) n) - (double) f);
                assertTrue(err < other || (err == other && (h & 1) == 0),
                        () -> "float " + f + " -> half " + got + " but a neighbour is nearer or even");
            }
        }
    }

    @Test
    void agreesWithOnnxRuntimesConversion() {
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < 200_000; i++) {
            float f = (float) (r.nextDouble(-70000, 70000) * Math.pow(10, -r.nextInt(8)));
            assertEquals(ai.onnxruntime.platform.Fp16Conversions.floatToFp16(f), Float16.fromFloat(f), "at " + f);
        }
    }
}
