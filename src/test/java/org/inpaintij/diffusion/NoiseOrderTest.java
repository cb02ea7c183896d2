package org.inpaintij.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import com.google.gson.JsonObject;

import org.inpaintij.core.Monitor;
import org.inpaintij.diffusion.model.TinyModels;
import org.inpaintij.diffusion.scheduler.Scheduler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which draw of the generator lands where, end to end, on the zero-noise models of
 * src/test/python/make_noise_models.py: the UNet predicts no noise, so Euler keeps its start and Euler Ancestral
 * adds exactly {@code sigma_up} times its fresh noise per step, and the decoder passes the latents through to
 * the pixels (divided by 128). The input image is mid-grey, whose latents' mean is 0, so the image latents are
 * the VAE sample's noise alone. Every expectation is computed here from a {@link TorchGenerator} with the
 * request's seed, drawn in diffusers' order: the image latents' VAE sample (when needed), the initial noise, the
 * masked image's VAE sample, the steps' noise; a draw out of place gives values off by about the noise itself.
 */
class NoiseOrderTest {

    static final int W = 64, H = 64, L = (W / 8) * (H / 8), N = 4 * L;
    static final int STEPS = 6;

    static DiffusionPipeline nine, four;
    static JsonObject nineInfo, fourInfo;

    @BeforeAll
    static void open() {
        var nineDir = TinyModels.folder(TinyModels.ZERO_EPS_9CH, "noise");
        var fourDir = TinyModels.folder(TinyModels.ZERO_EPS_4CH, "noise");
        nine = DiffusionPipeline.open(nineDir, "cpu");
        four = DiffusionPipeline.open(fourDir, "cpu");
        nineInfo = TinyModels.analytic(nineDir);
        fourInfo = TinyModels.analytic(fourDir);
    }

    @AfterAll
    static void close() {
        if (nine != null) nine.close();
        if (four != null) four.close();
    }

    /** Mid-grey RGB: 0 in the model's [-1, 1], so the VAE mean is 0 everywhere. */
    static float[][] grey() {
        float[][] img = new float[3][W * H];
        for (float[] p : img) Arrays.fill(p, 0.5f);
        return img;
    }

    /** The right half (pixel columns 32..63, latent columns 4..7) is repainted. */
    static final float[] RIGHT_HALF = new float[W * H];

    static {
        for (int y = 0; y < H; y++) for (int x = W / 2; x < W; x++) RIGHT_HALF[y * W + x] = 1;
    }

    static boolean inHole(int latent) {
        return latent % (W / 8) >= 4;
    }

    static GenerationResult inpaint(DiffusionPipeline p, String scheduler, double strength, long seed) {
        return p.generate(GenerationRequest.inpaint(grey(), RIGHT_HALF, W, H, "a grey wall", seed)
                .with(STEPS, 7.5, strength, scheduler), Monitor.NONE);
    }

    /** The scaled image latents the 4-channel folder's optimum encoder gives for mid-grey with draw {@code z}. */
    static float[] sampledGrey(float[] z) {
        float scaling = (float) four.model().folder().scalingFactor();
        float std = (float) StrictMath.exp(0.5f * fourInfo.get("vae_logvar").getAsFloat());
        float[] lat = new float[N];
        for (int i = 0; i < N; i++) lat[i] = (0f + std * z[i]) * scaling;
        return lat;
    }

    /** {@code x + z * sigma_up} per ancestral step, from the start {@code x}, as the scheduler rounds it. */
    static float[] ancestral(float[] start, Scheduler s, TorchGenerator rng) {
        float[] x = start.clone();
        double[] sig = s.sigmas();
        for (int i = s.startIndex(); i < s.steps(); i++) {
            float[] z = rng.randn(N);
            double from = sig[i], to = sig[i + 1];
            double up = Math.sqrt(to * to * (from * from - to * to) / (from * from));
            for (int k = 0; k < N; k++) x[k] = (float) (x[k] + z[k] * up);
        }
        return x;
    }

    static float[] times(float[] z, double sigma) {
        float[] x = new float[z.length];
        for (int i = 0; i < z.length; i++) x[i] = z[i] * (float) sigma;
        return x;
    }

    static void assertLatents(String what, float[] want, GenerationResult r, java.util.function.IntPredicate where) {
        int checked = 0;
        for (int i = 0; i < N; i++) {
            if (!where.test(i % L)) continue;
            assertEquals(want[i], r.latents()[i], 1e-5 * Math.max(1, Math.abs(want[i])), what + ", latent " + i);
            checked++;
        }
        assertTrue(checked > 0);
    }

