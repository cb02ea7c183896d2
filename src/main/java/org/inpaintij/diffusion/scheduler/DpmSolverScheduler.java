package org.inpaintij.diffusion.scheduler;

import java.util.Map;

import org.inpaintij.diffusion.TorchGenerator;

/**
 * DPM-Solver++(2M) (Lu et al. 2022), as diffusers' DPMSolverMultistepScheduler with algorithm_type
 * "dpmsolver++" and solver_order 2, optionally on Karras sigmas. Variance-preserving latents; the update
 * runs in log-SNR time lambda = log(alpha_t / sigma_t) on the model's clean-latent predictions, second order
 * from the second step on (using the previous step's prediction), first order on the first step and, as
 * diffusers does, on the last step when the final sigma is 0 or the schedule is shorter than 15 steps.
 */
final class DpmSolverScheduler extends BetaScheduler {

    /** diffusers' DPMSolverMultistepScheduler defaults. */
    static final Map<String, Object> DEFAULTS = Settings.table(
            "num_train_timesteps", 1000, "beta_start", 0.0001, "beta_end", 0.02, "beta_schedule", "linear",
            "trained_betas", null, "solver_order", 2, "prediction_type", "epsilon", "thresholding", false,
            "algorithm_type", "dpmsolver++", "solver_type", "midpoint", "lower_order_final", true,
            "euler_at_final", false, "use_karras_sigmas", false, "use_exponential_sigmas", false,
            "use_beta_sigmas", false, "use_lu_lambdas", false, "use_flow_sigmas", false,
            "final_sigmas_type", "zero", "lambda_min_clipped", Double.NEGATIVE_INFINITY, "variance_type", null,
            "timestep_spacing", "linspace", "steps_offset", 0, "rescale_betas_zero_snr", false);

    private final String spacing;
    private final int stepsOffset;
    private final boolean karras;
    private final boolean heun;
    private final boolean lowerOrderFinal;
    private final boolean eulerAtFinal;
    private final boolean finalSigmaZero;
    /** The last usable training timestep + 1, after lambda_min_clipped. */
    private final int lastTimestep;
    private double[] sigmas;
    /** The previous step's clean-latent prediction, and whether there is one. */
    private double[] previousX0 = new double[0];
    private boolean hasPrevious;

    DpmSolverScheduler(SchedulerConfig config, boolean karras) {
        super(karras ? "dpmpp_2m_karras" : "dpmpp_2m", new Settings(config, DEFAULTS));
        this.karras = karras;
        settings.requireOff("thresholding");
        settings.requireOff("use_exponential_sigmas");
        settings.requireOff("use_beta_sigmas");
        settings.requireOff("use_lu_lambdas");
        settings.requireOff("use_flow_sigmas");
        settings.choice("algorithm_type", "dpmsolver++");
        if (settings.integer("solver_order") != 2) throw settings.bad("solver_order", null, "2 (DPM++ 2M)");
        if (settings.config().has("variance_type")) throw settings.unsupported("variance_type (learned variance)");
        spacing = settings.choice("timestep_spacing", "linspace", "leading", "trailing");
        stepsOffset = settings.integer("steps_offset");
        // diffusers maps the other multistep solver types onto midpoint
        heun = settings.choice("solver_type", "midpoint", "heun", "logrho", "bh1", "bh2").equals("heun");
        lowerOrderFinal = settings.flag("lower_order_final");
        eulerAtFinal = settings.flag("euler_at_final");
        finalSigmaZero = settings.choice("final_sigmas_type", "zero", "sigma_min").equals("zero");
        double clip = settings.number("lambda_min_clipped");
        int clipped = 0;
        for (int t = train.size - 1; t >= 0; t--) {
            if (lambda(train.alphasCumprod[t]) < clip) clipped++;
        }
        lastTimestep = train.size - clipped;
    }

    /** log-SNR of a training timestep, in float32 as diffusers' table. */
    private static double lambda(double abar) {
        float a = (float) Math.sqrt(abar), s = (float) Math.sqrt(1 - (float) abar);
        float logA = (float) Math.log(a), logS = (float) Math.log(s);
        return logA - logS;
    }

