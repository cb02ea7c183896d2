package org.inpaintij.diffusion.zimage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.CancelledException;
import org.inpaintij.core.Monitor;
import org.inpaintij.diffusion.GenerationRequest;
import org.inpaintij.diffusion.GenerationResult;
import org.inpaintij.diffusion.LatentMask;
import org.inpaintij.onnx.DeviceSpec;
import org.inpaintij.onnx.Devices;
import org.inpaintij.onnx.RunControl;
import org.inpaintij.testing.Monitors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ZImagePipeline on the committed export of the shared tiny Z-Image pipeline, against diffusers'
 * ZImageInpaintPipeline's own results (zimage-tiny/reference): the same prompt, seed, steps and strength give the
 * same image inside the mask, to well under one grey level, with the noise drawn from the torch generator in
 * diffusers' order.
 */
class ZImagePipelineTest {

    private static final int N = ZImageModels.SIZE;
    private static Path folder;
    private static ZImagePipeline pipeline;

    @BeforeAll
    static void open() {
        folder = ZImageModels.folder("pipeline");
        pipeline = ZImagePipeline.open(folder, "cpu");
    }

    @AfterAll
    static void close() {
        pipeline.close();
    }

    static float[][] image() {
        double[][] rgb = ZImageModels.image();
        float[][] out = new float[3][N * N];
        for (int c = 0; c < 3; c++) for (int i = 0; i < N * N; i++) out[c][i] = (float) (rgb[c][i] / 255.0);
        return out;
    }

    static float[] maskValues() {
        boolean[] m = ZImageModels.mask();
        float[] out = new float[m.length];
        for (int i = 0; i < m.length; i++) out[i] = m[i] ? 1 : 0;
        return out;
    }

    static GenerationRequest request(ZImageModels.Case c) {
        return new GenerationRequest(image(), maskValues(), N, N, c.prompt(), "", c.steps(), 0.0, c.strength(),
                "default", c.seed(), GenerationRequest.Mode.INPAINT, LatentMask.NEAREST);
    }

    static double[][] planes(float[][] f) {
        double[][] d = new double[f.length][];
        for (int c = 0; c < f.length; c++) {
            d[c] = new double[f[c].length];
            for (int i = 0; i < f[c].length; i++) d[c][i] = f[c][i];
        }
        return d;
    }

    @Test
    void reproducesDiffusersInsideTheMaskForEveryReferenceCase() {
        List<ZImageModels.Case> cases = ZImageModels.cases();
        assertEquals(2, cases.size());
        for (ZImageModels.Case c : cases) {
            GenerationResult r = pipeline.generate(request(c), Monitor.NONE);
            ZImageModels.Diff d = ZImageModels.inside(planes(r.image()), c.expected(), ZImageModels.mask());
            assertTrue(d.mean() < 0.05 && d.p99() < 0.2, "case " + c.index() + ": " + d);
            assertEquals(c.seed(), r.seed());
            assertEquals(c.steps(), r.steps());
            assertEquals(c.strength() == 1.0 ? 8 : 5, r.stepsRun(), "flow-matching strength rule");
            assertEquals("off", r.guidance());
        }
    }

    @Test
    void anotherSeedGivesAnotherImage() {
        ZImageModels.Case c = ZImageModels.cases().get(0);
        GenerationResult r = pipeline.generate(request(c).withSeed(c.seed() + 1), Monitor.NONE);
        ZImageModels.Diff d = ZImageModels.inside(planes(r.image()), c.expected(), ZImageModels.mask());
        assertTrue(d.mean() > 2, "a different seed must change the fill: " + d);
    }

    @Test
    void guidanceRunsThePromptAndTheNegativeAndMovesTheResult() {
        ZImageModels.Case c = ZImageModels.cases().get(0);
        GenerationRequest g = request(c).with(c.steps(), 1.5, c.strength(), "default").withPrompts(c.prompt(),
                "a wooden bench");
        List<String> status = new ArrayList<>();
        GenerationResult r = pipeline.generate(g, Monitors.recording(status));
        assertEquals("two calls [prompt, negative]", r.guidance());
        assertEquals(16, r.timings().runs().get("transformer"), "two transformer calls per step");
        ZImageModels.Diff d = ZImageModels.inside(planes(r.image()), c.expected(), ZImageModels.mask());
        assertTrue(d.mean() > 0.5, "guidance must change the fill: " + d);
        assertTrue(status.contains("Denoising step 8 of 8"), status.toString());
    }

