package org.inpaintij.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.inpaintij.core.CancelledException;
import org.inpaintij.core.Monitor;
import org.inpaintij.diffusion.scheduler.Scheduler;
import org.inpaintij.diffusion.scheduler.SchedulerConfig;
import org.inpaintij.diffusion.scheduler.Schedulers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sampling loop with the exact denoiser of a Gaussian latent prior, x0 ~ N(mu, s^2) per latent value.
 *
 * <p>Because that denoiser is affine in its input and every scheduler update is affine in the sample (plus
 * fresh noise for the stochastic ones), each output value is {@code a * z + b + fresh}, where z is the
 * initial noise of that value and fresh is independent noise of variance w. The test derives a, b and w by
 * propagating those three numbers through the published update rules of each algorithm
 * ({@link #expected}), using the schedule (timesteps, sigmas) that the reference test checks against
 * diffusers. Tolerances then follow:
 * <ul>
 * <li>deterministic samplers: every output value must equal a z + b up to float32 rounding (2e-5; seen: 1.6e-6);
 * <li>stochastic samplers: the sample mean and standard deviation must be within 5 standard errors of
 * their expectation given z (n = 65536 values: about 0.002 and 0.0015);
 * <li>and a, b, w must describe the prior: the mean within 0.03 of mu (starting from N(0, 1) rather than
 * the true marginal at t = 999 alone shifts it by 0.024), and the spread within the algorithm's own
 * discretization error at that step count, which the propagation gives exactly: DDIM 40 steps -5.3%,
 * Euler 30 -8.3%, Euler Ancestral 40 -11.6% (first order), DPM++ 2M Karras 25 +0.9% (second order); the
 * allowances are 6%, 10%, 13% and 1.5%. LCM needs a consistency-distilled model: on a plain epsilon model
 * each step returns a posterior mean, so its spread must come out below s (0.24 here), not near it.
 * </ul>
 */
class SamplerTest {

    static final String SD15 = """
            {"_class_name": "PNDMScheduler", "beta_end": 0.012, "beta_schedule": "scaled_linear",
             "beta_start": 0.00085, "num_train_timesteps": 1000, "set_alpha_to_one": false,
             "skip_prk_steps": true, "steps_offset": 1, "clip_sample": false}
            """;
    static final GaussianPrior PRIOR = new GaussianPrior(0.7, 0.5);
    static final int H = 128, W = 128;
    static final long SEED = 1234;

    static Scheduler scheduler(String name) {
        return Schedulers.create(name, SchedulerConfig.parse(SD15, "sd15 scheduler_config.json"));
    }

    static Scheduler scheduler(String name, String prediction) {
        String cfg = SD15.replace("\"clip_sample\": false", "\"clip_sample\": false, \"prediction_type\": \"" + prediction + "\"");
        return Schedulers.create(name, SchedulerConfig.parse(cfg, "scheduler_config.json"));
    }

    /** Output value = a * z + b + fresh noise of variance w. */
    record Moments(double a, double b, double w) {
        Moments affine(double k, double c, double freshStd) {
            return new Moments(k * a, k * b + c, k * k * w + freshStd * freshStd);
        }
    }

    /**
     * a, b, w of the output for one algorithm, from the update rules as published (DDIM: Song et al. 2021,
     * eq. 12 with eta 0; Euler and Euler Ancestral: Karras et al. 2022 / k-diffusion; DPM-Solver++(2M): Lu et
     * al. 2022, Algorithm 2; LCM: Luo et al. 2023, Algorithm 1), with diffusers' step conventions.
     */
    static Moments expected(String name, Scheduler s, int steps) {
        s.setTimesteps(steps, 1.0);
        double[] ts = s.timesteps(), sig = s.sigmas();
        int n = ts.length;
        Moments x = new Moments(s.initNoiseSigma(), 0, 0);
        double prevA = 0, prevB = 0; // DPM++'s previous clean-latent estimate, a * z + b
        for (int i = 0; i < n; i++) {
            double t = ts[i], e1 = PRIOR.epsSlope(t), e0 = PRIOR.epsOffset(t);
            switch (name) {
                case "ddim" -> {
                    double ab = GaussianPrior.abar(t);
                    int prev = (int) t - 1000 / n;
                    double abp = GaussianPrior.abar(prev >= 0 ? prev : 0); // set_alpha_to_one false
                    // x0 = (x - sqrt(1-ab) eps) / sqrt(ab); x' = sqrt(abp) x0 + sqrt(1-abp) eps
                    double k = Math.sqrt(abp) * (1 - Math.sqrt(1 - ab) * e1) / Math.sqrt(ab) + Math.sqrt(1 - abp) * e1;
                    double c = -Math.sqrt(abp) * Math.sqrt(1 - ab) * e0 / Math.sqrt(ab) + Math.sqrt(1 - abp) * e0;
                    x = x.affine(k, c, 0);
                }
                case "euler", "euler_ancestral" -> {
                    double from = sig[i], to = sig[i + 1], up = 0, target = to;
                    if (name.equals("euler_ancestral")) {
                        up = Math.sqrt(to * to * (from * from - to * to) / (from * from));
                        target = Math.sqrt(to * to - up * up);
                    }
                    // the model sees x / sqrt(sigma^2 + 1); x' = x + eps * (target - sigma) + up * fresh
                    double scale = 1 / Math.sqrt(from * from + 1);
                    x = x.affine(1 + e1 * scale * (target - from), e0 * (target - from), up);
                }
                case "dpmpp_2m_karras" -> {
                    double as = 1 / Math.sqrt(sig[i] * sig[i] + 1), ss = sig[i] * as;
                    double at = 1 / Math.sqrt(sig[i + 1] * sig[i + 1] + 1), st = sig[i + 1] * at;
                    double g = (1 - ss * e1) / as, h0 = -ss * e0 / as; // x0 estimate = g x + h0
                    double mA = g * x.a(), mB = g * x.b() + h0;
                    double nextA, nextB;
                    if (sig[i + 1] == 0) { // the last step returns the estimate
                        nextA = mA;
                        nextB = mB;
                    } else {
                        double lambdaS = Math.log(as / ss), h = Math.log(at / st) - lambdaS;
                        double dA = mA, dB = mB;
                        if (i > 0) {
                            double ap = 1 / Math.sqrt(sig[i - 1] * sig[i - 1] + 1), sp = sig[i - 1] * ap;
                            double r = (lambdaS - Math.log(ap / sp)) / h;
                            dA = (1 + 1 / (2 * r)) * mA - prevA / (2 * r);
                            dB = (1 + 1 / (2 * r)) * mB - prevB / (2 * r);
                        }
                        double phi = at * (Math.exp(-h) - 1);
                        nextA = st / ss * x.a() - phi * dA;
                        nextB = st / ss * x.b() - phi * dB;
                    }
                    prevA = mA;
                    prevB = mB;
                    x = new Moments(nextA, nextB, 0);
                }
                case "lcm" -> {
                    double ab = GaussianPrior.abar(t);
                    boolean last = i == n - 1;
                    double abp = last ? ab : GaussianPrior.abar(ts[i + 1]);
                    double scaled = 10 * t, cSkip = 0.25 / (scaled * scaled + 0.25);
                    double cOut = scaled / Math.sqrt(scaled * scaled + 0.25);
                    // d = c_out x0 + c_skip x; x' = sqrt(abp) d + sqrt(1 - abp) fresh (just d at the end)
                    double k = cOut * (1 - Math.sqrt(1 - ab) * e1) / Math.sqrt(ab) + cSkip;
                    double c = -cOut * Math.sqrt(1 - ab) * e0 / Math.sqrt(ab);
                    x = last ? x.affine(k, c, 0) : x.affine(Math.sqrt(abp) * k, Math.sqrt(abp) * c, Math.sqrt(1 - abp));
                }
                default -> throw new IllegalArgumentException(name);
            }
        }
        return x;
    }

    static double mean(float[] v) {
        double m = 0;
        for (float x : v) m += x;
        return m / v.length;
    }

    static double std(float[] v) {
        double m = mean(v), q = 0;
        for (float x : v) q += (x - m) * (x - m);
        return Math.sqrt(q / v.length);
    }

    @ParameterizedTest
    @CsvSource({"ddim, 40, 0.06", "euler, 30, 0.10", "dpmpp_2m_karras, 25, 0.015", "euler_ancestral, 40, 0.13",
        "lcm, 4, 0"})
    void samplesFollowTheGaussianPrior(String name, int steps, double spreadAllowance) {
        float[] x = Sampler.run(SamplingSpec.of(H, W, steps, SEED), scheduler(name), PRIOR.epsilon(), Monitor.NONE);
        float[] z = new TorchGenerator(SEED).randn(x.length);
        Moments e = expected(name, scheduler(name), steps);
        double n = x.length;
        System.out.printf("%s %d steps: mean %.4f std %.4f; expected a=%.4f b=%.4f w=%.4f -> mean %.4f std %.4f%n",
                name, steps, mean(x), std(x), e.a(), e.b(), e.w(), e.b(), Math.sqrt(e.a() * e.a() + e.w()));
        if (e.w() == 0) {
            for (int i = 0; i < x.length; i++) assertEquals(e.a() * z[i] + e.b(), x[i], 2e-5, name + " value " + i);
        } else {
            double expMean = e.b() + e.a() * mean(z);
            double expStd = Math.sqrt(e.a() * e.a() * std(z) * std(z) + e.w());
            assertEquals(expMean, mean(x), 5 * Math.sqrt(e.w() / n), name + " mean");
            assertEquals(expStd, std(x), 5 * expStd / Math.sqrt(2 * n), name + " std");
        }
        double popStd = Math.sqrt(e.a() * e.a() + e.w());
        assertEquals(PRIOR.mu, e.b(), 0.03, name + " approximates the prior's mean");
        if (name.equals("lcm")) {
            assertTrue(popStd < 0.6 * PRIOR.s, "LCM on an epsilon model shrinks towards the posterior mean: " + popStd);
        } else {
            assertEquals(PRIOR.s, popStd, spreadAllowance * PRIOR.s, name + " approximates the prior's spread");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ddim", "euler", "euler_ancestral", "dpmpp_2m_karras", "lcm"})
    void latentBlendKeepsTheKnownRegionExactly(String name) {
        int h = 16, w = 16, hw = h * w, steps = name.equals("lcm") ? 4 : 20;
        float[] known = new TorchGenerator(99).randn(4 * hw);
        float[] mask = new float[hw];
        for (int p = 0; p < hw; p++) mask[p] = p % w < w / 2 ? 0f : 1f; // left half kept, right half repainted
        SamplingSpec plain = SamplingSpec.of(h, w, steps, SEED);
        float[] free = Sampler.run(plain, scheduler(name), PRIOR.epsilon(), Monitor.NONE);
        float[] blended = Sampler.run(plain.withBlend(known, mask), scheduler(name), PRIOR.epsilon(), Monitor.NONE);
        int kept = 0;
        for (int c = 0; c < 4; c++) {
            for (int p = 0; p < hw; p++) {
                int i = c * hw + p;
                if (mask[p] == 0) {
                    assertEquals(known[i], blended[i], 0.0, name + ": kept value " + i + " must be the known latent");
                    kept++;
                } else {
                    // each value is denoised on its own, so the repainted half is what it is without a blend
                    assertEquals(free[i], blended[i], 0.0, name + ": repainted value " + i);
                }
            }
        }
        assertEquals(2 * hw, kept);
    }

    @Test
    void softMaskBlendsEveryStep() {
        int h = 4, w = 4, hw = h * w;
        float[] known = new float[4 * hw];
        java.util.Arrays.fill(known, 3f);
        float[] mask = new float[hw];
        java.util.Arrays.fill(mask, 0.5f);
        // with a constant known latent and m = 0.5, the last blend is 0.5 * 3 + 0.5 * x: the result lies
        // halfway between 3 and what the last step produced, so it cannot be the free sample or 3
        float[] x = Sampler.run(SamplingSpec.of(h, w, 10, SEED).withBlend(known, mask), scheduler("ddim"),
                PRIOR.epsilon(), Monitor.NONE);
        for (float v : x) assertTrue(v > 0.7 && v < 3, "soft-blended value " + v);
    }

    @Test
    void smallStrengthStaysCloseToTheInit() {
        int n = 4 * H * W;
        float[] init = new TorchGenerator(77).randn(n);
        for (int i = 0; i < n; i++) init[i] = (float) (PRIOR.mu + PRIOR.s * init[i]);
        SamplingSpec spec = SamplingSpec.of(H, W, 50, SEED).withInit(init, 0.0);
        float[] none = Sampler.run(spec, scheduler("ddim"), PRIOR.epsilon(), Monitor.NONE);
        assertEquals(0, rms(none, init), 0.0, "strength 0 runs no step and returns the init");
        double previous = 0;
        for (double strength : new double[] {0.1, 0.3, 0.6, 1.0}) {
            Scheduler s = scheduler("ddim");
            float[] x = Sampler.run(spec.withInit(init, strength), s, PRIOR.epsilon(), Monitor.NONE);
            double change = rms(x, init);
            // exact probability flow: x_t = sqrt(ab) x0 + sqrt(1 - ab) n is mapped back to
            // mu + s (x_t - sqrt(ab) mu) / sqrt(v), v = ab s^2 + 1 - ab, so x0' - x0 = (k - 1)(x0 - mu) + c n
            // with k = s sqrt(ab / v) and c = s sqrt((1 - ab) / v); its RMS is s sqrt((k - 1)^2 + c^2 / s^2)
            double ab = GaussianPrior.abar(s.timestep(s.startIndex())), sd = PRIOR.s;
            double v = ab * sd * sd + 1 - ab, k = sd * Math.sqrt(ab / v), c = sd * Math.sqrt((1 - ab) / v);
            double predicted = Math.sqrt((k - 1) * (k - 1) * sd * sd + c * c);
            System.out.printf("strength %.1f: rms change %.4f, exact flow %.4f%n", strength, change, predicted);
            // DDIM's first-order error at 20 training steps per step is under 3% here; 5% allowed
            assertEquals(predicted, change, 0.05 * predicted, "strength " + strength);
            assertTrue(change > previous, "more strength, more change");
            previous = change;
        }
    }

    static double rms(float[] a, float[] b) {
        double q = 0;
        for (int i = 0; i < a.length; i++) q += (a[i] - b[i]) * (double) (a[i] - b[i]);
        return Math.sqrt(q / a.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ddim", "euler", "euler_ancestral", "dpmpp_2m_karras", "lcm"})
    void vPredictionGivesTheSameSamples(String name) {
        int steps = name.equals("lcm") ? 4 : 20;
        SamplingSpec spec = SamplingSpec.of(16, 16, steps, SEED);
        float[] eps = Sampler.run(spec, scheduler(name, "epsilon"), PRIOR.epsilon(), Monitor.NONE);
        float[] v = Sampler.run(spec, scheduler(name, "v_prediction"), PRIOR.velocity(), Monitor.NONE);
        for (int i = 0; i < eps.length; i++) assertEquals(eps[i], v[i], 1e-3, name + " value " + i);
    }

    @Test
    void sameSeedSameSamplesOtherSeedOtherSamples() {
        SamplingSpec spec = SamplingSpec.of(8, 8, 10, 42);
        float[] a = Sampler.run(spec, scheduler("euler_ancestral"), PRIOR.epsilon(), Monitor.NONE);
        float[] b = Sampler.run(spec, scheduler("euler_ancestral"), PRIOR.epsilon(), Monitor.NONE);
        float[] c = Sampler.run(spec.withSeed(43), scheduler("euler_ancestral"), PRIOR.epsilon(), Monitor.NONE);
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
        assertTrue(rms(a, c) > 0.1);
    }

    @Test
    void reportsProgressAndStopsWhenCancelled() {
        List<Double> fractions = new ArrayList<>();
        int[] calls = {0};
        Monitor recording = new Monitor() {
            @Override
            public void progress(double fraction, String status) {
                fractions.add(fraction);
            }

            @Override
            public boolean isCancelled() {
                return calls[0] >= 3;
            }
        };
        Denoiser counting = (x, t, k) -> {
            assertEquals(calls[0], k, "step index among the steps run");
            calls[0]++;
            return PRIOR.epsilon().predict(x, t, k);
        };
        assertThrows(CancelledException.class,
                () -> Sampler.run(SamplingSpec.of(8, 8, 10, SEED), scheduler("euler"), counting, recording));
        assertEquals(3, calls[0], "no model call after the cancel");
        assertEquals(List.of(0.1, 0.2, 0.3), fractions.stream().map(f -> Math.round(f * 10) / 10.0).toList());

        fractions.clear();
        calls[0] = -100; // never cancels
        Denoiser plain = PRIOR.epsilon();
        Sampler.run(SamplingSpec.of(8, 8, 10, SEED).withInit(new float[256], 0.5), scheduler("euler"), plain, recording);
        assertEquals(5, fractions.size(), "strength 0.5 of 10 steps runs 5");
        assertEquals(1.0, fractions.get(4), 1e-12);
    }

    /**
     * With a model that predicts no noise, Euler leaves its start unchanged, so the result is the start: pure
     * noise times the init sigma without init latents (diffusers' inpaint pipeline at strength 1), and the init
     * latents noised to the first sigma with them, at strength 1 too (its img2img pipeline).
     */
    @Test
    void initLatentsAreTheStartEvenAtFullStrength() {
        int h = 4, w = 4, n = 4 * h * w;
        Denoiser none = (x, t, k) -> new float[x.length];
        float[] init = new TorchGenerator(5).randn(n);
        float[] noise = new TorchGenerator(SEED).randn(n);
        Scheduler s = scheduler("euler");
        s.setTimesteps(10, 1.0);
        float[] pure = Sampler.run(SamplingSpec.of(h, w, 10, SEED), scheduler("euler"), none, Monitor.NONE);
        float[] img = Sampler.run(SamplingSpec.of(h, w, 10, SEED).withInit(init, 1.0), scheduler("euler"), none,
                Monitor.NONE);
        for (int i = 0; i < n; i++) {
            assertEquals(noise[i] * (float) s.initNoiseSigma(), pure[i], 0.0, "pure noise " + i);
            assertEquals((float) (init[i] + noise[i] * s.sigmas()[0]), img[i], 0.0, "noised init " + i);
        }
    }

    @Test
    void refusesAWrongSizedModelOutputAndAnUnresolvedSeed() {
        Denoiser broken = (x, t, k) -> new float[x.length - 1];
        assertThrows(IllegalStateException.class,
                () -> Sampler.run(SamplingSpec.of(8, 8, 4, SEED), scheduler("ddim"), broken, Monitor.NONE));
        assertThrows(IllegalArgumentException.class, () -> SamplingSpec.of(8, 8, 4, TorchGenerator.RANDOM_SEED));
        assertThrows(IllegalArgumentException.class,
                () -> SamplingSpec.of(8, 8, 4, SEED).withInit(null, 0.5), "strength below 1 needs init latents");
        assertThrows(IllegalArgumentException.class,
                () -> SamplingSpec.of(8, 8, 4, SEED).withBlend(new float[256], new float[63]));
    }
}
