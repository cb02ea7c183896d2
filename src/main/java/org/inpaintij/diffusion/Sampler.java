package org.inpaintij.diffusion;

import org.inpaintij.core.Monitor;
import org.inpaintij.diffusion.scheduler.Scheduler;

/**
 * The denoising loop in plain Java, between a {@link Scheduler} and a {@link Denoiser} (the ONNX side):
 * initial latents, scale_model_input, the model, the scheduler step and, for plain 4-channel models, the
 * latent blend, with progress and cancellation between steps. It does what diffusers' inpaint and img2img
 * pipelines do around the UNet.
 *
 * <p>Noise: the initial noise (which the latent blend reuses at every step, as diffusers does) and a
 * {@link TorchGenerator} that the scheduler's steps draw from; the caller makes any draw that comes before or
 * between them in diffusers' order (see {@link DiffusionPipeline}).
 */
public final class Sampler {

    private Sampler() {}

    /**
     * Runs one generation whose only draws are the initial noise and the steps' noise: a generator seeded with
     * the spec's seed draws the initial noise ({@code 4 * h * w} values), then the scheduler's noise, as diffusers
     * does when no VAE sample comes between (text-to-image).
     *
     * @see #run(SamplingSpec, Scheduler, Denoiser, float[], TorchGenerator, Monitor)
     */
    public static float[] run(SamplingSpec spec, Scheduler scheduler, Denoiser denoiser, Monitor monitor) {
        TorchGenerator rng = new TorchGenerator(spec.seed());
        float[] noise = rng.randn(spec.size());
        return run(spec, scheduler, denoiser, noise, rng, monitor);
    }

    /**
     * Runs one generation and returns the final latents ([1, 4, h, w]).
     *
     * <ul>
     * <li>Start: without {@code initLatents}, {@code noise * initNoiseSigma}; with them, {@code initLatents}
     * noised to the first step that runs ({@code addNoise(init, noise, startIndex)}).
     * <li>Each step: {@code scaleModelInput}, the denoiser, {@code step}.
     * <li>Latent blend, after each step: {@code x = (1 - m) * addNoise(known, noise, i + 1) + m * x}, the known
     * latents re-noised to the next step's level; after the last step that is the clean known latents, so
     * where {@code m = 0} the result equals {@code knownLatents} exactly.
     * </ul>
     *
     * @param scheduler used for this generation only (its schedule is set here)
     * @param noise the initial noise, {@code 4 * h * w} standard normal values
     * @param rng the generator the scheduler's steps draw from, at the point of the generation's stream where
     *        they begin
     * @throws org.inpaintij.core.CancelledException when the monitor is cancelled (checked before each step)
     * @throws org.inpaintij.core.BadInputException when the steps or strength do not suit the scheduler
     */
    public static float[] run(SamplingSpec spec, Scheduler scheduler, Denoiser denoiser, float[] noise,
            TorchGenerator rng, Monitor monitor) {
        return run(spec, scheduler, denoiser, noise, rng, monitor, StepListener.NONE);
    }

    /**
     * As {@link #run(SamplingSpec, Scheduler, Denoiser, float[], TorchGenerator, Monitor)}, showing
     * {@code listener} each step's clean-latent estimate (for a live preview).
     */
    public static float[] run(SamplingSpec spec, Scheduler scheduler, Denoiser denoiser, float[] noise,
            TorchGenerator rng, Monitor monitor, StepListener listener) {
        scheduler.setTimesteps(spec.steps(), spec.strength());
        int n = spec.size();
        int hw = spec.height() * spec.width();
        if (noise.length != n) throw new IllegalArgumentException(noise.length + " noise values for " + n + " latents");
        float[] x = new float[n];
        int start = scheduler.startIndex(), end = scheduler.steps();
        if (spec.initLatents() == null) {
            float sigma = (float) scheduler.initNoiseSigma();
            for (int i = 0; i < n; i++) x[i] = noise[i] * sigma;
        } else {
            scheduler.addNoise(spec.initLatents(), noise, start, x);
        }

        float[] scaled = new float[n];
        float[] knownNoisy = spec.knownLatents() == null ? null : new float[n];
        int total = end - start;
        for (int i = start; i < end; i++) {
            monitor.checkCancelled();
            scheduler.scaleModelInput(x, i, scaled);
            float[] out = denoiser.predict(scaled, scheduler.timestep(i), i - start);
            if (out == null || out.length != n) {
                throw new IllegalStateException("the denoiser returned " + (out == null ? "null" : out.length
                        + " values") + " for " + n + " latents");
            }
            scheduler.step(out, i, x, rng);
            if (knownNoisy != null) {
                scheduler.addNoise(spec.knownLatents(), noise, i + 1, knownNoisy);
                blend(x, knownNoisy, spec.latentMask(), hw);
            }
            listener.stepDone(i - start + 1, total, scheduler.denoised());
            monitor.progress((i - start + 1) / (double) total, "Denoising step " + (i - start + 1) + " of " + total);
        }
        if (total == 0 && knownNoisy != null) {
            // no step ran: the kept region must still be the known latents
            blend(x, spec.knownLatents(), spec.latentMask(), hw);
        }
        return x;
    }

    /** x = (1 - m) * known + m * x, the mask broadcast over the channels; m = 0 copies known exactly. */
    private static void blend(float[] x, float[] known, float[] mask, int hw) {
        for (int c = 0, o = 0; c < SamplingSpec.CHANNELS; c++, o += hw) {
            for (int p = 0; p < hw; p++) {
                float m = mask[p];
                int i = o + p;
                x[i] = m == 0 ? known[i] : m == 1 ? x[i] : (1 - m) * known[i] + m * x[i];
            }
        }
    }
}
