package org.inpaintij.diffusion;

import org.inpaintij.core.BadInputException;

/**
 * One diffusion job at the model's working resolution. Images are planar RGB in [0, 1]: {@code image[c][y * width
 * + x]}. Null numbers and a {@code default} scheduler mean the model's own defaults.
 *
 * @param image RGB planes, 3 arrays of width * height values in [0, 1]
 * @param mask width * height values; 0.5 or more means "repaint" (1 = repaint), ignored by {@link Mode#IMG2IMG}
 * @param width working width, a multiple of 8
 * @param height working height, a multiple of 8
 * @param prompt what to paint (null = empty)
 * @param negative what not to paint; the unconditional half of guidance (null = empty)
 * @param steps denoising steps of the whole schedule, or null
 * @param cfg guidance scale, or null; 1 or less turns classifier-free guidance off
 * @param strength 0..1, or null: below 1 the region starts from the noised image instead of pure noise and
 *        only the last {@code steps * strength} steps run
 * @param scheduler {@code default}, {@code ddim}, {@code euler}, {@code euler_ancestral}, {@code dpmpp_2m},
 *        {@code dpmpp_2m_karras} or {@code lcm} (null = default)
 * @param seed the noise seed, PyTorch's ({@link TorchGenerator}); -1 picks one, which the result reports
 * @param mode how the mask is used
 * @param latentMask how the pixel mask becomes the latent (1/8 size) mask
 */
public record GenerationRequest(
        float[][] image,
        float[] mask,
        int width,
        int height,
        String prompt,
        String negative,
        Integer steps,
        Double cfg,
        Double strength,
        String scheduler,
        long seed,
        Mode mode,
        LatentMask latentMask) {

    /** How the mask is used. */
    public enum Mode {
        /**
         * Repaint where the mask is set: 9-channel inpainting models use diffusers' inpainting algorithm, any
         * other model the latent blend that keeps the known latents outside the mask at every step.
         */
        INPAINT,
        /** Repaint the whole image from its noised latents (the mask is ignored). */
        IMG2IMG
    }

    /** A request with the model's defaults for everything but the image, mask, prompt and seed. */
    public static GenerationRequest inpaint(float[][] image, float[] mask, int width, int height, String prompt,
            long seed) {
        return new GenerationRequest(image, mask, width, height, prompt, "", null, null, null, "default", seed,
                Mode.INPAINT, LatentMask.ANY);
    }

    /** Checks every value; null mode, latent mask, prompts and scheduler take their defaults. */
    public GenerationRequest {
        if (width <= 0 || height <= 0 || width % 8 != 0 || height % 8 != 0) {
            throw new BadInputException("The working size must be a positive multiple of 8 on each side, not " + width
                    + "x" + height + ".");
        }
        int n = width * height;
        if (image == null || image.length != 3) {
            throw new BadInputException("The image must have 3 (RGB) planes, not " + (image == null ? 0 : image.length)
                    + ".");
        }
        for (float[] p : image) {
            if (p == null || p.length != n) {
                throw new BadInputException("Each image plane must hold " + width + "x" + height + " = " + n
                        + " values, not " + (p == null ? 0 : p.length) + ".");
            }
        }
        if (mode == null) mode = Mode.INPAINT;
        if (latentMask == null) latentMask = LatentMask.ANY;
        if (mode == Mode.INPAINT && (mask == null || mask.length != n)) {
            throw new BadInputException("The mask must hold " + width + "x" + height + " = " + n + " values, not "
                    + (mask == null ? 0 : mask.length) + ".");
        }
        if (steps != null && (steps < 1 || steps > 1000)) {
            throw new BadInputException("steps must be a whole number from 1 to 1000, not " + steps + ".");
        }
        if (cfg != null && !(cfg >= 0 && cfg <= 100)) {
            throw new BadInputException("cfg must be a number from 0 to 100, not " + cfg + ".");
        }
        if (strength != null && !(strength >= 0 && strength <= 1)) {
            throw new BadInputException("strength must be a number from 0 to 1, not " + strength + ".");
        }
        if (seed < -1) throw new BadInputException("seed must be -1 (random) or a whole number of 0 or more, not " + seed + ".");
        if (prompt == null) prompt = "";
        if (negative == null) negative = "";
        if (scheduler == null || scheduler.isBlank()) scheduler = "default";
    }

    /** A copy with another seed. */
    public GenerationRequest withSeed(long s) {
        return new GenerationRequest(image, mask, width, height, prompt, negative, steps, cfg, strength, scheduler, s,
                mode, latentMask);
    }

    /** A copy with other sampling settings (nulls keep the model's defaults). */
    public GenerationRequest with(Integer st, Double g, Double str, String sched) {
        return new GenerationRequest(image, mask, width, height, prompt, negative, st, g, str, sched, seed, mode,
                latentMask);
    }

    /** A copy with other prompts. */
    public GenerationRequest withPrompts(String p, String n) {
        return new GenerationRequest(image, mask, width, height, p, n, steps, cfg, strength, scheduler, seed, mode,
                latentMask);
    }

    /** A copy with another mode and latent mask rule. */
    public GenerationRequest with(Mode m, LatentMask lm) {
        return new GenerationRequest(image, mask, width, height, prompt, negative, steps, cfg, strength, scheduler,
                seed, m, lm);
    }
}
