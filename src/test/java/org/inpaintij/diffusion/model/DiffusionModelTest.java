package org.inpaintij.diffusion.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import ai.onnxruntime.OnnxJavaType;

import org.inpaintij.core.Monitor;
import org.inpaintij.diffusion.TorchGenerator;
import org.inpaintij.models.ModelKind;
import org.inpaintij.onnx.DeviceSpec;
import org.inpaintij.onnx.RunControl;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every exporter layout opens and its four stages compute what the graphs should, whatever their types and batches. */
class DiffusionModelTest {

    private static final int START = 49406, END = 49407, RED = 736, BLUE = 1746;

    static int[] ids(int pad, int... words) {
        int[] row = new int[77];
        Arrays.fill(row, pad);
        row[0] = START;
        for (int i = 0; i < words.length; i++) row[1 + i] = words[i];
        row[1 + words.length] = END;
        return row;
    }

    @ParameterizedTest
    @CsvSource({
        // folder, kind, channels, width, fp16, unet batch, timestep, id type, steps, cfg, resolution, scaling
        "sd15-script,         PLAIN,      4, 768,  false, -1, float32[?],  INT32, 25, 7.5, 512, 0.18215",
        "sd2-inpaint-optimum, INPAINTING, 9, 1024, false, -1, int64[?],    INT64, 25, 7.5, 512, 0.25",
        "sd15-inpaint-fp16,   INPAINTING, 9, 32,   true,   2, float16[2],  INT32, 25, 7.5, 512, 0.18215",
        "lcm-optimum,         LCM,        4, 32,   false, -1, int64[1],    INT64,  4, 8.5, 512, 0.2",
        "turbo-b1,            TURBO,      4, 1024, false,  1, int64[1],    INT32,  4, 0.0, 512, 0.18215",
        "sd15-inpaint-script, INPAINTING, 9, 768,  false, -1, float32[?],  INT32, 25, 7.5, 512, 0.18215",
        "sd15-inpaint-optimum,INPAINTING, 9, 768,  false, -1, float32[],   INT32, 25, 7.5, 512, 0.18215",
    })
    void everyLayoutOpensAndSaysWhatItIs(String name, ModelKind kind, int channels, int width, boolean fp16, int batch,
            String timestep, OnnxJavaType ids, int steps, double cfg, int resolution, double scaling) {
        Path dir = TinyModels.folder(name, "open");
        try (DiffusionModel m = DiffusionModel.open(ModelFolder.read(dir), DeviceSpec.CPU)) {
            assertEquals(kind, m.kind());
            assertEquals(channels, m.unet().channels());
            assertEquals(width, m.textWidth());
            assertEquals(fp16, m.fp16());
            assertEquals(batch, m.unet().fixedBatch());
            assertEquals(timestep, m.unet().timestepSpec().typeName() + m.unet().timestepSpec().shapeText());
            assertEquals(ids, m.textEncoder().idType());
            assertEquals(steps, m.defaults().steps());
            assertEquals(cfg, m.defaults().cfg());
            assertEquals(resolution, m.defaults().resolution());
            assertEquals(scaling, m.folder().scalingFactor(), 1e-12);
            assertEquals("CPU", m.provider());
            assertEquals(kind == ModelKind.LCM, m.unet().hasTimestepCond());
            assertTrue(m.summary().contains("text width " + width), m.summary());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sd15-script", "sd2-inpaint-optimum", "sd15-inpaint-fp16", "lcm-optimum", "turbo-b1",
        "sd15-inpaint-script", "sd15-inpaint-optimum"})
    void textEncoderMarksTheColourTokensAcrossItsWholeWidth(String name) {
        Path dir = TinyModels.folder(name, "text");
        try (DiffusionModel m = DiffusionModel.open(ModelFolder.read(dir), DeviceSpec.CPU);
                RunControl run = RunControl.open(Monitor.NONE)) {
            int w = m.textWidth();
            float[][] h = m.textEncoder().encode(new int[][] {ids(END), ids(END, RED), ids(0, BLUE, RED)}, run);
            assertEquals(3, h.length);
            for (float[] row : h) assertEquals(77 * w, row.length);
            for (int s = 0; s < 77; s += 19) {
                assertEquals(0f, h[0][s * w], "uncond red at token " + s);
                assertEquals(1f, h[1][s * w]);
                assertEquals(0f, h[1][s * w + 1]);
                assertEquals(1f, h[2][s * w]);
                assertEquals(1f, h[2][s * w + 1]);
            }
            // the remaining features carry sin(id * w_d) / 10: not all zero, within 0.1, in every width
            float last = h[1][76 * w + w - 1];
            assertTrue(Math.abs(h[1][w - 1]) > 0 && Math.abs(h[1][w - 1]) <= 0.1f, "feature D-1 = " + h[1][w - 1]);
            assertTrue(Math.abs(last) <= 0.1f);
            int expectedRuns = m.textEncoder().fixedBatch() == 1 ? 3 : 1;
            assertEquals(Map.of("text_encoder", expectedRuns), run.runsByGraph());
            // fewer rows after more: the reused input buffer must not hand over stale ids
            float[][] one = m.textEncoder().encode(new int[][] {ids(END, RED)}, run);
            assertArrayEquals(h[1], one[0]);
        }
    }

