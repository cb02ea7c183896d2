package org.inpaintij.diffusion;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Standard normal numbers from a 64-bit seed, identical on every JDK and platform: the same seed gives
 * bit-identical noise. The 64-bit words come from SplitMix64 written out here (not from a JDK class whose
 * algorithm a later release may change), uniform doubles from their top 53 bits, and normals from Marsaglia's
 * polar method using only {@link StrictMath#log}, {@link StrictMath#sqrt} and IEEE arithmetic, which Java
 * specifies bit for bit. It does not reproduce torch's generator: a seed gives the same image in Inpaint-IJ
 * every time, not the image diffusers gives for that seed.
 *
 * <p>Not thread-safe: one instance per generation.
 */
public final class GaussianNoise {

    /** The seed value that means "pick one at random" ({@link #resolveSeed(long)}). */
    public static final long RANDOM_SEED = -1L;

    /** Picked seeds stay below 2^31 so that they survive ImageJ macros (doubles) and int fields unchanged. */
    private static final long PICKED_SEED_BOUND = 1L << 31;

    private long state;
    private double spare;
    private boolean hasSpare;

    /** A generator whose output depends only on {@code seed}. */
    public GaussianNoise(long seed) {
        this.state = seed;
    }

    /**
     * The seed to use for a requested one: {@code seed} itself, or for {@link #RANDOM_SEED} (-1) a freshly
     * picked non-negative seed below 2^31, which the caller should record so that the result can be redone.
     */
    public static long resolveSeed(long seed) {
        return seed == RANDOM_SEED ? ThreadLocalRandom.current().nextLong(PICKED_SEED_BOUND) : seed;
    }

    /** The next 64 random bits (SplitMix64, Steele, Lea and Flood 2014). */
    public long nextLong() {
        long z = state += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A uniform double in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** The next standard normal number. */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u, v, s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
        spare = v * f;
        hasSpare = true;
        return u * f;
    }

    /** Fills {@code out} with standard normal numbers. */
    public void fill(float[] out) {
        for (int i = 0; i < out.length; i++) out[i] = (float) nextGaussian();
    }

    /** A new array of {@code n} standard normal numbers. */
    public float[] next(int n) {
        float[] out = new float[n];
        fill(out);
        return out;
    }
}
