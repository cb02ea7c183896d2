package org.inpaintij.diffusion;

import org.inpaintij.diffusion.model.TinyModels;

/**
 * What a sampler must produce on the analytic model, derived here from the samplers' update equations (as
 * diffusers writes them) and the closed-form noise prediction eps = A_t (x_t - sqrt(abar_t) mu), A_t =
 * sqrt(1 - abar_t) / (abar_t s^2 + 1 - abar_t). Every step is affine in the latent plus independent fresh
 * noise, so each latent of the result is Gaussian with a mean and variance that these recursions give exactly
 * for the discrete method. The schedule itself (timesteps, sigmas) is the input: it comes from the scheduler,
 * which is tested against diffusers' own numbers elsewhere.
 */
final class GaussianPriorTheory {

    static final double[] ABAR = TinyModels.alphasCumprod();

    private GaussianPriorTheory() {}

    /** Mean and variance of one latent. */
    record Moments(double mean, double var) {
        double std() {
            return Math.sqrt(var);
        }
    }

    private static double a(double abar, double s) {
        return Math.sqrt(1 - abar) / (abar * s * s + 1 - abar);
    }

    /** abar at a (possibly fractional) timestep, as the analytic UNet reads it: log sigma interpolated. */
    static double abarAt(double t) {
        int lo = (int) Math.max(0, Math.min(998, Math.floor(t)));
        double f = t - lo;
        double l0 = 0.5 * Math.log((1 - ABAR[lo]) / ABAR[lo]);
        double l1 = 0.5 * Math.log((1 - ABAR[lo + 1]) / ABAR[lo + 1]);
        double sigma = Math.exp(l0 + f * (l1 - l0));
        return 1 / (1 + sigma * sigma);
    }

    /**
     * DDIM (eta 0) over {@code timesteps} from {@code start}, starting from x ~ N(m0, q0): x0hat = (x - sqrt(1 -
     * abar) eps) / sqrt(abar); x' = sqrt(abar') x0hat + sqrt(1 - abar') eps, abar' of the next timestep, or
     * abar[0] after the last (set_alpha_to_one false).
     */
    static Moments ddim(double[] timesteps, int start, double m0, double q0, double mu, double s) {
        double m = m0, q = q0;
        for (int i = start; i < timesteps.length; i++) {
            double ab = ABAR[(int) timesteps[i]];
            double abp = i + 1 < timesteps.length ? ABAR[(int) timesteps[i + 1]] : ABAR[0];
            double A = a(ab, s);
            // x' = k x + c
            double epsK = A, epsC = -A * Math.sqrt(ab) * mu;
            double x0K = (1 - Math.sqrt(1 - ab) * epsK) / Math.sqrt(ab), x0C = -Math.sqrt(1 - ab) * epsC / Math.sqrt(ab);
            double k = Math.sqrt(abp) * x0K + Math.sqrt(1 - abp) * epsK;
            double c = Math.sqrt(abp) * x0C + Math.sqrt(1 - abp) * epsC;
            m = k * m + c;
            q = k * k * q;
        }
        return new Moments(m, q);
    }

    /**
     * Euler and Euler Ancestral in sigma space, from x ~ N(m0, q0) at sigmas[start]: the UNet sees x / sqrt(sigma^2
     * + 1) at the timestep whose abar is 1 / (1 + sigma^2); x' = x + (sigma_down - sigma) eps + sigma_up n, with
     * sigma_up = sqrt(sigma'^2 (sigma^2 - sigma'^2) / sigma^2), sigma_down = sqrt(sigma'^2 - sigma_up^2) for the
     * ancestral one and sigma_down = sigma', sigma_up = 0 for plain Euler.
     */
    static Moments euler(double[] sigmas, int start, boolean ancestral, double m0, double q0, double mu, double s) {
        double m = m0, q = q0;
        for (int i = start; i < sigmas.length - 1; i++) {
            double sg = sigmas[i], next = sigmas[i + 1];
            double ab = 1 / (1 + sg * sg);
            double A = a(ab, s);
            double up = 0, down = next;
            if (ancestral) {
                up = Math.sqrt(next * next * (sg * sg - next * next) / (sg * sg));
                down = Math.sqrt(next * next - up * up);
            }
            double k = 1 + (down - sg) * A / Math.sqrt(sg * sg + 1);
            double c = -(down - sg) * A * Math.sqrt(ab) * mu;
            m = k * m + c;
            q = k * k * q + up * up;
        }
        return new Moments(m, q);
    }

    /**
     * The LCM sampler from x ~ N(m0, q0) at timesteps[start]: denoised = c_skip x + c_out x0hat, c_skip = 0.25 / ((10 t)^2 + 0.25),
     * c_out = 10 t / sqrt((10 t)^2 + 0.25); x' = sqrt(abar') denoised + sqrt(1 - abar') n; the result is the
     * last step's denoised.
     */
    static Moments lcm(double[] timesteps, int start, double m0, double q0, double mu, double s) {
        double m = m0, q = q0, dm = 0, dq = 0;
        for (int i = start; i < timesteps.length; i++) {
            double t = timesteps[i], ab = ABAR[(int) t];
            double A = a(ab, s);
            double x0K = (1 - Math.sqrt(1 - ab) * A) / Math.sqrt(ab);
            double x0C = Math.sqrt(1 - ab) * A * Math.sqrt(ab) * mu / Math.sqrt(ab);
            double st = 10 * t;
            double cSkip = 0.25 / (st * st + 0.25), cOut = st / Math.sqrt(st * st + 0.25);
            double k = cSkip + cOut * x0K, c = cOut * x0C;
            dm = k * m + c;
            dq = k * k * q;
            if (i + 1 < timesteps.length) {
                double abp = ABAR[(int) timesteps[i + 1]];
                m = Math.sqrt(abp) * dm;
                q = abp * dq + 1 - abp;
            }
        }
        return new Moments(dm, dq);
    }

    /**
     * The probability-flow ODE itself (what a high-order sampler approaches) from x ~ N(m0, q0) at abar0: it
     * keeps (x - sqrt(abar) mu) / sqrt(abar s^2 + 1 - abar) fixed, so x0 = mu + s (x - sqrt(abar0) mu) /
     * sqrt(abar0 s^2 + 1 - abar0).
     */
    static Moments ode(double abar0, double m0, double q0, double mu, double s) {
        double k = s / Math.sqrt(abar0 * s * s + 1 - abar0);
        return new Moments(mu + k * (m0 - Math.sqrt(abar0) * mu), k * k * q0);
    }
}
