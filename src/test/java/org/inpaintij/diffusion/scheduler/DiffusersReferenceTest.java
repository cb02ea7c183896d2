package org.inpaintij.diffusion.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.inpaintij.diffusion.TorchGenerator;
import org.inpaintij.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Every case of the shared diffusers reference (reference/schedulers.json): timesteps, sigmas, init noise
 * sigma and the deterministic trajectory with the fixtures' toy noise model, to 1e-4 (relative above 1).
 */
class DiffusersReferenceTest {

    private static final double TOLERANCE = 1e-4;

    record Case(String name, JsonObject json) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() throws IOException {
        List<Case> out = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(Fixtures.file("reference/schedulers.json"), StandardCharsets.UTF_8)) {
            for (var e : JsonParser.parseReader(r).getAsJsonArray()) {
                JsonObject o = e.getAsJsonObject();
                out.add(new Case(o.get("name").getAsString(), o));
            }
        }
        return out;
    }

    /** The case's complete config, as a model folder would hold it, with its class name. */
    static SchedulerConfig config(JsonObject c) {
        JsonObject cfg = c.getAsJsonObject("config").deepCopy();
        cfg.addProperty("_class_name", c.get("scheduler").getAsString());
        return SchedulerConfig.parse(cfg.toString(), c.get("name").getAsString());
    }

    static String expectedAlgorithm(JsonObject c) {
        return switch (c.get("scheduler").getAsString()) {
            case "DDIMScheduler" -> "ddim";
            case "EulerDiscreteScheduler" -> "euler";
            case "LCMScheduler" -> "lcm";
            case "DPMSolverMultistepScheduler" ->
                c.getAsJsonObject("config").get("use_karras_sigmas").getAsBoolean() ? "dpmpp_2m_karras" : "dpmpp_2m";
            default -> throw new IllegalArgumentException(c.get("scheduler").getAsString());
        };
    }

    @Test
    void referenceCoversEveryDeterministicFamily() throws IOException {
        List<String> algorithms = cases().stream().map(c -> expectedAlgorithm(c.json())).toList();
        for (String a : new String[] {"ddim", "euler", "dpmpp_2m_karras", "lcm"}) {
            assertTrue(algorithms.contains(a), "schedulers.json should have a " + a + " case");
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void scheduleMatches(Case c) {
        JsonObject j = c.json();
        Scheduler s = Schedulers.create("default", config(j));
        assertEquals(expectedAlgorithm(j), s.name());
        s.setTimesteps(j.get("steps").getAsInt(), j.get("strength").getAsDouble());
        assertClose(values(j.getAsJsonArray("timesteps")), s.timesteps(), "timesteps");
        assertClose(j.get("init_noise_sigma").getAsDouble(), s.initNoiseSigma(), "init_noise_sigma");
        if (j.has("sigmas")) assertClose(values(j.getAsJsonArray("sigmas")), s.sigmas(), "sigmas");
        else assertEquals(0, s.sigmas().length, "DDIM and LCM have no sigmas");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void trajectoryMatches(Case c) {
        JsonObject j = c.json();
        if (!j.has("trajectory")) return;
        JsonObject traj = j.getAsJsonObject("trajectory");
        Scheduler s = Schedulers.create("default", config(j));
        s.setTimesteps(j.get("steps").getAsInt(), j.get("strength").getAsDouble());
        float[] x = start(s.initNoiseSigma());
        double[] run = new double[s.stepsToRun()];
        float[] xi = new float[x.length], eps = new float[x.length];
        for (int i = s.startIndex(); i < s.steps(); i++) {
            double t = s.timestep(i);
            run[i - s.startIndex()] = t;
            s.scaleModelInput(x, i, xi);
            toyModel(xi, t, eps);
            s.step(eps, i, x, new TorchGenerator(0));
        }
        assertClose(values(traj.getAsJsonArray("timesteps")), run, "timesteps run");
        double[] first8 = values(traj.getAsJsonArray("final_first8"));
        for (int i = 0; i < 8; i++) assertClose(first8[i], x[i], "final x[" + i + "]");
        double sum = 0, sumsq = 0;
        for (float v : x) {
            sum += v;
            sumsq += (double) v * v;
        }
        assertClose(traj.get("final_sum").getAsDouble(), sum, "final sum");
        assertClose(traj.get("final_sumsq").getAsDouble(), sumsq, "final sum of squares");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void lcmFirstDenoisedMatches(Case c) {
        JsonObject j = c.json();
        if (!j.has("first_step_denoised")) return;
        JsonObject ref = j.getAsJsonObject("first_step_denoised");
        Scheduler s = Schedulers.create("default", config(j));
        s.setTimesteps(j.get("steps").getAsInt(), j.get("strength").getAsDouble());
        int i = s.startIndex();
        assertClose(ref.get("timestep").getAsDouble(), s.timestep(i), "first timestep");
        float[] x = start(1.0);
        float[] xi = new float[x.length], eps = new float[x.length];
        s.scaleModelInput(x, i, xi);
        toyModel(xi, s.timestep(i), eps);
        s.step(eps, i, x, new TorchGenerator(0));
        float[] d = s.denoised();
        double[] first8 = values(ref.getAsJsonArray("first8"));
        for (int k = 0; k < 8; k++) assertClose(first8[k], d[k], "denoised[" + k + "]");
        double sum = 0;
        for (float v : d) sum += v;
        assertClose(ref.get("sum").getAsDouble(), sum, "denoised sum");
    }

    /** The README's start: sin(0.37 i) for i = 0..63 ([1,4,4,4]), times init noise sigma. */
    static float[] start(double initNoiseSigma) {
        float[] x = new float[64];
        for (int i = 0; i < 64; i++) x[i] = (float) (Math.sin(0.37 * i) * initNoiseSigma);
        return x;
    }

    /** The README's toy noise model: eps = 0.3 * tanh(x_in) + 0.05 * t / 1000. */
    static void toyModel(float[] xin, double t, float[] eps) {
        for (int i = 0; i < xin.length; i++) eps[i] = (float) (0.3 * Math.tanh(xin[i]) + 0.05 * t / 1000);
    }

    static double[] values(JsonArray a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsDouble();
        return v;
    }

    static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, TOLERANCE * Math.max(1, Math.abs(expected)), what);
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) assertClose(expected[i], actual[i], what + "[" + i + "]");
    }
}