    @Override
    double[] schedule(int steps) {
        int n = train.size;
        double[] t = switch (spacing) {
            case "linspace" -> {
                double[] v = reversed(linspace(lastTimestep - 1, steps + 1));
                double[] r = new double[steps];
                for (int i = 0; i < steps; i++) r[i] = Math.rint(v[i]);
                yield r;
            }
            case "leading" -> {
                int ratio = lastTimestep / (steps + 1);
                double[] r = new double[steps];
                for (int i = 0; i < steps; i++) r[i] = (double) (steps - i) * ratio + stepsOffset;
                yield r;
            }
            default -> trailing(steps, n, lastTimestep);
        };
        double[] s = new double[t.length + 1];
        if (karras) {
            double[] k = TrainingSchedule.karras(train.sigmas[0], train.sigmas[n - 1], t.length);
            for (int i = 0; i < t.length; i++) {
                s[i] = k[i];
                t[i] = Math.rint(train.timestepOf(k[i]));
            }
        } else {
            for (int i = 0; i < t.length; i++) s[i] = train.sigmas[(int) t[i]];
        }
        s[t.length] = finalSigmaZero ? 0 : train.sigmaMin();
        for (int i = 0; i < s.length; i++) s[i] = (float) s[i];
        sigmas = s;
        return t;
    }

    @Override
    void reset() {
        hasPrevious = false;
    }

    @Override
    public double[] sigmas() {
        requireSchedule();
        return sigmas.clone();
    }

    @Override
    void update(float[] modelOutput, int index, float[] sample, TorchGenerator noise) {
        int n = sample.length;
        if (previousX0.length != n) previousX0 = new double[n];
        int last = timesteps.length - 1;
        boolean firstOrder = !hasPrevious
                || (index == last && (eulerAtFinal || (lowerOrderFinal && timesteps.length < 15) || finalSigmaZero));

        // sigma is the variance-exploding level; alpha_t = 1 / sqrt(sigma^2 + 1), sigma_t = sigma * alpha_t
        double sigma = sigmas[index];
        double alphaS = 1 / Math.sqrt(sigma * sigma + 1), sigmaS = sigma * alphaS;
        double next = sigmas[index + 1];
        double alphaT = 1 / Math.sqrt(next * next + 1), sigmaT = next * alphaT;
        double lambdaS = Math.log(alphaS) - Math.log(sigmaS);
        double h = next == 0 ? Double.POSITIVE_INFINITY : Math.log(alphaT) - Math.log(sigmaT) - lambdaS;
        double ratio = next == 0 ? 0 : sigmaT / sigmaS;
        double phi = alphaT * (Math.exp(-h) - 1); // alpha_t * (e^-h - 1)
        double d1Factor = 0;
        if (!firstOrder) {
            double prev = sigmas[index - 1];
            double alphaP = 1 / Math.sqrt(prev * prev + 1), sigmaP = prev * alphaP;
            double h0 = lambdaS - (Math.log(alphaP) - Math.log(sigmaP));
            double r0 = h0 / h;
            // D1 = (m0 - m1) / r0; midpoint adds -0.5 * phi * D1, heun adds alpha_t * ((e^-h - 1) / h + 1) * D1
            d1Factor = (heun ? alphaT * ((Math.exp(-h) - 1) / h + 1) : -0.5 * phi) / r0;
        }
        float[] den = denoised;
        for (int i = 0; i < n; i++) {
            double x = sample[i];
            double x0 = predictOriginal(x, modelOutput[i], alphaS, sigmaS);
            double xNext = ratio * x - phi * x0;
            if (!firstOrder) xNext += d1Factor * (x0 - previousX0[i]);
            previousX0[i] = x0;
            den[i] = (float) x0;
            sample[i] = (float) xNext;
        }
        hasPrevious = true;
    }

    @Override
    void noise(float[] original, float[] noise, int index, float[] out) {
        double sigma = sigmas[index];
        double alpha = 1 / Math.sqrt(sigma * sigma + 1);
        for (int i = 0; i < out.length; i++) out[i] = (float) (alpha * original[i] + sigma * alpha * noise[i]);
    }

    @Override
    String detail() {
        return spacing + " spacing, steps_offset " + stepsOffset + (karras ? ", Karras sigmas" : "")
                + (heun ? ", heun" : "") + (finalSigmaZero ? "" : ", final sigma_min");
    }
}
