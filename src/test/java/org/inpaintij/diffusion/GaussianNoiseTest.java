package org.inpaintij.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The seeded normal generator: the published SplitMix64 stream, reproducibility, and its distribution. */
class GaussianNoiseTest {

    @Test
    void wordsAreThePublishedSplitMix64Stream() {
        // the reference outputs of SplitMix64 for seed 0 (Vigna's splitmix64.c)
        GaussianNoise g = new GaussianNoise(0);
        assertEquals(0xE220A8397B1DCDAFL, g.nextLong());
        assertEquals(0x6E789E6AA1B965F4L, g.nextLong());
        assertEquals(0x06C45D188009454FL, g.nextLong());
    }

    @Test
    void normalsFollowThePolarMethod() {
        // the first six normals for seed 42, computed independently in Python (SplitMix64 + Marsaglia polar)
        double[] expected = {0.49295065581737485, -0.6940056672160174, -1.2810773478777024, -0.901557193497174,
            -0.6018779810957331, 0.6425676289796471};
        GaussianNoise g = new GaussianNoise(42);
        for (double e : expected) assertEquals(e, g.nextGaussian(), 1e-14);
    }

    @Test
    void sameSeedGivesBitIdenticalNoise() {
        float[] a = new GaussianNoise(123456789L).next(64 * 64 * 4);
        float[] b = new GaussianNoise(123456789L).next(64 * 64 * 4);
        assertArrayEquals(a, b);
        float[] c = new GaussianNoise(123456790L).next(64 * 64 * 4);
        assertFalse(Arrays.equals(a, c), "a neighbouring seed must give other noise");
    }

    @Test
    void normalMomentsAndTails() {
        int n = 1_000_000;
        GaussianNoise g = new GaussianNoise(7);
        double sum = 0, sum2 = 0, sum4 = 0;
        int below = 0;
        for (int i = 0; i < n; i++) {
            double x = g.nextGaussian();
            sum += x;
            sum2 += x * x;
            sum4 += x * x * x * x;
            if (x < -1.959964) below++;
        }
        double mean = sum / n, var = sum2 / n - mean * mean, kurt = sum4 / n;
        // 5 standard errors: mean 1/sqrt(n), variance sqrt(2/n), fourth moment sqrt(96/n), tail sqrt(p(1-p)/n)
        assertEquals(0, mean, 5 / Math.sqrt(n));
        assertEquals(1, var, 5 * Math.sqrt(2.0 / n));
        assertEquals(3, kurt, 5 * Math.sqrt(96.0 / n));
        assertEquals(0.025, below / (double) n, 5 * Math.sqrt(0.025 * 0.975 / n));
    }

    @Test
    void minusOnePicksARecordableSeed() {
        assertEquals(5L, GaussianNoise.resolveSeed(5L));
        assertEquals(-2L, GaussianNoise.resolveSeed(-2L));
        long a = GaussianNoise.resolveSeed(GaussianNoise.RANDOM_SEED);
        long b = GaussianNoise.resolveSeed(GaussianNoise.RANDOM_SEED);
        long c = GaussianNoise.resolveSeed(GaussianNoise.RANDOM_SEED);
        for (long s : new long[] {a, b, c}) assertTrue(s >= 0 && s < (1L << 31), "picked seed " + s);
        assertTrue(a != b || b != c, "three picks in a row should not all be equal");
    }
}
