package org.inpaintij.diffusion.scheduler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.inpaintij.core.BadInputException;
import org.inpaintij.diffusion.TorchGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Config mapping, errors, img2img start, noising, and exactness properties of every scheduler. */
class SchedulerBehaviourTest {

    /** Stable Diffusion 1.5's scheduler/scheduler_config.json as published (written by an old diffusers). */
    static final String SD15_PNDM = """
            {"_class_name": "PNDMScheduler", "_diffusers_version": "0.6.0", "beta_end": 0.012,
             "beta_schedule": "scaled_linear", "beta_start": 0.00085, "num_train_timesteps": 1000,
             "set_alpha_to_one": false, "skip_prk_steps": true, "steps_offset": 1, "trained_betas": null,
             "clip_sample": false}
            """;

    /** An SD 2.x 768 (v-prediction) Euler config. */
    static final String SD2_EULER_V = """
            {"_class_name": "EulerDiscreteScheduler", "beta_end": 0.012, "beta_schedule": "scaled_linear",
             "beta_start": 0.00085, "num_train_timesteps": 1000, "prediction_type": "v_prediction",
             "steps_offset": 1, "timestep_spacing": "leading"}
            """;

    static SchedulerConfig cfg(String json) {
        return SchedulerConfig.parse(json, "scheduler_config.json");
    }

    static SchedulerConfig withPrediction(String prediction) {
        return cfg("""
                {"_class_name": "EulerDiscreteScheduler", "beta_end": 0.012, "beta_schedule": "scaled_linear",
                 "beta_start": 0.00085, "steps_offset": 1, "prediction_type": "%s", "clip_sample": false,
                 "set_alpha_to_one": false}
                """.formatted(prediction));
    }

    @Test
    void pndmDefaultIsDdimWithTheModelsBetasAndSpacing() {
        Scheduler s = Schedulers.create("default", cfg(SD15_PNDM));
        assertEquals("ddim", s.name());
        s.setTimesteps(20, 1.0);
        double[] t = s.timesteps();
        assertEquals(951, t[0]);
        assertEquals(1, t[19], "leading spacing with steps_offset 1");
        assertEquals(1.0, s.initNoiseSigma());
        // a PNDM config without set_alpha_to_one still gets PNDM's own default (false), not DDIM's (true)
        Scheduler bare = Schedulers.create("default", cfg("""
                {"_class_name": "PNDMScheduler", "beta_schedule": "scaled_linear", "beta_start": 0.00085,
                 "beta_end": 0.012}"""));
        assertTrue(bare.describe().contains("leading") && !bare.describe().contains("set_alpha_to_one")
                && !bare.describe().contains("clip_sample"), bare.describe());
    }

    @Test
    void explicitNamesKeepTheConfigAndTakeTheAlgorithmsDefaults() {
        // SD 1.5's file has no timestep_spacing: diffusers' Euler.from_config falls back to Euler's linspace
        Scheduler euler = Schedulers.create("euler", cfg(SD15_PNDM));
        euler.setTimesteps(20, 1.0);
        assertEquals(999, euler.timesteps()[0]);
        assertEquals(0, euler.timesteps()[19]);
        assertEquals(14.6146, euler.initNoiseSigma(), 1e-4);
        // with "leading" in the file, Euler keeps it and its init sigma becomes sqrt(sigma_max^2 + 1)
        Scheduler leading = Schedulers.create("euler", cfg(SD2_EULER_V));
        leading.setTimesteps(20, 1.0);
        assertEquals(951, leading.timesteps()[0], 1e-9);
        double sigmaMax = leading.sigmas()[0];
        assertEquals(Math.sqrt(sigmaMax * sigmaMax + 1), leading.initNoiseSigma(), 1e-5);
        assertTrue(leading.describe().contains("v_prediction"), leading.describe());
    }

