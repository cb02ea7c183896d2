package org.inpaintij.diffusion.scheduler;

import java.util.Map;

import org.inpaintij.diffusion.TorchGenerator;

/**
 * DDIM (Song et al. 2021) with eta = 0, as diffusers' DDIMScheduler: deterministic, on discrete training
 * timesteps, variance-preserving latents (init noise sigma 1, no input scaling).
 */
final class DdimScheduler extends BetaScheduler {

    /** diffusers' DDIMScheduler defaults. */
    static final Map<String, Object> DEFAULTS = Settings.table(
            "num_train_timesteps", 1000, "beta_start", 0.0001, "beta_end", 0.02, "beta_schedule", "linear",
            "trained_betas", null, "clip_sample", true, "set_alpha_to_one", true, "steps_offset", 0,
            "prediction_type", "epsilon", "thresholding", false, "clip_sample_range", 1.0,
            "timestep_spacing", "leading", "rescale_betas_zero_snr", false);

    private final String spacing;
    private final int stepsOffset;
    private final boolean clipSample;
    private final double clipRange;
    /** abar of the step after the last: 1 (set_alpha_to_one) or abar[0]. */
    private final double finalAlphaCumprod;
    private int stepsRequested;

    DdimScheduler(SchedulerConfig config) {
        super("ddim", new Settings(config, DEFAULTS));
        settings.requireOff("thresholding");
        spacing = settings.choice("timestep_spacing", "leading", "trailing", "linspace");
        stepsOffset = settings.integer("steps_offset");
        clipSample = settings.flag("clip_sample");
        clipRange = settings.number("clip_sample_range");
        finalAlphaCumprod = settings.flag("set_alpha_to_one") ? 1.0 : train.alphasCumprod[0];
    }

    @Override
    double[] schedule(int steps) {
        stepsRequested = steps;
        int n = train.size;
        return switch (spacing) {
            case "leading" -> leading(steps, n, stepsOffset);
            case "trailing" -> trailing(steps, n, n);
            default -> {
                double[] t = reversed(linspace(n - 1, steps));
                for (int i = 0; i < t.length; i++) t[i] = Math.rint(t[i]);
                yield t;
            }
        };
    }

    @Override
    void update(float[] modelOutput, int index, float[] sample, TorchGenerator noise) {
        int t = (int) timesteps[index];
        // diffusers steps to t - T // N whatever the spacing, not to the next scheduled timestep
        int prev = t - train.size / stepsRequested;
        double abar = train.alphasCumprod[t];
        double abarPrev = prev >= 0 ? train.alphasCumprod[prev] : finalAlphaCumprod;
        double sa = Math.sqrt(abar), sb = Math.sqrt(1 - abar);
        double saPrev = Math.sqrt(abarPrev), sbPrev = Math.sqrt(1 - abarPrev);
        float[] den = denoised;
        for (int i = 0; i < sample.length; i++) {
            double x = sample[i], out = modelOutput[i];
            double x0 = predictOriginal(x, out, sa, sb);
            double eps = prediction == Prediction.EPSILON ? out : sa * out + sb * x;
            if (clipSample) x0 = Math.max(-clipRange, Math.min(clipRange, x0));
            den[i] = (float) x0;
            sample[i] = (float) (saPrev * x0 + sbPrev * eps);
        }
    }

    @Override
    void noise(float[] original, float[] noise, int index, float[] out) {
        noiseVariancePreserving(original, noise, train.alphasCumprod[(int) timesteps[index]], out);
    }

    @Override
    String detail() {
        return spacing + " spacing, steps_offset " + stepsOffset + (clipSample ? ", clip_sample " + clipRange : "")
                + (finalAlphaCumprod == 1.0 ? ", set_alpha_to_one" : "");
    }
}
