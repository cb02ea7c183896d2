package org.inpaintij.diffusion.zimage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.Monitor;
import org.inpaintij.diffusion.scheduler.FlowMatchEulerScheduler;
import org.inpaintij.diffusion.scheduler.SchedulerConfig;
import org.inpaintij.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The flow-matching Euler scheduler and the Z-Image inpainting loop against diffusers' own values
 * (reference/zimage_scheduler.json, made from diffusers 58eb52c): every schedule, the strength start, one step,
 * scale_noise, and whole mock inpainting loops step by step, all equal to the last float32 bit.
 */
class ZImageSchedulerReferenceTest {

    private static JsonObject ref;

    @BeforeAll
    static void load() throws IOException {
        try (Reader r = Files.newBufferedReader(Fixtures.file("reference/zimage_scheduler.json"),
                StandardCharsets.UTF_8)) {
            ref = JsonParser.parseReader(r).getAsJsonObject();
        }
    }

    /** Z-Image-Turbo's scheduler_config.json as the fixture states it. */
    static FlowMatchEulerScheduler turbo() {
        JsonObject cfg = ref.getAsJsonObject("scheduler_config").deepCopy();
        cfg.addProperty("_class_name", "FlowMatchEulerDiscreteScheduler");
        return new FlowMatchEulerScheduler(SchedulerConfig.parse(cfg.toString(), "Z-Image-Turbo scheduler"));
    }

    static float[] floats(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsFloat();
        return out;
    }