    @Test
    void img2imgChangesTheWholeImageAndInpaintingKeepsTheRest() {
        ZImageModels.Case c = ZImageModels.cases().get(1);
        GenerationResult inpaint = pipeline.generate(request(c), Monitor.NONE);
        GenerationResult whole = pipeline.generate(request(c).with(GenerationRequest.Mode.IMG2IMG, LatentMask.ANY),
                Monitor.NONE);
        boolean[] mask = ZImageModels.mask();
        boolean[] outside = new boolean[mask.length];
        for (int i = 0; i < mask.length; i++) outside[i] = !mask[i];
        ZImageModels.Diff d = ZImageModels.inside(planes(inpaint.image()), planes(whole.image()), outside);
        assertTrue(d.mean() > 1, "img2img repaints outside the mask too: " + d);
        // inpainting: the kept latents are the image's own at the end, so outside the mask the decode is the
        // VAE round trip of the image, which the reference shows as well
        ZImageModels.Diff kept = ZImageModels.inside(planes(inpaint.image()), c.expected(), outside);
        assertTrue(kept.mean() < 0.05, "outside the mask: " + kept);
    }

    @Test
    void cancelStopsBetweenSteps() {
        ZImageModels.Case c = ZImageModels.cases().get(0);
        Monitor cancelAfterTwo = Monitors.cancelAfter(2);
        assertThrows(CancelledException.class, () -> pipeline.generate(request(c), cancelAfterTwo));
        // the pipeline stays usable
        assertEquals(8, pipeline.generate(request(c), Monitor.NONE).stepsRun());
    }

    @Test
    void badRequestsAreOneSentenceEach() {
        ZImageModels.Case c = ZImageModels.cases().get(0);
        BadInputException e = assertThrows(BadInputException.class, () -> pipeline.generate(
                request(c).with(8, 0.0, 1.0, "ddim"), Monitor.NONE));
        assertEquals("scheduler = ddim does not apply to Z-Image models, which sample with their own flow-matching "
                + "Euler scheduler; use scheduler=default (or euler).", e.getMessage());
        e = assertThrows(BadInputException.class, () -> pipeline.generate(request(c).with(8, 0.0, 0.0, "default"),
                Monitor.NONE));
        assertEquals("strength = 0.0 leaves no step to run; Z-Image models take a strength above 0 (1 repaints the "
                + "region from noise).", e.getMessage());
        assertEquals(1, pipeline.generate(request(c).with(8, 0.0, 0.01, "default"), Monitor.NONE).stepsRun(),
                "any strength above 0 runs the last step");
        float[][] img = new float[3][120 * 120];
        e = assertThrows(BadInputException.class, () -> pipeline.generate(new GenerationRequest(img,
                new float[120 * 120], 120, 120, "", "", 8, 0.0, 1.0, "default", 1, null, null), Monitor.NONE));
        assertEquals("Z-Image works at sizes that are multiples of 16 pixels, not 120x120.", e.getMessage());
    }

    @Test
    void aGraphThatReturnsAnotherShapeIsNamed() {
        // a decoder opened for 16 pixels per latent, while the export's upsamples by 8
        org.inpaintij.models.ZImageFolder f = org.inpaintij.models.ZImageFolder.read(folder);
        Path file = f.graph("vae_decoder");
        try (ZImageVaeDecoder wrong = ZImageVaeDecoder.open(file, Devices.place(DeviceSpec.CPU), f.latentChannels(), 16);
                RunControl run = RunControl.open(Monitor.NONE)) {
            BadInputException e = assertThrows(BadInputException.class,
                    () -> wrong.decode(new float[f.latentChannels() * 4 * 4], 4, 4, run));
            assertEquals(file + " returned sample of shape [1, 3, 32, 32]; expected [1, 3, 64, 64].", e.getMessage());
        }
    }

    @Test
    void promptsPastTheLimitAreCutAndSaidSo() {
        ZImagePipeline.Prompt p = pipeline.tokenize("a ".repeat(600));
        assertTrue(p.truncated());
        assertEquals(512, p.ids().length);
        ZImagePipeline.Prompt q = pipeline.tokenize("a red brick wall");
        assertFalse(q.truncated());
        assertArrayEquals(new int[] {151644, 872, 198, 64, 2518, 24837, 7002, 151645, 198, 151644, 77091, 198}, q.ids());
        assertEquals(512, pipeline.promptLimit());
        assertEquals(16, pipeline.sizeMultiple());
        assertNotEquals(0, pipeline.defaults().steps());
    }
}
