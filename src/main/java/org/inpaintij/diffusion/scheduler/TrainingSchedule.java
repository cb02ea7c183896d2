package org.inpaintij.diffusion.scheduler;

/**
 * The training noise schedule shared by every scheduler: betas, their cumulative product of alphas, and the
 * matching noise levels {@code sigma = sqrt((1 - abar) / abar)}, indexed by training timestep.
 *
 * <p>diffusers builds these tables in float32 (torch), and the rounding shows: at t = 0, {@code 1 - abar} is a
 * cancellation, so a double table differs by 1.3e-5 in sigma_min and by 1e-3 in Karras timesteps. To match
 * diffusers within 1e-4 the tables are therefore built exactly as torch does on the CPU: linspace in float32,
 * squared in float32, the cumulative product accumulated in double and rounded to float32 per entry, and
 * sigmas computed in float32. Everything derived from them is then computed in double.
 */
final class TrainingSchedule {

    final int size;
    /** Cumulative products of alphas (float32 values), index = training timestep. */
    final double[] alphasCumprod;
    /** Noise levels sqrt((1 - abar) / abar) (float32 values), ascending with the timestep. */
    final double[] sigmas;
    /** Natural logs of {@link #sigmas} in float32, as diffusers' numpy code has them. */
    final double[] logSigmas;

    private TrainingSchedule(double[] alphasCumprod) {
        this.size = alphasCumprod.length;
        this.alphasCumprod = alphasCumprod;
        this.sigmas = new double[size];
        this.logSigmas = new double[size];
        for (int t = 0; t < size; t++) {
            float ab = (float) alphasCumprod[t];
            float s = (float) Math.sqrt((1f - ab) / ab);
            sigmas[t] = s;
            logSigmas[t] = (float) Math.log(s);
        }
    }

    /** The schedule the settings describe (betas, num_train_timesteps, trained_betas). */
    static TrainingSchedule of(Settings s) {
        s.requireOff("rescale_betas_zero_snr");
        int n = s.integer("num_train_timesteps");
        if (n < 2 || n > 100_000) throw s.bad("num_train_timesteps", s.config().get("num_train_timesteps"),
                "an integer from 2 to 100000");
        double[] trained = s.numbers("trained_betas");
        float[] betas;
        if (trained != null) {
            if (trained.length != n) {
                throw s.bad("trained_betas", null, num(n) + " betas (num_train_timesteps), not " + trained.length);
            }
            betas = new float[n];
            for (int i = 0; i < n; i++) betas[i] = (float) trained[i];
        } else {
            String schedule = s.choice("beta_schedule", "scaled_linear", "linear");
            double start = s.number("beta_start"), end = s.number("beta_end");
            if (schedule.equals("scaled_linear")) {
                betas = linspaceFloat32(Math.sqrt(start), Math.sqrt(end), n);
                for (int i = 0; i < n; i++) betas[i] = betas[i] * betas[i];
            } else {
                betas = linspaceFloat32(start, end, n);
            }
        }
        double[] abar = new double[n];
        double acc = 1;
        for (int i = 0; i < n; i++) {
            float beta = betas[i];
            if (!(beta > 0 && beta < 1)) {
                throw s.bad(trained != null ? "trained_betas" : "beta_end", null, "betas strictly between 0 and 1");
            }
            acc *= (1f - beta);
            abar[i] = (float) acc;
        }
        return new TrainingSchedule(abar);
    }

    private static String num(int n) {
        return Integer.toString(n);
    }

    /**
     * torch.linspace(start, end, n, dtype=float32) on the CPU: a float32 step, the first half counted up from
     * start and the second half counted down from end.
     */
    static float[] linspaceFloat32(double start, double end, int n) {
        float s = (float) start, e = (float) end;
        float step = (e - s) / (n - 1);
        float[] out = new float[n];
        int half = n / 2;
        for (int i = 0; i < n; i++) out[i] = i < half ? s + step * i : e - step * (n - 1 - i);
        return out;
    }

    /** numpy.interp of the sigma table at a (possibly fractional) timestep, clamped at both ends. */
    double sigmaAt(double t) {
        if (t <= 0) return sigmas[0];
        if (t >= size - 1) return sigmas[size - 1];
        int j = (int) Math.floor(t);
        double slope = sigmas[j + 1] - sigmas[j];
        return slope * (t - j) + sigmas[j];
    }

    /**
     * The fractional timestep whose log-sigma matches, by linear interpolation in log-sigma between the two
     * training timesteps that bracket it (diffusers' {@code _sigma_to_t}).
     */
    double timestepOf(double sigma) {
        double logSigma = Math.log(Math.max(sigma, 1e-10));
        int low = 0;
        for (int t = 0; t < size; t++) {
            if (logSigma - logSigmas[t] >= 0) low = t;
        }
        low = Math.min(low, size - 2);
        int high = low + 1;
        double w = (logSigmas[low] - logSigma) / (logSigmas[low] - logSigmas[high]);
        w = Math.max(0, Math.min(1, w));
        return (1 - w) * low + w * high;
    }

    /** Karras et al. (2022) noise levels: n values from sigmaMax down to sigmaMin, evenly spaced in sigma^(1/7). */
    static double[] karras(double sigmaMin, double sigmaMax, int n) {
        double rho = 7.0;
        double minInv = Math.pow(sigmaMin, 1 / rho), maxInv = Math.pow(sigmaMax, 1 / rho);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double ramp = n == 1 ? 0 : (i == n - 1 ? 1 : i * (1.0 / (n - 1)));
            out[i] = Math.pow(maxInv + ramp * (minInv - maxInv), rho);
        }
        return out;
    }

    /** sigma_min, the noise level of timestep 0 (final_sigmas_type "sigma_min"). */
    double sigmaMin() {
        return sigmas[0];
    }
}