    static float[] asFloats(double[] d) {
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) d[i];
            assertEquals(d[i], out[i], 0.0, "a float32 value");
        }
        return out;
    }

    @Test
    void schedulesEqualDiffusersBitForBit() {
        JsonArray schedules = ref.getAsJsonArray("schedules");
        assertEquals(4, schedules.size());
        for (JsonElement e : schedules) {
            JsonObject c = e.getAsJsonObject();
            int n = c.get("num_inference_steps").getAsInt();
            String what = n + " steps at " + c.get("height").getAsInt();
            float[] input = FlowMatchEulerScheduler.linspaceSigmas(n);
            assertArrayEquals(floats(c.get("sigmas_passed_to_set_timesteps")), input, 0f, what + ": input sigmas");
            FlowMatchEulerScheduler s = turbo();
            s.setSigmas(input, c.get("strength").getAsDouble(), c.get("mu").getAsDouble());
            assertArrayEquals(floats(c.get("timesteps")), asFloats(s.timesteps()), 0f, what + ": timesteps");
            assertArrayEquals(floats(c.get("sigmas")), asFloats(s.sigmas()), 0f, what + ": sigmas");
            assertEquals(c.get("t_start").getAsInt(), s.startIndex(), what + ": t_start");
            float[] tIn = floats(c.get("transformer_t_input"));
            for (int i = 0; i < n; i++) {
                float t = (float) s.timestep(i);
                assertEquals(tIn[i], (1000f - t) / 1000f, 0f, what + ": t_in at " + i);
            }
        }
    }

    @Test
    void inputSigmasEqualTorchLinspaceForEveryStepCount() throws IOException {
        // src/test/python/make_zimage_sigmas.py: torch.linspace(1.0, 1/N, N) as torch's CPU kernel computes it
        JsonObject all;
        try (Reader r = new java.io.InputStreamReader(ZImageSchedulerReferenceTest.class.getResourceAsStream(
                "/zimage/linspace_sigmas.json"), StandardCharsets.UTF_8)) {
            all = JsonParser.parseReader(r).getAsJsonObject().getAsJsonObject("sigmas");
        }
        assertEquals(64, all.size());
        for (String n : all.keySet()) {
            assertArrayEquals(floats(all.get(n)), FlowMatchEulerScheduler.linspaceSigmas(Integer.parseInt(n)), 0f,
                    n + " steps");
        }
    }

    @Test
    void eightStepsAreTheLegacyNineStepTrajectory() {
        // the schedule before diffusers PR #13730 (9 steps, sigma_min 0) ends with a wasted sigma 0 -> 0 step
        JsonObject legacy9 = ref.getAsJsonArray("legacy_schedule_before_PR13730").get(1).getAsJsonObject();
        assertEquals(9, legacy9.get("num_inference_steps").getAsInt());
        float[] old = floats(legacy9.get("sigmas"));
        FlowMatchEulerScheduler s = turbo();
        s.setSigmas(FlowMatchEulerScheduler.linspaceSigmas(8), 1.0, 0);
        float[] now = asFloats(s.sigmas());
        assertEquals(9, now.length);
        for (int i = 0; i < now.length; i++) assertEquals(old[i], now[i], 0f, "sigma " + i);
        assertEquals(0f, old[9], 0f);
    }

    @Test
    void oneStepIsSamplePlusDtTimesVelocity() {
        JsonObject c = ref.getAsJsonObject("step_example");
        FlowMatchEulerScheduler s = turbo();
        s.setSigmas(FlowMatchEulerScheduler.linspaceSigmas(8), 1.0, 0);
        assertEquals(c.get("timestep").getAsFloat(), (float) s.timestep(0), 0f);
        assertEquals(c.get("sigma_next").getAsFloat(), s.sigma(1), 0f);
        float[] x = floats(c.get("sample"));
        s.step(floats(c.get("model_output")), 0, x, null);
        assertArrayEquals(floats(c.get("prev_sample")), x, 0f);
        // the clean estimate of that step: sample - sigma * v
        float[] sample = floats(c.get("sample")), v = floats(c.get("model_output"));
        for (int i = 0; i < x.length; i++) assertEquals(sample[i] - 1f * v[i], s.denoised()[i], 0f);
        assertThrows(IllegalStateException.class, () -> s.step(v, 0, sample, null), "a step runs once");
    }

    @Test
    void scaleNoiseAtTheStrengthStart() {
        for (JsonElement e : ref.getAsJsonArray("scale_noise_examples")) {
            JsonObject c = e.getAsJsonObject();
            int n = c.get("num_inference_steps").getAsInt();
            FlowMatchEulerScheduler s = turbo();
            s.setSigmas(FlowMatchEulerScheduler.linspaceSigmas(n), c.get("strength").getAsDouble(), 0);
            assertEquals(c.get("t_start").getAsInt(), s.startIndex(), n + " steps: t_start");
            assertEquals(c.get("sigma_used").getAsFloat(), s.sigma(s.startIndex()), 0f);
            assertArrayEquals(floats(c.get("timesteps_after_strength")),
                    java.util.Arrays.copyOfRange(asFloats(s.timesteps()), s.startIndex(), s.steps()), 0f);
            float[] out = new float[8];
            s.addNoise(floats(c.get("image_latents")), floats(c.get("noise")), s.startIndex(), out);
            assertArrayEquals(floats(c.get("noised_latents")), out, 0f, n + " steps");
        }
    }

    @Test
    void mockInpaintLoopsEqualDiffusersAfterEveryStep() {
        JsonArray loops = ref.getAsJsonArray("mock_inpaint_loops");
        assertEquals(3, loops.size());
        for (JsonElement e : loops) {
            JsonObject c = e.getAsJsonObject();
            int n = c.get("num_inference_steps").getAsInt();
            double strength = c.get("strength").getAsDouble();
            String what = n + " steps at strength " + strength;
            FlowMatchEulerScheduler s = turbo();
            s.setSigmas(FlowMatchEulerScheduler.linspaceSigmas(n), strength, 0);
            assertEquals(c.get("t_start").getAsInt(), s.startIndex(), what);
            JsonArray trace = c.getAsJsonArray("trace");
            List<float[]> seen = new ArrayList<>();
            List<Float> tIns = new ArrayList<>();
            float[] image = floats(c.get("image_latents"));
            // the fixture's mock transformer: 0.5 * latents - 0.1 * t_in, in float32; the trace is recorded after
            // the blend, which this run sees as the next call's input
            float[] fin = ZImageSampler.run(s, image, floats(c.get("noise")), floats(c.get("mask")),
                    (x, tIn, step) -> {
                        if (step > 0) seen.add(x.clone());
                        tIns.add(tIn);
                        float[] out = new float[x.length];
                        for (int i = 0; i < x.length; i++) out[i] = 0.5f * x[i] - 0.1f * tIn;
                        return out;
                    }, Monitor.NONE);
            seen.add(fin);
            assertEquals(trace.size(), seen.size(), what + ": steps run");
            for (int k = 0; k < trace.size(); k++) {
                JsonObject step = trace.get(k).getAsJsonObject();
                assertEquals(step.get("t_in").getAsFloat(), tIns.get(k), 0f, what + ": t_in of step " + k);
                assertArrayEquals(floats(step.get("latents_after_blend")), seen.get(k), 0f, what + ": step " + k);
            }
            assertArrayEquals(floats(c.get("final_latents")), fin, 0f, what + ": final latents");
            float[] mask = floats(c.get("mask"));
            for (int i = 0; i < fin.length; i++) {
                if (mask[i % mask.length] == 0) assertEquals(image[i], fin[i], 0f, "kept latents are the image's");
            }
        }
    }

    @Test
    void strengthFollowsTheFlowMatchingPipelinesRule() {
        FlowMatchEulerScheduler s = turbo();
        // int(max(8 - 8 * 0.6, 0)) = 3: five steps, where Stable Diffusion's rule would run four
        s.setSigmas(FlowMatchEulerScheduler.linspaceSigmas(8), 0.6, 0);
        assertEquals(5, s.stepsToRun());
        s.setSigmas(FlowMatchEulerScheduler.linspaceSigmas(8), 0.1, 0);
        assertEquals(1, s.stepsToRun(), "int(8 - 0.8) = 7: the last step only");
        s.setSigmas(FlowMatchEulerScheduler.linspaceSigmas(8), 0.0, 0);
        assertEquals(0, s.stepsToRun());
    }

    @Test
    void refusesVariantsItDoesNotImplementByName() {
        BadInputException e = assertThrows(BadInputException.class, () -> new FlowMatchEulerScheduler(
                SchedulerConfig.parse("{\"_class_name\": \"FlowMatchEulerDiscreteScheduler\", \"shift\": 3.0, "
                        + "\"use_karras_sigmas\": true}", "cfg.json")));
        assertEquals("cfg.json sets use_karras_sigmas = true, which Inpaint-IJ's schedulers do not implement; remove"
                + " that key or choose another scheduler.", e.getMessage());
        assertThrows(BadInputException.class, () -> turbo().setSigmas(new float[0], 1.0, 0));
    }
}
