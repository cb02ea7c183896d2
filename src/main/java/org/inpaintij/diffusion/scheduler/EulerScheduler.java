package org.inpaintij.diffusion.scheduler;

import java.util.Map;

import org.inpaintij.diffusion.TorchGenerator;

/**
 * Euler (Karras et al. 2022, Algorithm 2 without churn) and Euler Ancestral, as diffusers'
 * EulerDiscreteScheduler and EulerAncestralDiscreteScheduler. They work on sigma-scaled latents
 * {@code x = x0 + sigma * noise}: the initial noise is scaled by {@link #initNoiseSigma()} and the UNet gets
 * {@code x / sqrt(sigma^2 + 1)}, the variance-preserving latent it was trained on.
 */
final class EulerScheduler extends BetaScheduler {

    /** diffusers' EulerDiscreteScheduler defaults. */
    static final Map<String, Object> DEFAULTS = Settings.table(
            "num_train_timesteps", 1000, "beta_start", 0.0001, "beta_end", 0.02, "beta_schedule", "linear",
            "trained_betas", null, "prediction_type", "epsilon", "interpolation_type", "linear",
            "use_karras_sigmas", false, "use_exponential_sigmas", false, "use_beta_sigmas", false,
            "sigma_min", null, "sigma_max", null, "timestep_spacing", "linspace", "timestep_type", "discrete",
            "steps_offset", 0, "rescale_betas_zero_snr", false, "final_sigmas_type", "zero");

    /** diffusers' EulerAncestralDiscreteScheduler defaults (no Karras sigmas, final sigma always 0). */
    static final Map<String, Object> ANCESTRAL_DEFAULTS = Settings.table(
            "num_train_timesteps", 1000, "beta_start", 0.0001, "beta_end", 0.02, "beta_schedule", "linear",
            "trained_betas", null, "prediction_type", "epsilon", "timestep_spacing", "linspace",
            "steps_offset", 0, "rescale_betas_zero_snr", false);

    private final boolean ancestral;
    private final String spacing;
    private final int stepsOffset;
    private final boolean karras;
    private final boolean finalSigmaZero;
    private final double sigmaMinSetting;
    private final double sigmaMaxSetting;
    private double[] sigmas;
    private double initNoiseSigma;

    EulerScheduler(SchedulerConfig config, boolean ancestral) {
        super(ancestral ? "euler_ancestral" : "euler", new Settings(config, ancestral ? ANCESTRAL_DEFAULTS : DEFAULTS));
        this.ancestral = ancestral;
        spacing = settings.choice("timestep_spacing", "linspace", "leading", "trailing");
        stepsOffset = settings.integer("steps_offset");
        if (ancestral) {
            karras = false;
            finalSigmaZero = true;
            sigmaMinSetting = sigmaMaxSetting = Double.NaN;
        } else {
            settings.choice("interpolation_type", "linear");
            settings.choice("timestep_type", "discrete");
            settings.requireOff("use_exponential_sigmas");
            settings.requireOff("use_beta_sigmas");
            karras = settings.flag("use_karras_sigmas");
            finalSigmaZero = settings.choice("final_sigmas_type", "zero", "sigma_min").equals("zero");
            sigmaMinSetting = settings.optionalNumber("sigma_min");
            sigmaMaxSetting = settings.optionalNumber("sigma_max");
        }
    }

    @Override
    double[] schedule(int steps) {
        int n = train.size;
        double[] t = switch (spacing) {
            case "linspace" -> reversed(linspace(n - 1, steps));
            case "leading" -> leading(steps, n, stepsOffset);
            default -> trailing(steps, n, n);
        };
        for (int i = 0; i < t.length; i++) t[i] = (float) t[i];
        double[] s = new double[t.length + 1];
        for (int i = 0; i < t.length; i++) s[i] = train.sigmaAt(t[i]);
        if (karras) {
            double lo = Double.isNaN(sigmaMinSetting) ? s[t.length - 1] : sigmaMinSetting;
            double hi = Double.isNaN(sigmaMaxSetting) ? s[0] : sigmaMaxSetting;
            double[] k = TrainingSchedule.karras(lo, hi, t.length);
            for (int i = 0; i < t.length; i++) {
                s[i] = k[i];
                t[i] = (float) train.timestepOf(k[i]);
            }
        }
        s[t.length] = finalSigmaZero ? 0 : train.sigmaMin();
        double max = 0;
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) s[i];
            max = Math.max(max, s[i]);
        }
        sigmas = s;
        // diffusers: sigma_max for linspace/trailing spacing, sqrt(sigma_max^2 + 1) for leading (in float32)
        float m = (float) max;
        initNoiseSigma = spacing.equals("leading") ? (float) Math.sqrt(m * m + 1f) : m;
        return t;
    }

    @Override
    public double[] sigmas() {
        requireSchedule();
        return sigmas.clone();
    }

    @Override
    public double initNoiseSigma() {
        requireSchedule();
        return initNoiseSigma;
    }

    @Override
    public void scaleModelInput(float[] sample, int index, float[] out) {
        requireIndex(index, steps() - 1);
        double sigma = sigmas[index];
        double scale = 1 / Math.sqrt(sigma * sigma + 1);
        for (int i = 0; i < sample.length; i++) out[i] = (float) (sample[i] * scale);
    }

    @Override
    void update(float[] modelOutput, int index, float[] sample, TorchGenerator noise) {
        double sigma = sigmas[index], next = sigmas[index + 1];
        double up = 0, target = next;
        if (ancestral) {
            up = Math.sqrt(next * next * (sigma * sigma - next * next) / (sigma * sigma));
            target = Math.sqrt(next * next - up * up);
        }
        double dt = target - sigma;
        // v-prediction's clean latent: c_out * v + c_skip * x with c_out = -sigma / sqrt(sigma^2 + 1)
        double cOut = -sigma / Math.sqrt(sigma * sigma + 1), cSkip = 1 / (sigma * sigma + 1);
        float[] den = denoised;
        // diffusers' ancestral step draws its noise at every step, the last (sigma_up = 0) included
        float[] z = ancestral ? draw(noise, sample.length) : null;
        for (int i = 0; i < sample.length; i++) {
            double x = sample[i], out = modelOutput[i];
            double x0 = prediction == Prediction.EPSILON ? x - sigma * out : cOut * out + cSkip * x;
            double derivative = (x - x0) / sigma;
            double nextX = x + derivative * dt;
            if (ancestral) nextX += z[i] * up;
            den[i] = (float) x0;
            sample[i] = (float) nextX;
        }
    }

    @Override
    void noise(float[] original, float[] noise, int index, float[] out) {
        double sigma = sigmas[index];
        for (int i = 0; i < out.length; i++) out[i] = (float) (original[i] + noise[i] * sigma);
    }

    @Override
    String detail() {
        return spacing + " spacing, steps_offset " + stepsOffset + (karras ? ", Karras sigmas" : "")
                + (finalSigmaZero ? "" : ", final sigma_min");
    }
}
