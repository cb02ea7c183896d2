package org.inpaintij.diffusion;

/**
 * What the {@link Sampler} needs besides the scheduler and the model: latent size, steps, strength, seed, and
 * optional starting latents and latent blend. Latents are [1, 4, h, w] row-major ({@code 4 * h * w} floats);
 * the mask is [1, 1, h, w] ({@code h * w} floats, 1 = repaint, 0 = keep, values in between blend).
 *
 * @param height latent height (image height / 8)
 * @param width latent width (image width / 8)
 * @param steps inference steps of the full schedule
 * @param strength 0..1; below 1 only the last {@code (int)(steps * strength)} steps run, starting from
 *        {@code initLatents} noised to the first of them
 * @param seed the resolved seed ({@link TorchGenerator#resolveSeed}); -1 is refused here
 * @param initLatents the image's latents to start from, noised to the first step that runs, or null to start
 *        from pure noise (required below strength 1; at strength 1 diffusers' inpaint pipeline starts from pure
 *        noise, its img2img pipeline from the image noised to the first timestep)
 * @param knownLatents latents to keep where the mask is below 1 (latent blend for plain 4-channel models), or
 *        null for no blend
 * @param latentMask the blend mask, non-null exactly when knownLatents is
 */
public record SamplingSpec(int height, int width, int steps, double strength, long seed, float[] initLatents,
        float[] knownLatents, float[] latentMask) {

    /** Latent channels of Stable Diffusion 1.x, 2.x and XL. */
    public static final int CHANNELS = 4;

    /** Checks sizes and ranges; a wrong one is a programming error of the caller, not the user's input. */
    public SamplingSpec {
        if (height < 1 || width < 1) throw new IllegalArgumentException("latent size " + width + "x" + height);
        if (steps < 1) throw new IllegalArgumentException("steps " + steps);
        if (!(strength >= 0 && strength <= 1)) throw new IllegalArgumentException("strength " + strength);
        if (seed == TorchGenerator.RANDOM_SEED) {
            throw new IllegalArgumentException("seed -1 must be resolved with TorchGenerator.resolveSeed first");
        }
        long n = (long) CHANNELS * height * width;
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("latents too large");
        if (strength < 1 && initLatents == null) {
            throw new IllegalArgumentException("strength below 1 needs initLatents");
        }
        check(initLatents, n, "initLatents");
        check(knownLatents, n, "knownLatents");
        check(latentMask, (long) height * width, "latentMask");
        if ((knownLatents == null) != (latentMask == null)) {
            throw new IllegalArgumentException("knownLatents and latentMask go together");
        }
        if (latentMask != null) {
            for (float m : latentMask) {
                if (!(m >= 0 && m <= 1)) throw new IllegalArgumentException("mask value " + m + " is not in 0..1");
            }
        }
    }

    private static void check(float[] a, long expected, String what) {
        if (a != null && a.length != expected) {
            throw new IllegalArgumentException(what + " has " + a.length + " values, expected " + expected);
        }
    }

    /** Text-to-image (or inpainting with an inpainting model): pure noise, every step. */
    public static SamplingSpec of(int height, int width, int steps, long seed) {
        return new SamplingSpec(height, width, steps, 1.0, seed, null, null, null);
    }

    /** A copy that starts from {@code init} at the given strength (img2img). */
    public SamplingSpec withInit(float[] init, double strength) {
        return new SamplingSpec(height, width, steps, strength, seed, init, knownLatents, latentMask);
    }

    /** A copy that keeps {@code known} where {@code mask} is below 1 (latent blend). */
    public SamplingSpec withBlend(float[] known, float[] mask) {
        return new SamplingSpec(height, width, steps, strength, seed, initLatents, known, mask);
    }

    /** A copy with another seed (for variations). */
    public SamplingSpec withSeed(long newSeed) {
        return new SamplingSpec(height, width, steps, strength, newSeed, initLatents, knownLatents, latentMask);
    }

    /** Number of latent values, {@code 4 * height * width}. */
    public int size() {
        return CHANNELS * height * width;
    }
}