    /** The UNet's output against the closed form, at int, float and float16 timesteps and every batch layout. */
    @ParameterizedTest
    @ValueSource(strings = {"sd15-script", "sd2-inpaint-optimum", "sd15-inpaint-fp16", "lcm-optimum", "turbo-b1",
        "sd15-inpaint-script", "sd15-inpaint-optimum"})
    void unetPredictsTheAnalyticNoise(String name) {
        Path dir = TinyModels.folder(name, "unet");
        var a = TinyModels.analytic(dir);
        double s = a.get("prior_s").getAsDouble();
        double mu0 = a.getAsJsonArray("mu0").get(0).getAsDouble();
        double redShift = a.getAsJsonArray("red_shift").get(0).getAsDouble();
        double[] abar = TinyModels.alphasCumprod();
        try (DiffusionModel m = DiffusionModel.open(ModelFolder.read(dir), DeviceSpec.CPU);
                RunControl run = RunControl.open(Monitor.NONE)) {
            // a web export fixes the latent size; the others take any
            int fixed = m.unet().fixedLatentHeight();
            int c = m.unet().channels(), h = fixed > 0 ? fixed : 2, w = fixed > 0 ? m.unet().fixedLatentWidth() : 3;
            int plane = h * w;
            float[][] hidden = m.textEncoder().encode(new int[][] {ids(END), ids(END, RED)}, run);
            float[][] cond = null;
            if (m.unet().hasTimestepCond()) {
                cond = new float[2][256];
                for (float[] r : cond) {
                    for (int k = 0; k < 128; k++) r[128 + k] = 1f; // w = 0: sin 0, cos 1
                }
            }
            float[] x = new float[2 * c * plane];
            for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(0.7 * i);
            if (c == 9) {
                for (int r = 0; r < 2; r++) Arrays.fill(x, r * c * plane + 4 * plane, r * c * plane + 5 * plane, 1f);
            }
            float[] out = new float[2 * 4 * plane];
            int t = 801;
            try (Unet.Conditioning cd = m.unet().condition(hidden, cond)) {
                m.unet().predict(x, h, w, t, cd, run, out);
            }
            double tol = m.fp16() ? 2e-3 : 2e-5;
            for (int r = 0; r < 2; r++) {
                double mu = mu0 + (r == 1 ? redShift : 0);
                for (int i = 0; i < plane; i++) {
                    double xi = m.fp16() ? org.inpaintij.onnx.Float16.toFloat(
                            org.inpaintij.onnx.Float16.fromFloat(x[r * c * plane + i])) : x[r * c * plane + i];
                    assertEquals(TinyModels.eps(xi, abar[t], mu, s), out[r * 4 * plane + i], tol,
                            "row " + r + " pixel " + i);
                }
            }
            int batch = m.unet().fixedBatch();
            assertEquals(batch == 1 ? 2 : 1, run.runsByGraph().get("unet"), "UNet calls for 2 rows, batch " + batch);
        }
    }

