package org.inpaintij.diffusion.scheduler;

import org.inpaintij.diffusion.TorchGenerator;

/**
 * A diffusion sampler's schedule and update rule, as diffusers defines them (see
 * {@code doc/diffusion-maths.md}). Latents are {@code float[]} in the pipeline's layout; all arithmetic is in
 * double precision, and the training tables are rounded to float32 exactly where diffusers stores them so.
 *
 * <p>Positions in the schedule are <em>indices</em> {@code 0..steps()-1} into {@link #timesteps()}, never
 * timestep values. One generation:
 *
 * <pre>{@code
 * s.setTimesteps(steps, strength);
 * x = strength == 1 ? noise * s.initNoiseSigma() : s.addNoise(init, noise, s.startIndex())
 * for (int i = s.startIndex(); i < s.steps(); i++) {
 *     s.scaleModelInput(x, i, xin);
 *     out = unet(xin, s.timestep(i));
 *     s.step(out, i, x, rng);                 // x is now the latent at index i + 1
 *     // latent blend: known latents re-noised to the NEXT index; index steps() means "clean"
 *     s.addNoise(known, noise, i + 1, knownNoisy);
 * }
 * }</pre>
 *
 * <p>An instance is stateful (multistep history, expected step) and serves one generation at a time:
 * {@link #setTimesteps} resets it, and {@link #step} must be called once per index, in order, from
 * {@link #startIndex()} on. It is not thread-safe. The other methods have no side effects.
 */
public interface Scheduler {

    /** The product name of the algorithm: ddim, euler, euler_ancestral, dpmpp_2m, dpmpp_2m_karras or lcm. */
    String name();

    /** The settings in effect, one line, for provenance (for example spacing and prediction type). */
    String describe();

    /**
     * Computes the schedule for {@code steps} inference steps and resets all state. With {@code strength < 1}
     * (img2img, or inpainting that keeps some of the image) only the last {@code min((int)(steps * strength),
     * steps)} steps are run, as diffusers' img2img and inpaint pipelines do; {@link #startIndex()} says where
     * they start. A strength so small that no step is left runs no step.
     *
     * @throws org.inpaintij.core.BadInputException if steps is not in 1..num_train_timesteps (and at most
     *         original_inference_steps for LCM), or strength is not in 0..1
     */
    void setTimesteps(int steps, double strength);

    /** The length of the schedule, {@link #timesteps()}{@code .length}. */
    int steps();

    /** The first index that is run: {@code steps() - min((int)(steps * strength), steps)}. */
    int startIndex();

    /** How many steps run: {@code steps() - startIndex()}. */
    default int stepsToRun() {
        return steps() - startIndex();
    }

    /** The whole schedule (a copy), as diffusers' {@code scheduler.timesteps}: descending training timesteps. */
    double[] timesteps();

    /**
     * The value to feed as the UNet's {@code timestep} input at {@code index}: an integer for DDIM, DPM++ and
     * LCM, and for the Euler family possibly fractional (diffusers passes it as a float; a graph whose
     * timestep is int64 gets it truncated, as numpy's cast in diffusers' ONNX pipeline does).
     */
    double timestep(int index);

    /**
     * The noise levels of the Euler family and DPM++ ({@code steps() + 1} values, the last one 0 or
     * sigma_min), as diffusers' {@code scheduler.sigmas}; empty for DDIM and LCM, which have none.
     */
    double[] sigmas();

    /** The standard deviation of the initial noise: pure noise latents are {@code noise * initNoiseSigma()}. */
    double initNoiseSigma();

    /**
     * Writes the UNet input for {@code sample} at {@code index} into {@code out} (which may be
     * {@code sample}): the variance-preserving latent, {@code sample / sqrt(sigma^2 + 1)} for the Euler family,
     * the sample itself for the others.
     */
    void scaleModelInput(float[] sample, int index, float[] out);

    /**
     * One denoising step at {@code index}: turns {@code sample} (updated in place) into the latent at
     * {@code index + 1}, from the model's output (epsilon or v, as the config's prediction_type says).
     * Ancestral and LCM steps draw fresh noise from {@code noise}, one tensor of {@code sample.length} values per
     * step at the same steps as diffusers' {@code step} calls {@code randn_tensor} (Euler Ancestral at every step,
     * the last included; LCM at every step but the last), so that every later draw lines up with diffusers';
     * the deterministic ones ignore it.
     *
     * @throws IllegalStateException if no schedule is set or {@code index} is not the next step
     */
    void step(float[] modelOutput, int index, float[] sample, TorchGenerator noise);

    /**
     * The clean-latent estimate of the last {@link #step}: the predicted original sample, or for LCM its
     * "denoised" output. The array is reused by the next step; copy it to keep it.
     */
    float[] denoised();

    /**
     * Noises {@code original} to the level of {@code index} into {@code out} (which may be {@code original}):
     * {@code original + noise * sigma} for the Euler family,
     * {@code sqrt(abar) * original + sqrt(1 - abar) * noise} for the others. {@code index == steps()} is the
     * end of the schedule and copies {@code original} unchanged: the latent blend's last step uses the clean
     * latents.
     */
    void addNoise(float[] original, float[] noise, int index, float[] out);
}
