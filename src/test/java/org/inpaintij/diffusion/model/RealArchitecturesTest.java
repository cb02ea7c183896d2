package org.inpaintij.diffusion.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;

import ai.onnxruntime.OnnxJavaType;

import org.inpaintij.core.Monitor;
import org.inpaintij.models.ModelKind;
import org.inpaintij.onnx.DeviceSpec;
import org.inpaintij.onnx.RunControl;
import org.inpaintij.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real SD 1.5 inpainting topology (../shared/fixtures/realarch, random weights at a small width) in the two
 * public export layouts. The diffusers script leaves the UNet's channel axis free and writes no unet/config.json,
 * so the 9 channels can only come from the graph's weights; before they did, the first UNet run died inside
 * ONNX Runtime ("Input channels C is not equal to kernel channels * group. C: 4 kernel channels: 9").
 */
class RealArchitecturesTest {

    static Path folder(String layout) {
        return Fixtures.file("realarch/" + layout);
    }

    @ParameterizedTest
    @CsvSource({
        // layout,     ids,   timestep,    VAE output, samples in graph, weights shape
        "sd15-script,  INT32, float32[?],  false,      true,  'conv_in.weight [32, 9, 3, 3]'",
        "sd15-optimum, INT64, float32[],   true,       false, 'u.conv_in.weight [32, 9, 3, 3]'",
    })
    void bothLayoutsOpenAsNineChannelInpaintingModels(String layout, OnnxJavaType ids, String timestep,
            boolean parameters, boolean sampled, String conv) {
        try (DiffusionModel m = DiffusionModel.open(ModelFolder.read(folder(layout)), DeviceSpec.CPU)) {
            assertEquals(ModelKind.INPAINTING, m.kind());
            assertEquals(9, m.unet().channels());
            assertEquals("its first convolution, " + conv, m.unet().channelSource());
            assertEquals(64, m.textWidth());
            assertEquals(ids, m.textEncoder().idType());
            assertEquals(timestep, m.unet().timestepSpec().typeName() + m.unet().timestepSpec().shapeText());
            assertEquals(parameters, m.vaeEncoder().returnsParameters());
            assertEquals(sampled, m.vaeEncoder().samplesInGraph());
            assertFalse(m.fp16());
            assertEquals(-1, m.unet().fixedBatch());
            assertEquals(sampled, m.summary().contains("VAE encoder samples inside its graph"), m.summary());
        }
    }

    /** One guided step's worth of graph runs: text, two encodes, a UNet batch of 2, a decode; all finite. */
    @ParameterizedTest
    @CsvSource({"sd15-script", "sd15-optimum"})
    void everyGraphRunsOnTheShapesThePipelineFeeds(String layout) {
        try (DiffusionModel m = DiffusionModel.open(ModelFolder.read(folder(layout)), DeviceSpec.CPU);
                RunControl run = RunControl.open(Monitor.NONE)) {
            int[] row = new int[77];
            Arrays.fill(row, 49407);
            row[0] = 49406;
            float[][] hidden = m.textEncoder().encode(new int[][] {row, row}, run);
            assertEquals(77 * 64, hidden[0].length);
            int H = 64, W = 64, h = 8, w = 8;
            float[] img = new float[3 * H * W];
            for (int i = 0; i < img.length; i++) img[i] = (float) Math.sin(0.01 * i);
            float[] lat = m.vaeEncoder().encode(img, H, W, new float[4 * h * w], run);
            assertEquals(4 * h * w, lat.length);
            float[] x = new float[2 * 9 * h * w];
            for (int i = 0; i < x.length; i++) x[i] = (float) Math.cos(0.3 * i);
            float[] eps = new float[2 * 4 * h * w];
            try (Unet.Conditioning c = m.unet().condition(hidden, null)) {
                m.unet().predict(x, h, w, 981, c, run, eps);
            }
            for (float v : eps) assertTrue(Float.isFinite(v));
            assertNotEquals(0f, eps[0], "the UNet computed something");
            float[] rgb = m.vaeDecoder().decode(lat, h, w, run);
            assertEquals(3 * H * W, rgb.length);
            for (float v : rgb) assertTrue(Float.isFinite(v));
            assertEquals(1, run.runsByGraph().get("unet"), "a free batch takes both guidance rows in one call");
        }
    }

    /**
     * The script's encoder draws inside its graph, with ONNX Runtime's generator: two encodes of one image differ.
     * The optimum encoder returns the distribution, which is sampled with the values the seed's generator drew:
     * two encodes with the same draw are identical.
     */
    @ParameterizedTest
    @CsvSource({"sd15-script, false", "sd15-optimum, true"})
    void onlyTheOptimumEncoderRepeatsItself(String layout, boolean repeats) {
        try (DiffusionModel m = DiffusionModel.open(ModelFolder.read(folder(layout)), DeviceSpec.CPU);
                RunControl run = RunControl.open(Monitor.NONE)) {
            float[] img = new float[3 * 64 * 64];
            for (int i = 0; i < img.length; i++) img[i] = (float) Math.sin(0.02 * i);
            // the same draw of the seed's generator for both, as two runs with one seed make it
            float[] normal = new float[4 * 8 * 8];
            for (int i = 0; i < normal.length; i++) normal[i] = (float) Math.sin(1.7 * i);
            float[] a = m.vaeEncoder().encode(img, 64, 64, normal, run);
            float[] b = m.vaeEncoder().encode(img, 64, 64, normal, run);
            assertEquals(repeats, Arrays.equals(a, b));
        }
    }
}