    @Test
    void dpmNamesChooseKarrasSigmas() {
        SchedulerConfig c = cfg(SD15_PNDM);
        Scheduler plain = Schedulers.create("dpmpp_2m", c), karras = Schedulers.create("dpmpp_2m_karras", c);
        plain.setTimesteps(20, 1.0);
        karras.setTimesteps(20, 1.0);
        assertEquals(999, plain.timesteps()[0]);
        assertEquals(plain.sigmas()[0], karras.sigmas()[0], 1e-5, "both start at sigma_max");
        assertTrue(karras.sigmas()[10] < plain.sigmas()[10] * 0.8, "Karras spends more steps at low noise");
        assertEquals("dpmpp_2m_karras", Schedulers.resolve("default", cfg("""
                {"_class_name": "DPMSolverMultistepScheduler", "use_karras_sigmas": true}""")));
        assertEquals("dpmpp_2m", Schedulers.resolve("default", cfg("""
                {"_class_name": "UniPCMultistepScheduler", "beta_schedule": "scaled_linear"}""")));
        assertEquals("euler", Schedulers.resolve("default", cfg("{\"_class_name\": \"LMSDiscreteScheduler\"}")));
    }

    @Test
    void unknownNamesAndClassesAreRefusedClearly() {
        BadInputException e = assertThrows(BadInputException.class, () -> Schedulers.create("heun", cfg(SD15_PNDM)));
        assertTrue(e.getMessage().contains("heun") && e.getMessage().contains("dpmpp_2m_karras"), e.getMessage());
        SchedulerConfig flow = cfg("{\"_class_name\": \"FlowMatchEulerDiscreteScheduler\", \"shift\": 3.0}");
        e = assertThrows(BadInputException.class, () -> Schedulers.create("default", flow));
        assertTrue(e.getMessage().contains("FlowMatchEulerDiscreteScheduler"), e.getMessage());
        assertEquals("euler", Schedulers.create("euler", flow).name(), "an explicit name still works");
    }

    @Test
    void unsupportedOrMistypedConfigValuesNameTheKey() {
        String[][] cases = {
            {"{\"rescale_betas_zero_snr\": true}", "rescale_betas_zero_snr"},
            {"{\"beta_schedule\": \"squaredcos_cap_v2\"}", "beta_schedule"},
            {"{\"steps_offset\": \"one\"}", "steps_offset"},
            {"{\"prediction_type\": \"sample\"}", "prediction_type"},
            {"{\"timestep_spacing\": \"quadratic\"}", "timestep_spacing"},
            {"{\"use_karras_sigmas\": 1}", "use_karras_sigmas"},
            {"{\"trained_betas\": [0.1, 0.2]}", "trained_betas"},
        };
        for (String[] c : cases) {
            BadInputException e = assertThrows(BadInputException.class,
                    () -> Schedulers.create("euler", cfg("{\"_class_name\": \"EulerDiscreteScheduler\", "
                            + c[0].substring(1))), c[0]);
            assertTrue(e.getMessage().contains(c[1]) && e.getMessage().contains("scheduler_config.json"),
                    e.getMessage());
        }
        assertThrows(BadInputException.class, () -> cfg("[1, 2]"));
        assertThrows(BadInputException.class, () -> cfg("{\"beta_end\": "));
    }

    @Test
    void readsAConfigFileAndNamesAMissingOne(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("scheduler_config.json");
        Files.writeString(f, SD15_PNDM);
        SchedulerConfig c = SchedulerConfig.read(f);
        assertEquals("PNDMScheduler", c.className());
        assertTrue(c.has("steps_offset") && !c.has("trained_betas"), "null values count as absent");
        BadInputException e = assertThrows(BadInputException.class,
                () -> SchedulerConfig.read(dir.resolve("missing.json")));
        assertTrue(e.getMessage().contains("missing.json"), e.getMessage());
    }

