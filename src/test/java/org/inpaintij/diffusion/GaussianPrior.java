package org.inpaintij.diffusion;

/**
 * A latent prior whose exact denoiser is known: every latent value is independently x0 ~ N(mu, s^2). For a
 * variance-preserving input x_t = sqrt(abar) x0 + sqrt(1 - abar) eps the exact noise prediction is
 * eps = sqrt(1 - abar) (x_t - sqrt(abar) mu) / (abar s^2 + 1 - abar), affine in x_t. The noise schedule is
 * Stable Diffusion's (scaled-linear betas 0.00085..0.012 over 1000 steps), computed here in plain double
 * precision, independently of the scheduler package.
 */
final class GaussianPrior {

    final double mu;
    final double s;
    private static final double[] ABAR = new double[1000];
    private static final double[] SIGMA = new double[1000];

    static {
        double a = 1, b0 = Math.sqrt(0.00085), b1 = Math.sqrt(0.012);
        for (int t = 0; t < 1000; t++) {
            double sb = b0 + (b1 - b0) * t / 999.0;
            a *= 1 - sb * sb;
            ABAR[t] = a;
            SIGMA[t] = Math.sqrt((1 - a) / a);
        }
    }

    GaussianPrior(double mu, double s) {
        this.mu = mu;
        this.s = s;
    }

    /**
     * abar at a model timestep: the table at integer timesteps; between them, as the Euler schedulers place
     * fractional timesteps, by linear interpolation of sigma.
     */
    static double abar(double t) {
        if (t == Math.rint(t)) return ABAR[(int) t];
        int j = (int) Math.floor(t);
        double sigma = SIGMA[j] + (SIGMA[j + 1] - SIGMA[j]) * (t - j);
        return 1 / (1 + sigma * sigma);
    }

    /** Slope of the exact epsilon in x_t at timestep t. */
    double epsSlope(double t) {
        double a = abar(t);
        return Math.sqrt(1 - a) / (a * s * s + 1 - a);
    }

    /** Offset of the exact epsilon at timestep t. */
    double epsOffset(double t) {
        double a = abar(t);
        return -Math.sqrt(1 - a) * Math.sqrt(a) * mu / (a * s * s + 1 - a);
    }

    /** The exact epsilon-predicting model. */
    Denoiser epsilon() {
        return (x, t, k) -> {
            double e1 = epsSlope(t), e0 = epsOffset(t);
            float[] out = new float[x.length];
            for (int i = 0; i < x.length; i++) out[i] = (float) (e1 * x[i] + e0);
            return out;
        };
    }

    /** The same model predicting v = sqrt(abar) eps - sqrt(1 - abar) x0. */
    Denoiser velocity() {
        return (x, t, k) -> {
            double a = abar(t), e1 = epsSlope(t), e0 = epsOffset(t);
            float[] out = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                double eps = e1 * x[i] + e0;
                double x0 = (x[i] - Math.sqrt(1 - a) * eps) / Math.sqrt(a);
                out[i] = (float) (Math.sqrt(a) * eps - Math.sqrt(1 - a) * x0);
            }
            return out;
        };
    }
}
