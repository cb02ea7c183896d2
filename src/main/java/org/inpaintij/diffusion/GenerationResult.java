package org.inpaintij.diffusion;

/**
 * What a generation made, and how.
 *
 * @param image RGB planes in [0, 1] at the working resolution: {@code image[c][y * width + x]}; the whole
 *        image, whose pixels outside the mask are the decoded known latents (close to, not equal to, the input:
 *        the exact paste-back is the caller's)
 * @param latents the final latents as the decoder got them, before division by the scaling factor ([4 * h * w])
 * @param width working width
 * @param height working height
 * @param seed the seed used (the one picked when -1 was asked)
 * @param steps the schedule length
 * @param stepsRun the steps actually run (fewer when strength is below 1)
 * @param cfg the guidance scale used
 * @param guidance how guidance was applied: {@code off}, {@code batched [uncond, cond]}, {@code two calls
 *        [uncond, cond]} or {@code embedding w=...}
 * @param strength the strength used
 * @param scheduler the scheduler and its settings, one line
 * @param provider where the graphs ran, e.g. {@code CPU (CUDA not used: ...)}
 * @param model one line about the model (kind, channels, text width, precision)
 * @param promptTruncated whether the prompt or negative prompt was cut to 77 tokens
 * @param timings where the time went
 */
public record GenerationResult(
        float[][] image,
        float[] latents,
        int width,
        int height,
        long seed,
        int steps,
        int stepsRun,
        double cfg,
        String guidance,
        double strength,
        String scheduler,
        String provider,
        String model,
        boolean promptTruncated,
        Timings timings) {

    /**
     * One line for an image's Info: seed and noise source ({@code torch-cpu}: PyTorch's CPU generator, in
     * diffusers' order), steps, cfg, strength, scheduler, device.
     */
    public String provenance() {
        return "seed=" + seed + " noise=torch-cpu steps=" + steps + " (" + stepsRun + " run) cfg=" + cfg + " ("
                + guidance + ") strength=" + strength + " scheduler=" + scheduler + " device=" + provider;
    }
}
