package org.inpaintij.diffusion;

/**
 * Sees the sampler's clean-latent estimate after every denoising step, so that a user interface can show the
 * work in progress (see {@link LatentPreview}). Called on the sampling thread; it must be quick and must not keep
 * the array, which the next step overwrites.
 */
@FunctionalInterface
public interface StepListener {

    /** A listener that does nothing. */
    StepListener NONE = (done, total, denoised) -> { };

    /**
     * One step is done.
     *
     * @param done steps done so far (1 after the first)
     * @param total steps that run in all
     * @param denoised the scheduler's estimate of the clean latents ([1, 4, h, w], scaled as the UNet sees them)
     */
    void stepDone(int done, int total, float[] denoised);
}
