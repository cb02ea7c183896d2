package org.inpaintij.diffusion;

/**
 * The model side of a sampling step: the UNet (with classifier-free guidance already combined, and for
 * inpainting models the mask and masked-image latents appended) as the {@link Sampler} calls it.
 */
@FunctionalInterface
public interface Denoiser {

    /**
     * The model output for one step: epsilon or v (as the scheduler config's prediction_type says), with
     * the layout and length of the latents, [1, 4, h, w] row-major.
     *
     * @param scaledLatents the UNet's latent input (already passed through scale_model_input); the array is
     *        reused by the next step, so read it during the call only and do not modify it
     * @param timestep the UNet's timestep input ({@link org.inpaintij.diffusion.scheduler.Scheduler#timestep})
     * @param stepIndex which step this is among those run, from 0 to {@code stepsToRun - 1}
     */
    float[] predict(float[] scaledLatents, double timestep, int stepIndex);
}