    @Test
    void aFractionalTimestepReadsTheInterpolatedNoiseLevel() {
        Path dir = TinyModels.folder(TinyModels.SD15_SCRIPT, "frac");
        double[] abar = TinyModels.alphasCumprod();
        try (DiffusionModel m = DiffusionModel.open(ModelFolder.read(dir), DeviceSpec.CPU);
                RunControl run = RunControl.open(Monitor.NONE)) {
            float[][] hidden = m.textEncoder().encode(new int[][] {ids(END)}, run);
            float[] out = new float[4];
            try (Unet.Conditioning cd = m.unet().condition(hidden, null)) {
                m.unet().predict(new float[] {1, 1, 1, 1}, 1, 1, 500.25, cd, run, out);
            }
            // log sigma interpolated linearly between t = 500 and 501, as the schedulers map sigma to t
            double ls0 = 0.5 * Math.log((1 - abar[500]) / abar[500]);
            double ls1 = 0.5 * Math.log((1 - abar[501]) / abar[501]);
            double sigma = Math.exp(ls0 + 0.25 * (ls1 - ls0));
            double ab = 1 / (1 + sigma * sigma);
            assertEquals(TinyModels.eps(1, ab, -0.3, 0.15), out[0], 2e-5);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sd15-script", "sd2-inpaint-optimum", "sd15-inpaint-fp16", "lcm-optimum",
        "sd15-inpaint-script", "sd15-inpaint-optimum"})
    void vaeIsAverageAndNearestUpsample(String name) {
        Path dir = TinyModels.folder(name, "vae");
        try (DiffusionModel m = DiffusionModel.open(ModelFolder.read(dir), DeviceSpec.CPU);
                RunControl run = RunControl.open(Monitor.NONE)) {
            double scaling = m.folder().scalingFactor();
            int H = 16, W = 8;
            float[] img = new float[3 * H * W];
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) img[(c * H + y) * W + x] = (y < 8 ? 0.5f : -0.25f) * (c + 1) / 3f;
                }
            }
            float[] lat = m.vaeEncoder().encode(img, H, W, new float[4 * 2], run); // a zero draw: the mean
            assertEquals(4 * 2, lat.length);
            double tol = m.fp16() ? 2e-3 : 1e-6;
            for (int c = 0; c < 3; c++) {
                assertEquals(0.5 * (c + 1) / 3 / scaling, lat[c * 2], tol * 10);
                assertEquals(-0.25 * (c + 1) / 3 / scaling, lat[c * 2 + 1], tol * 10);
            }
            assertEquals((0.5 * 2 / 3) / scaling, lat[3 * 2], tol * 10, "4th channel = mean of R, G, B");
            float[] back = m.vaeDecoder().decode(lat, 2, 1, run);
            assertEquals(3 * H * W, back.length);
            for (int i = 0; i < back.length; i++) assertEquals(img[i], back[i], tol, "pixel " + i);
            assertFalse(m.fp16() && m.vaeEncoder().returnsParameters());
        }
    }

    @Test
    void anOptimumEncoderIsSampledAsDiffusersDoesAndAScriptOneGivesItsOwnSample() {
        float[] img = new float[3 * 64];
        Arrays.fill(img, 0.5f);
        float[] z = new TorchGenerator(3).randn(4);
        try (DiffusionModel m = DiffusionModel.open(ModelFolder.read(TinyModels.folder(TinyModels.SD2_INPAINT_OPTIMUM,
                "params")), DeviceSpec.CPU); RunControl run = RunControl.open(Monitor.NONE)) {
            assertTrue(m.vaeEncoder().returnsParameters());
            float mean = (float) (0.5 / m.folder().scalingFactor());
            float std = (float) Math.exp(0.5 * -7); // the graph's log-variance is -7
            float[] lat = m.vaeEncoder().encode(img, 8, 8, z, run);
            for (int i = 0; i < 4; i++) assertEquals(mean + std * z[i], lat[i], 1e-6, "mean + std * z, latent " + i);
        }
        try (DiffusionModel m = DiffusionModel.open(ModelFolder.read(TinyModels.folder(TinyModels.SD15_SCRIPT,
                "params")), DeviceSpec.CPU); RunControl run = RunControl.open(Monitor.NONE)) {
            assertFalse(m.vaeEncoder().returnsParameters());
            float[] lat = m.vaeEncoder().encode(img, 8, 8, z, run);
            assertArrayEquals(m.vaeEncoder().encode(img, 8, 8, new float[4], run), lat, "the graph's own latents");
            assertEquals(0.5 / m.folder().scalingFactor(), lat[0], 1e-6);
        }
    }
}
