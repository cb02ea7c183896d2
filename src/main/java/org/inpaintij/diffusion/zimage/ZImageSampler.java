package org.inpaintij.diffusion.zimage;

import org.inpaintij.core.Monitor;
import org.inpaintij.diffusion.scheduler.FlowMatchEulerScheduler;

/**
 * The denoising loop of diffusers' ZImageInpaintPipeline (and, without a mask, its img2img pipeline), in float32
 * and in diffusers' order, between a {@link FlowMatchEulerScheduler} whose schedule is set and a
 * {@link Velocity} model:
 *
 * <pre>{@code
 * x = scale_noise(image_latents, sigma[start], noise)
 * for i in start..N-1:
 *     v = -model(x, t_in = (1000 - t_i) / 1000)          // the transformer predicts x0 - noise
 *     x = x + (sigma[i+1] - sigma[i]) * v
 *     known = i < N-1 ? scale_noise(image_latents, sigma[i+1], noise) : image_latents   // the same noise
 *     x = (1 - mask) * known + mask * x
 * }</pre>
 *
 * After the last step, where the mask is 0 the latents are the image latents exactly.
 */
public final class ZImageSampler {

    private ZImageSampler() {}

    /** The model side of one step: the transformer (with guidance already combined when it is on). */
    @FunctionalInterface
    public interface Velocity {
        /**
         * The transformer's output for the latents at one step, in diffusers' sign (the pipeline negates it);
         * same layout and length as {@code latents}.
         *
         * @param latents the current latents [C, h, w]; read during the call only, do not modify
         * @param tIn the transformer's time input, {@code (1000 - t) / 1000 = 1 - sigma}
         * @param stepIndex which step this is among those run, from 0
         */
        float[] predict(float[] latents, float tIn, int stepIndex);
    }

    /**
     * Runs the loop and returns the final latents.
     *
     * @param scheduler with its schedule and start index set ({@link FlowMatchEulerScheduler#setSigmas})
     * @param imageLatents the image's latents [C * h * w], already shifted and scaled
     * @param noise the noise [C * h * w], drawn once and reused at every step
     * @param mask the latent mask [h * w] (1 = repaint), broadcast over the channels; null for img2img (no blend)
     * @throws org.inpaintij.core.CancelledException when the monitor cancels (checked before each step)
     */
    public static float[] run(FlowMatchEulerScheduler scheduler, float[] imageLatents, float[] noise, float[] mask,
            Velocity model, Monitor monitor) {
        int n = imageLatents.length;
        if (noise.length != n) throw new IllegalArgumentException("noise has " + noise.length + " values, latents " + n);
        if (mask != null && (mask.length == 0 || n % mask.length != 0)) {
            throw new IllegalArgumentException("a mask of " + mask.length + " values does not tile " + n + " latents");
        }
        int start = scheduler.startIndex(), end = scheduler.steps();
        float[] x = new float[n];
        scheduler.addNoise(imageLatents, noise, start, x);
        float[] v = new float[n];
        float[] known = mask == null ? null : new float[n];
        int total = end - start;
        for (int i = start; i < end; i++) {
            monitor.checkCancelled();
            float t = (float) scheduler.timestep(i);
            float tIn = (1000f - t) / 1000f;
            float[] out = model.predict(x, tIn, i - start);
            if (out == null || out.length != n) {
                throw new IllegalStateException("the transformer returned " + (out == null ? "nothing" : out.length
                        + " values") + " for " + n + " latents");
            }
            for (int k = 0; k < n; k++) v[k] = -out[k];
            scheduler.step(v, i, x, null);
            if (known != null) {
                scheduler.addNoise(imageLatents, noise, i + 1, known);
                blend(x, known, mask);
            }
            monitor.progress((i - start + 1) / (double) total, "Denoising step " + (i - start + 1) + " of " + total);
        }
        return x;
    }

    /** {@code x = (1 - m) * known + m * x}, the mask tiled over the channels, as diffusers writes it. */
    private static void blend(float[] x, float[] known, float[] mask) {
        int hw = mask.length;
        for (int i = 0; i < x.length; i++) {
            float m = mask[i % hw];
            x[i] = (1f - m) * known[i] + m * x[i];
        }
    }
}
