package org.inpaintij.diffusion.scheduler;

import java.util.Map;

import org.inpaintij.core.BadInputException;
import org.inpaintij.diffusion.TorchGenerator;

/**
 * The latent consistency model sampler (Luo et al. 2023), as diffusers' LCMScheduler: a few steps on a
 * subset of the distillation schedule ({@code original_inference_steps}, 50), each predicting the clean
 * latent with the consistency boundary condition and, except after the last, re-noising it to the next
 * timestep with fresh noise.
 */
final class LcmScheduler extends BetaScheduler {

    /** diffusers' LCMScheduler defaults. */
    static final Map<String, Object> DEFAULTS = Settings.table(
            "num_train_timesteps", 1000, "beta_start", 0.00085, "beta_end", 0.012, "beta_schedule", "scaled_linear",
            "trained_betas", null, "original_inference_steps", 50, "clip_sample", false, "clip_sample_range", 1.0,
            "set_alpha_to_one", true, "steps_offset", 0, "prediction_type", "epsilon", "thresholding", false,
            "dynamic_thresholding_ratio", 0.995, "sample_max_value", 1.0, "timestep_spacing", "leading",
            "timestep_scaling", 10.0, "rescale_betas_zero_snr", false);

    /** The consistency models' data standard deviation. */
    private static final double SIGMA_DATA = 0.5;

    private final int originalSteps;
    private final double timestepScaling;
    private final boolean clipSample;
    private final double clipRange;

    LcmScheduler(SchedulerConfig config) {
        super("lcm", new Settings(config, DEFAULTS));
        settings.requireOff("thresholding");
        originalSteps = settings.integer("original_inference_steps");
        if (originalSteps < 1 || originalSteps > train.size) {
            throw settings.bad("original_inference_steps", settings.config().get("original_inference_steps"),
                    "an integer from 1 to num_train_timesteps");
        }
        timestepScaling = settings.number("timestep_scaling");
        clipSample = settings.flag("clip_sample");
        clipRange = settings.number("clip_sample_range");
    }

    @Override
    int maxSteps() {
        return originalSteps;
    }

    @Override
    double[] schedule(int steps) {
        if (steps > originalSteps) {
            throw new BadInputException("steps = " + steps + " is more than an LCM model's " + originalSteps
                    + " original_inference_steps; use 1 to " + originalSteps + ".");
        }
        // the distillation schedule k-1, 2k-1, ..., descending, sampled at floor(i * len / steps)
        int k = train.size / originalSteps;
        int len = originalSteps;
        double[] t = new double[steps];
        for (int i = 0; i < steps; i++) {
            int j = (int) Math.floor(i * ((double) len / steps));
            t[i] = (double) (len - j) * k - 1;
        }
        return t;
    }

    @Override
    void update(float[] modelOutput, int index, float[] sample, TorchGenerator noise) {
        int t = (int) timesteps[index];
        boolean last = index == timesteps.length - 1;
        int prev = last ? t : (int) timesteps[index + 1];
        double abar = train.alphasCumprod[t];
        double abarPrev = train.alphasCumprod[prev];
        double sa = Math.sqrt(abar), sb = Math.sqrt(1 - abar);
        double saPrev = Math.sqrt(abarPrev), sbPrev = Math.sqrt(1 - abarPrev);
        // boundary condition: c_skip -> 1 and c_out -> 0 as t -> 0, so the consistency function is the identity there
        double scaled = t * timestepScaling;
        double cSkip = SIGMA_DATA * SIGMA_DATA / (scaled * scaled + SIGMA_DATA * SIGMA_DATA);
        double cOut = scaled / Math.sqrt(scaled * scaled + SIGMA_DATA * SIGMA_DATA);
        float[] den = denoised;
        float[] z = last ? null : draw(noise, sample.length);
        for (int i = 0; i < sample.length; i++) {
            double x = sample[i];
            double x0 = predictOriginal(x, modelOutput[i], sa, sb);
            if (clipSample) x0 = Math.max(-clipRange, Math.min(clipRange, x0));
            double d = cOut * x0 + cSkip * x;
            den[i] = (float) d;
            sample[i] = (float) (last ? d : saPrev * d + sbPrev * z[i]);
        }
    }

    @Override
    void noise(float[] original, float[] noise, int index, float[] out) {
        noiseVariancePreserving(original, noise, train.alphasCumprod[(int) timesteps[index]], out);
    }

    @Override
    String detail() {
        return originalSteps + " original steps, timestep_scaling " + timestepScaling
                + (clipSample ? ", clip_sample " + clipRange : "");
    }
}