    /** Every pixel is its latent passed through the decoder: (latent / 128 + 1) / 2 for channels R, G, B. */
    static void assertPixelsShow(float[] latents, GenerationResult r, JsonObject info) {
        double divisor = info.get("decoder_divisor").getAsDouble();
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    double v = latents[c * L + (y / 8) * (W / 8) + x / 8] / divisor;
                    assertTrue(Math.abs(v) < 1, "no clipping: " + v);
                    assertEquals((v + 1) / 2, r.image()[c][y * W + x], 1e-6, "pixel " + x + "," + y + " channel " + c);
                }
            }
        }
    }

    static Scheduler scheduler(DiffusionPipeline p, String name, double strength) {
        return DiffusionPipelineTest.scheduler(p, name, STEPS, strength);
    }

    @Test
    void nineChannelsAtFullStrengthStartFromTheFirstDraw() {
        GenerationResult r = inpaint(nine, "euler", 1.0, 2024);
        float[] want = times(new TorchGenerator(2024).randn(N), scheduler(nine, "euler", 1.0).initNoiseSigma());
        assertLatents("9 channels, Euler", want, r, k -> true);
        assertPixelsShow(want, r, nineInfo);
        assertTrue(r.provenance().startsWith("seed=2024 noise=torch-cpu "), r.provenance());
    }

    @Test
    void fourChannelsShowTheSecondDrawInTheHoleAndTheFirstOutside() {
        GenerationResult r = inpaint(four, "euler", 1.0, 99);
        TorchGenerator rng = new TorchGenerator(99);
        float[] image = sampledGrey(rng.randn(N));
        float[] hole = times(rng.randn(N), scheduler(four, "euler", 1.0).initNoiseSigma());
        assertLatents("4 channels, Euler, hole", hole, r, NoiseOrderTest::inHole);
        assertLatents("4 channels, kept: the image latents' VAE sample", image, r, k -> !inHole(k));
        float[] both = new float[N];
        for (int i = 0; i < N; i++) both[i] = inHole(i % L) ? hole[i] : image[i];
        assertPixelsShow(both, r, fourInfo);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 9})
    void eulerAncestralAddsTheNextDrawAtEveryStep(int channels) {
        DiffusionPipeline p = channels == 9 ? nine : four;
        long seed = 7 + channels;
        GenerationResult r = inpaint(p, "euler_ancestral", 1.0, seed);
        Scheduler s = scheduler(p, "euler_ancestral", 1.0);
        TorchGenerator rng = new TorchGenerator(seed);
        float[] image = channels == 4 ? sampledGrey(rng.randn(N)) : null;
        float[] start = times(rng.randn(N), s.initNoiseSigma());
        rng.randn(N); // the masked image's VAE sample: a script encoder's own, or unused by a 4-channel UNet
        float[] want = ancestral(start, s, rng);
        assertLatents(channels + " channels, Euler Ancestral", want, r, k -> channels == 9 || inHole(k));
        if (image != null) assertLatents("4 channels, kept", image, r, k -> !inHole(k));
        if (channels == 9) assertPixelsShow(want, r, nineInfo);
    }

    @Test
    void belowFullStrengthTheImageLatentsDrawComesFirst() {
        // a script encoder samples inside its graph (here: the mean, 0), but its draw is made all the same
        GenerationResult r = inpaint(nine, "euler", 0.5, 31);
        Scheduler s = scheduler(nine, "euler", 0.5);
        TorchGenerator rng = new TorchGenerator(31);
        rng.randn(N);
        float[] want = new float[N];
        float[] z = rng.randn(N);
        for (int i = 0; i < N; i++) want[i] = (float) (0f + z[i] * s.sigmas()[s.startIndex()]);
        assertEquals(3, r.stepsRun());
        assertLatents("9 channels, strength 0.5: image latents noised with the second draw", want, r, k -> true);
    }

    @Test
    void img2imgNoisesTheImageSampleWithTheSecondDrawEvenAtFullStrength() {
        GenerationRequest req = new GenerationRequest(grey(), null, W, H, "", "", STEPS, 1.0, 1.0, "euler", 5,
                GenerationRequest.Mode.IMG2IMG, null);
        GenerationResult r = four.generate(req, Monitor.NONE);
        Scheduler s = scheduler(four, "euler", 1.0);
        TorchGenerator rng = new TorchGenerator(5);
        float[] image = sampledGrey(rng.randn(N));
        float[] z = rng.randn(N);
        float[] want = new float[N];
        for (int i = 0; i < N; i++) want[i] = (float) (image[i] + z[i] * s.sigmas()[0]);
        assertLatents("img2img at strength 1", want, r, k -> true);
        assertPixelsShow(want, r, fourInfo);
    }
}