    @Test
    void trainedBetasAreUsed() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < 1000; i++) b.append(i == 0 ? "" : ",").append(0.01);
        Scheduler s = Schedulers.create("euler", cfg("{\"trained_betas\": " + b + "]}"));
        s.setTimesteps(2, 1.0); // linspace: timesteps 999 and 0
        // constant beta 0.01: abar(999) = 0.99^1000, sigma = sqrt((1 - abar) / abar)
        double abar = Math.pow(0.99, 1000);
        assertEquals(Math.sqrt((1 - abar) / abar), s.sigmas()[0], 1e-3 * s.sigmas()[0]);
    }

    @Test
    void stepsAndStrengthAreChecked() {
        Scheduler s = Schedulers.create("ddim", cfg(SD15_PNDM));
        assertThrows(BadInputException.class, () -> s.setTimesteps(0, 1.0));
        assertThrows(BadInputException.class, () -> s.setTimesteps(1001, 1.0));
        assertThrows(BadInputException.class, () -> s.setTimesteps(20, 1.5));
        assertThrows(BadInputException.class, () -> s.setTimesteps(20, Double.NaN));
        Scheduler lcm = Schedulers.create("lcm", cfg(SD15_PNDM));
        BadInputException e = assertThrows(BadInputException.class, () -> lcm.setTimesteps(51, 1.0));
        assertTrue(e.getMessage().contains("50"), e.getMessage());
        assertThrows(IllegalStateException.class, s::timesteps, "no schedule yet");
    }

    @Test
    void strengthRunsTheLastStepsOnly() {
        Scheduler s = Schedulers.create("ddim", cfg(SD15_PNDM));
        s.setTimesteps(50, 0.75);
        assertEquals(13, s.startIndex(), "int(50 * 0.75) = 37 steps run, from index 13");
        assertEquals(37, s.stepsToRun());
        assertEquals(721, s.timestep(13));
        s.setTimesteps(20, 0.01);
        assertEquals(0, s.stepsToRun(), "nothing left to run");
        s.setTimesteps(4, 1.0);
        assertEquals(0, s.startIndex());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ddim", "euler", "euler_ancestral", "dpmpp_2m", "dpmpp_2m_karras", "lcm"})
    void stepsMustComeInOrder(String name) {
        Scheduler s = Schedulers.create(name, cfg(SD15_PNDM));
        float[] x = new float[8], out = new float[8];
        TorchGenerator g = new TorchGenerator(1);
        assertThrows(IllegalStateException.class, () -> s.step(out, 0, x, g), "before setTimesteps");
        s.setTimesteps(4, 1.0);
        assertThrows(IllegalStateException.class, () -> s.step(out, 1, x, g));
        s.step(out, 0, x, g);
        assertThrows(IllegalStateException.class, () -> s.step(out, 0, x, g), "twice");
        s.setTimesteps(4, 1.0);
        s.step(out, 0, x, g); // setTimesteps resets
    }

    @ParameterizedTest
    @ValueSource(strings = {"ddim", "euler", "euler_ancestral", "dpmpp_2m", "dpmpp_2m_karras", "lcm"})
    void addNoiseFollowsTheForwardProcessAndIsCleanAtTheEnd(String name) {
        Scheduler s = Schedulers.create(name, cfg(SD15_PNDM));
        s.setTimesteps(10, 1.0);
        float[] x0 = {1f, -2f, 0.5f}, n = {0.3f, 0.7f, -1.1f}, out = new float[3];
        s.addNoise(x0, n, s.steps(), out);
        assertArrayEquals(x0, out, "index steps() is the clean end of the schedule");
        int i = 3;
        s.addNoise(x0, n, i, out);
        boolean sigmaSpace = name.startsWith("euler");
        double abar = abar((int) Math.round(s.timestep(i)));
        for (int k = 0; k < 3; k++) {
            double expected;
            if (sigmaSpace) expected = x0[k] + n[k] * s.sigmas()[i];
            else if (name.startsWith("dpm")) {
                double sig = s.sigmas()[i], a = 1 / Math.sqrt(sig * sig + 1);
                expected = a * x0[k] + sig * a * n[k];
            } else expected = Math.sqrt(abar) * x0[k] + Math.sqrt(1 - abar) * n[k];
            assertEquals(expected, out[k], 1e-5);
        }
    }

    /** SD's scaled-linear cumulative alpha in plain double precision (an independent check of the tables). */
    static double abar(int t) {
        double a = 1;
        double s0 = Math.sqrt(0.00085), s1 = Math.sqrt(0.012);
        for (int i = 0; i <= t; i++) {
            double b = s0 + (s1 - s0) * i / 999.0;
            a *= 1 - b * b;
        }
        return a;
    }

    /**
     * Steps draw where diffusers' {@code step} calls {@code randn_tensor}, one tensor of the latents' size each:
     * Euler Ancestral at every step (the last, whose sigma_up is 0, included), LCM at every step but the last, the
     * others never. So after the steps the generator is where diffusers' is.
     */
    @ParameterizedTest
    @CsvSource({"euler_ancestral, 4", "lcm, 3", "euler, 0", "ddim, 0", "dpmpp_2m, 0"})
    void stepsDrawAsManyTensorsAsDiffusers(String name, int draws) {
        Scheduler s = Schedulers.create(name, cfg(SD15_PNDM));
        s.setTimesteps(4, 1.0);
        int n = 64;
        TorchGenerator used = new TorchGenerator(3), reference = new TorchGenerator(3);
        float[] x = new float[n], out = new float[n];
        for (int i = 0; i < 4; i++) s.step(out, i, x, used);
        for (int k = 0; k < draws; k++) reference.randn(n);
        assertArrayEquals(reference.randn(n), used.randn(n));
    }

    /**
     * A perfect model output (the true noise, or the true v) must give back the clean latent as the step's
     * prediction, for every scheduler, prediction type and a range of noise levels.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ddim", "euler", "euler_ancestral", "dpmpp_2m", "dpmpp_2m_karras", "lcm"})
    void perfectModelOutputRecoversTheCleanLatent(String name) {
        for (String prediction : new String[] {"epsilon", "v_prediction"}) {
            Scheduler s = Schedulers.create(name, withPrediction(prediction));
            s.setTimesteps(4, 1.0);
            TorchGenerator g = new TorchGenerator(11);
            int n = 256;
            float[] x0 = g.randn(n), noise = g.randn(n), x = new float[n], xin = new float[n], out = new float[n];
            s.addNoise(x0, noise, 0, x);
            s.scaleModelInput(x, 0, xin);
            // abar of the noise level: from sigma for sigma schedulers, else from the variance-preserving input
            double abar;
            if (s.sigmas().length > 0) abar = 1 / (1 + s.sigmas()[0] * s.sigmas()[0]);
            else abar = abar((int) s.timestep(0));
            for (int i = 0; i < n; i++) {
                out[i] = prediction.equals("epsilon") ? noise[i]
                        : (float) (Math.sqrt(abar) * noise[i] - Math.sqrt(1 - abar) * x0[i]);
            }
            s.step(out, 0, x, g);
            float[] d = s.denoised();
            // LCM's denoised is c_out * x0 + c_skip * x with c_skip = 2.5e-9 at t = 999; float32 rounding of
            // x (|x| up to ~60 for Euler) bounds the rest
            for (int i = 0; i < n; i++) assertEquals(x0[i], d[i], 2e-4, name + " " + prediction + " [" + i + "]");
        }
    }

    /**
     * With the exact noise of a point-mass prior, one ancestral step must land on the forward marginal of the
     * next level: x' - x0 has standard deviation sigma_next, of which a fraction sigma_down / sigma_next is the
     * old noise and the rest fresh noise (sigma_up). Same for LCM with its variance-preserving re-noising.
     */
    @Test
    void stochasticStepsAddTheRightAmountOfFreshNoise() {
        int n = 200_000;
        for (String name : new String[] {"euler_ancestral", "lcm"}) {
            Scheduler s = Schedulers.create(name, cfg(SD15_PNDM));
            s.setTimesteps(4, 1.0);
            TorchGenerator g = new TorchGenerator(5);
            float[] x0 = new float[n], noise = g.randn(n), x = new float[n];
            java.util.Arrays.fill(x0, 0.5f);
            s.addNoise(x0, noise, 0, x);
            s.step(noise, 0, x, g);
            // expected spread around the clean value at the next level, and the share of the old noise in it
            double spread, oldShare, center;
            if (name.equals("lcm")) {
                double ab = abar((int) s.timestep(1));
                center = Math.sqrt(ab) * 0.5;
                spread = Math.sqrt(1 - ab);
                oldShare = 0; // LCM re-noises with fresh noise only
            } else {
                double from = s.sigmas()[0], to = s.sigmas()[1];
                double up = Math.sqrt(to * to * (from * from - to * to) / (from * from));
                center = 0.5;
                spread = to;
                oldShare = Math.sqrt(to * to - up * up) / to;
            }
            double sum = 0, sum2 = 0, cross = 0;
            for (int i = 0; i < n; i++) {
                double d = x[i] - center;
                sum += d;
                sum2 += d * d;
                cross += d * noise[i];
            }
            double mean = sum / n, std = Math.sqrt(sum2 / n - mean * mean), corr = cross / n / std;
            assertEquals(0, mean, 5 * spread / Math.sqrt(n), name + " mean");
            assertEquals(spread, std, 5 * spread / Math.sqrt(2.0 * n), name + " spread");
            assertEquals(oldShare, corr, 5 / Math.sqrt(n), name + " share of the old noise");
        }
    }

    @Test
    void dpmFirstStepIsDdim() {
        // DPM-Solver++ of first order is DDIM between the same two noise levels
        Scheduler dpm = Schedulers.create("dpmpp_2m", cfg(SD15_PNDM));
        dpm.setTimesteps(10, 1.0);
        double s0 = dpm.sigmas()[0], s1 = dpm.sigmas()[1];
        double a0 = 1 / (1 + s0 * s0), a1 = 1 / (1 + s1 * s1);
        float[] x = {0.3f, -1.2f, 2.0f}, eps = {0.5f, 0.1f, -0.9f};
        float[] expected = new float[3];
        for (int i = 0; i < 3; i++) {
            double x0 = (x[i] - Math.sqrt(1 - a0) * eps[i]) / Math.sqrt(a0);
            expected[i] = (float) (Math.sqrt(a1) * x0 + Math.sqrt(1 - a1) * eps[i]);
        }
        dpm.step(eps, 0, x, new TorchGenerator(0));
        for (int i = 0; i < 3; i++) assertEquals(expected[i], x[i], 1e-5);
    }

    /**
     * Leading spacing with steps_offset 1 reaches timestep 1000 at 1000 steps, one past the training table: every
     * scheduler refuses such a count with a sentence naming the most it can run, instead of failing in a step.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ddim", "euler", "euler_ancestral"})
    void stepCountsThatLeaveTheTrainingTableAreRefusedWithTheLargestThatWorks(String name) {
        Scheduler s = Schedulers.create(name, cfg(SD2_EULER_V));
        BadInputException e = assertThrows(BadInputException.class, () -> s.setTimesteps(1000, 1.0));
        assertTrue(e.getMessage().contains("steps = 1000") && e.getMessage().contains("1 to 999"), e.getMessage());
        s.setTimesteps(999, 1.0);
        double[] t = s.timesteps();
        assertEquals(999, t[0]);
        float[] x = new float[4];
        float[] eps = new float[4];
        for (int i = 0; i < t.length; i++) s.step(eps, i, x, new TorchGenerator(0));
    }
}
