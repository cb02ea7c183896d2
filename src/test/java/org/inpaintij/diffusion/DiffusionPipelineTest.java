package org.inpaintij.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.CancelledException;
import org.inpaintij.core.Monitor;
import org.inpaintij.diffusion.GaussianPriorTheory.Moments;
import org.inpaintij.diffusion.model.TinyModels;
import org.inpaintij.diffusion.scheduler.Scheduler;
import org.inpaintij.diffusion.scheduler.SchedulerConfig;
import org.inpaintij.diffusion.scheduler.Schedulers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The pipeline on the analytic models (src/test/python/make_tiny_models.py): the UNet is the exact noise
 * prediction of a Gaussian prior x0 ~ N(mu, s^2), s = 0.15, on the scaled latents, whose mean the prompt moves
 * (mu0 = -0.3 on all four channels; "red" adds 0.2 to channel 0, "blue" to channel 2), and the VAE makes
 * pixel = (latent + 1) / 2, constant on each 8 x 8 block. {@link GaussianPriorTheory} gives the mean and
 * spread each sampler must produce; with 4096 latents per channel the tolerances are 4 standard errors of the
 * sample mean (4 s / 64) and of the sample deviation (4 / sqrt(2 * 4096), relative), so a wrong scale, step,
 * timestep or guidance order of a few percent fails.
 */
class DiffusionPipelineTest {

    static final int W = 512, H = 512, N = W * H, LW = W / 8, LH = H / 8, L = LW * LH;
    static final double MU0 = -0.3, SHIFT = 0.2, S = 0.15;

    /** {@code cpu}, or the device in -Dinpaintij.test.device (e.g. cuda on a GPU machine with the -Pcuda build). */
    static final String DEVICE = System.getProperty("inpaintij.test.device", "cpu");

    static DiffusionPipeline sd15, sd2, fp16, lcm, turbo;

    @BeforeAll
    static void open() {
        sd15 = DiffusionPipeline.open(TinyModels.folder(TinyModels.SD15_SCRIPT, "pipeline"), DEVICE);
        sd2 = DiffusionPipeline.open(TinyModels.folder(TinyModels.SD2_INPAINT_OPTIMUM, "pipeline"), DEVICE);
        fp16 = DiffusionPipeline.open(TinyModels.folder(TinyModels.SD15_INPAINT_FP16, "pipeline"), DEVICE);
        lcm = DiffusionPipeline.open(TinyModels.folder(TinyModels.LCM, "pipeline"), DEVICE);
        turbo = DiffusionPipeline.open(TinyModels.folder(TinyModels.TURBO, "pipeline"), "auto");
    }

    @AfterAll
    static void close() {
        for (DiffusionPipeline p : new DiffusionPipeline[] {sd15, sd2, fp16, lcm, turbo}) if (p != null) p.close();
    }

    /** An RGB image in [0, 1]: smooth gradients, and a flat (0.6, 0.4, 0.5) square in the middle. */
    static float[][] image() {
        float[][] img = new float[3][N];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int i = y * W + x;
                boolean flat = x >= 128 && x < 384 && y >= 128 && y < 384;
                img[0][i] = flat ? 0.6f : 0.2f + 0.6f * x / W;
                img[1][i] = flat ? 0.4f : 0.7f - 0.5f * y / H;
                img[2][i] = flat ? 0.5f : 0.5f + 0.3f * (float) Math.sin(x * 0.05 + y * 0.03);
            }
        }
        return img;
    }

    static float[] mask(int x0, int y0, int x1, int y1) {
        float[] m = new float[N];
        for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) m[y * W + x] = 1;
        return m;
    }

    static final float[] ALL = mask(0, 0, W, H);
    /** The middle 256 x 256, on the 8-pixel grid: latents 16..47 in each direction. */
    static final float[] MIDDLE = mask(128, 128, 384, 384);

    static boolean inMiddle(int latent) {
        int i = latent % LW, j = latent / LW;
        return i >= 16 && i < 48 && j >= 16 && j < 48;
    }

    static GenerationRequest request(float[] mask, String prompt, int steps, double cfg, double strength, String sched,
            long seed) {
        return GenerationRequest.inpaint(image(), mask, W, H, prompt, seed).with(steps, cfg, strength, sched);
    }

    static Scheduler scheduler(DiffusionPipeline p, String name, int steps, double strength) {
        Scheduler s = Schedulers.create(name, SchedulerConfig.read(p.model().folder().schedulerConfigFile()));
        s.setTimesteps(steps, strength);
        return s;
    }

    /** Mean and deviation of channel c of the final latents over the latents {@code where} accepts. */
    static double[] stats(GenerationResult r, int c, IntPredicate where) {
        double s = 0, ss = 0;
        int n = 0;
        for (int k = 0; k < L; k++) {
            if (!where.test(k)) continue;
            double v = r.latents()[c * L + k];
            s += v;
            ss += v * v;
            n++;
        }
        double m = s / n;
        return new double[] {m, Math.sqrt(Math.max(0, ss / n - m * m)), n};
    }

    /** Channel c's mean and spread within 4 standard errors of the theory. */
    static void assertMoments(String what, GenerationResult r, int c, IntPredicate where, Moments want) {
        double[] got = stats(r, c, where);
        double n = got[2];
        double meanTol = 4 * want.std() / Math.sqrt(n) + 1e-4;
        double stdTol = 4 * want.std() / Math.sqrt(2 * n) + 1e-4;
        assertEquals(want.mean(), got[0], meanTol, what + ", channel " + c + ": mean");
        assertEquals(want.std(), got[1], stdTol, what + ", channel " + c + ": spread");
    }

    static double mu(int c, boolean red, double guidance) {
        // guidance: mu_u + g (mu_c - mu_u) with the prompt only in the conditional row
        return MU0 + (c == 0 && red ? guidance * SHIFT : 0);
    }

    @ParameterizedTest
    @CsvSource({"ddim, 30", "ddim, 25", "euler, 30", "euler_ancestral, 40", "euler_ancestral, 25"})
    void firstOrderSamplersGiveTheirExactMoments(String name, int steps) {
        GenerationResult r = sd15.generate(request(ALL, "a red car", steps, 1.0, 1.0, name, 11), Monitor.NONE);
        Scheduler s = scheduler(sd15, name, steps, 1.0);
        for (int c = 0; c < 4; c++) {
            double mu = mu(c, true, 1);
            Moments want = name.equals("ddim")
                    ? GaussianPriorTheory.ddim(s.timesteps(), 0, 0, 1, mu, S)
                    : GaussianPriorTheory.euler(s.sigmas(), 0, name.equals("euler_ancestral"), 0,
                            s.initNoiseSigma() * s.initNoiseSigma(), mu, S);
            assertMoments(name + " " + steps, r, c, k -> true, want);
        }
        assertEquals(steps, r.stepsRun());
        assertEquals("off", r.guidance());
    }

    /** DPM++ 2M with Karras sigmas is accurate enough at 25 steps to land on the ODE itself: N(mu, s^2). */
    /** {@code a += s * z}, element by element. */
    static void addScaled(float[] a, float[] z, double s) {
        for (int i = 0; i < a.length; i++) a[i] += (float) (s * z[i]);
    }

    /** Block means of 2 p - 1 per channel (R, G, B, their mean): what the analytic VAE encoder gives, scaled. */
    static float[] knownLatents(float[][] img, float[] pixelMask) {
        float[] z = new float[4 * L];
        for (int k = 0; k < L; k++) {
            int i = k % LW, j = k / LW;
            double[] sum = new double[3];
            for (int y = 8 * j; y < 8 * j + 8; y++) {
                for (int x = 8 * i; x < 8 * i + 8; x++) {
                    boolean hole = pixelMask != null && pixelMask[y * W + x] >= 0.5f;
                    for (int c = 0; c < 3; c++) sum[c] += hole ? 0 : 2.0 * img[c][y * W + x] - 1;
                }
            }
            for (int c = 0; c < 3; c++) z[c * L + k] = (float) (sum[c] / 64);
            z[3 * L + k] = (float) ((sum[0] + sum[1] + sum[2]) / 192);
        }
        return z;
    }

    /**
     * The same sampler driven by the closed-form model in Java instead of the graphs: the whole ONNX side
     * (tokens, text encoder, timestep types, guidance rows, the 4 + 1 + 4 input, VAE and its scaling) must give
     * the same latents, value by value.
     */
    @ParameterizedTest
    @CsvSource({"sd15, euler_ancestral, 3.0, 1.0", "sd15, dpmpp_2m_karras, 1.0, 0.7", "sd2, ddim, 4.0, 1.0",
        "sd2, euler, 2.0, 0.6"})
    void theGraphsComputeTheClosedFormModelValueByValue(String which, String sched, double g, double strength) {
        DiffusionPipeline p = which.equals("sd15") ? sd15 : sd2;
        boolean nine = which.equals("sd2");
        float[][] img = image();
        GenerationResult r = p.generate(request(MIDDLE, "red", 12, g, strength, sched, 77), Monitor.NONE);
        // the generator's draws, as the pipeline makes them: the image latents' VAE sample (strength below 1, or
        // the 4-channel blend), the initial noise, the masked image's VAE sample, then the steps'. sd2's optimum
        // encoder has log-variance -7; sd15's script encoder samples inside its graph (here: its mean)
        TorchGenerator rng = new TorchGenerator(77);
        double vaeStd = nine ? p.model().folder().scalingFactor() * Math.exp(-3.5) : 0;
        float[] known = knownLatents(img, null);
        if (!nine || strength < 1) addScaled(known, rng.randn(4 * L), vaeStd);
        float[] noise = rng.randn(4 * L);
        float[] masked = knownLatents(img, MIDDLE);
        addScaled(masked, rng.randn(4 * L), vaeStd);
        float[] m = LatentMask.ANY.downsample(MIDDLE, W, H);
        Denoiser closedForm = (x, t, step) -> {
            // the optimum UNet takes an int64 timestep: Euler's fractional ones arrive truncated, as in diffusers
            double ab = GaussianPriorTheory.abarAt(nine ? Math.floor(t) : t);
            float[] out = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                int c = i / L, k = i % L;
                double muU = MU0, muC = mu(c, true, 1), s = S;
                if (nine && m[k] == 0) {
                    muU = muC = masked[i];
                    s = 0.02;
                }
                double u = TinyModels.eps(x[i], ab, muU, s), cond = TinyModels.eps(x[i], ab, muC, s);
                out[i] = (float) (g > 1 ? u + g * (cond - u) : cond);
            }
            return out;
        };
        SamplingSpec spec = new SamplingSpec(LH, LW, 12, strength, 77, strength < 1 ? known : null,
                nine ? null : known, nine ? null : m);
        float[] want = Sampler.run(spec, scheduler(p, sched, 12, strength), closedForm, noise, rng, Monitor.NONE);
        double worst = 0;
        for (int i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(want[i] - r.latents()[i]));
        assertTrue(worst < 2e-4, which + " " + sched + ": latents differ from the closed form by up to " + worst);
    }

    @Test
    void dpmKarrasLandsOnThePrior() {
        GenerationResult r = sd15.generate(request(ALL, "a blue car", 25, 1.0, 1.0, "dpmpp_2m_karras", 5), Monitor.NONE);
        Scheduler s = scheduler(sd15, "dpmpp_2m_karras", 25, 1.0);
        double abar0 = GaussianPriorTheory.abarAt(s.timesteps()[0]);
        for (int c = 0; c < 4; c++) {
            double mu = MU0 + (c == 2 ? SHIFT : 0);
            Moments want = GaussianPriorTheory.ode(abar0, 0, 1, mu, S);
            assertMoments("dpmpp_2m_karras", r, c, k -> true, want);
            assertEquals(S, want.std(), 0.001, "and the ODE from the start is the prior itself");
        }
    }

    @Test
    void guidanceMovesTheMeanTowardsThePromptByTheScale() {
        double g = 3;
        GenerationResult r = sd15.generate(request(ALL, "red", 30, g, 1.0, "ddim", 3), Monitor.NONE);
        assertEquals("batched [uncond, cond]", r.guidance());
        assertEquals(30 * 1, r.timings().runs().get("unet"), "both halves in one call per step");
        Scheduler s = scheduler(sd15, "ddim", 30, 1.0);
        for (int c = 0; c < 4; c++) {
            assertMoments("cfg 3", r, c, k -> true, GaussianPriorTheory.ddim(s.timesteps(), 0, 0, 1, mu(c, true, g), S));
        }
        // [cond, uncond] would have pushed channel 0 to mu_c + g (mu_u - mu_c) = -0.7
        assertTrue(stats(r, 0, k -> true)[0] > 0.2, "channel 0 moved towards the prompt: " + stats(r, 0, k -> true)[0]);
    }

    @Test
    void aBatchOneUnetRunsTheTwoHalvesAsTwoCalls() {
        double g = 2;
        GenerationResult r = turbo.generate(request(ALL, "red", 4, g, 1.0, "default", 3), Monitor.NONE);
        assertEquals("two calls [uncond, cond]", r.guidance());
        assertEquals(8, r.timings().runs().get("unet"));
        assertEquals(2, r.timings().runs().get("text_encoder"), "and a batch-1 text encoder one call per prompt");
        Scheduler s = scheduler(turbo, "default", 4, 1.0);
        for (int c = 0; c < 4; c++) {
            assertMoments("turbo cfg 2", r, c, k -> true, GaussianPriorTheory.euler(s.sigmas(), 0, true, 0,
                    s.initNoiseSigma() * s.initNoiseSigma(), mu(c, true, g), S));
        }
        // device auto: CUDA where the probe ran a graph on it, else the CPU with the reason
        assertEquals(org.inpaintij.onnx.Devices.probeCuda(0).works() ? "CUDA:0"
                : "CPU (CUDA not used: " + org.inpaintij.onnx.Devices.probeCuda(0).problem() + ")", r.provider());
    }

    @Test
    void aFixedSizeUnetSaysWhichResolutionItTakes() {
        assertEquals(64, turbo.model().unet().fixedLatentHeight());
        assertEquals(512, turbo.defaults().resolution());
        float[][] small = {new float[256 * 256], new float[256 * 256], new float[256 * 256]};
        GenerationRequest req = GenerationRequest.inpaint(small, new float[256 * 256], 256, 256, "", 1);
        BadInputException e = assertThrows(BadInputException.class, () -> turbo.generate(req, Monitor.NONE));
        assertEquals(turbo.model().folder().root() + " works at 512x512 pixels only, not 256x256; set resolution to "
                + "512.", e.getMessage());
    }

    @Test
    void lcmPutsTheGuidanceIntoItsEmbedding() {
        double g = 8.5;
        GenerationResult r = lcm.generate(request(ALL, "a red car", 4, g, 1.0, "default", 9), Monitor.NONE);
        assertEquals("embedding w=7.5", r.guidance());
        assertEquals(4, r.timings().runs().get("unet"), "no guidance batch");
        double[] ts = scheduler(lcm, "lcm", 4, 1.0).timesteps();
        assertArrayEquals(new double[] {999, 759, 499, 259}, ts, "diffusers' LCM schedule for 4 of 50 steps");
        for (int c = 0; c < 4; c++) {
            // the model shifts channel 1 by 0.1 per unit of w / 1000, and by the embedding's error from diffusers'
            double mu = MU0 + (c == 0 ? SHIFT : 0) + (c == 1 ? 0.1 * (g - 1) : 0);
            assertMoments("lcm", r, c, k -> true, GaussianPriorTheory.lcm(ts, 0, 0, 1, mu, S));
        }
        // from the image at half strength: the image latents are scaled by the folder's scaling_factor, 0.2
        GenerationResult half = lcm.generate(request(MIDDLE, "", 4, 1.0, 0.5, "default", 9), Monitor.NONE);
        assertEquals(2, half.stepsRun());
        double ab = GaussianPriorTheory.ABAR[(int) ts[2]];
        double img = 2 * 0.6 - 1;
        assertMoments("lcm strength 0.5", half, 0, DiffusionPipelineTest::inMiddle,
                GaussianPriorTheory.lcm(ts, 2, Math.sqrt(ab) * img, 1 - ab, MU0, S));
    }

    /** Below 1, strength starts from the image latents noised to the strength's first timestep. */
    @ParameterizedTest
    @CsvSource({"0.1, 3", "0.3, 9", "0.6, 18"})
    void strengthStartsFromTheNoisedImage(double strength, int run) {
        GenerationResult r = sd15.generate(request(MIDDLE, "red", 30, 1.0, strength, "ddim", 4), Monitor.NONE);
        Scheduler s = scheduler(sd15, "ddim", 30, strength);
        assertEquals(run, r.stepsRun(), "int(30 * strength) steps");
        int start = s.startIndex();
        double abs = GaussianPriorTheory.ABAR[(int) s.timesteps()[start]];
        double[] flat = {0.6, 0.4, 0.5, 0.5};
        for (int c = 0; c < 4; c++) {
            double img = 2 * flat[c] - 1;
            Moments want = GaussianPriorTheory.ddim(s.timesteps(), start, Math.sqrt(abs) * img, 1 - abs, mu(c, true, 1), S);
            assertMoments("strength " + strength, r, c, DiffusionPipelineTest::inMiddle, want);
        }
    }

    @Test
    void aSmallerStrengthStaysCloserToTheImage() {
        double img = 2 * 0.6 - 1;
        double previous = -1;
        for (double strength : new double[] {0.02, 0.1, 0.3, 1.0}) {
            GenerationResult r = sd15.generate(request(MIDDLE, "red", 30, 1.0, strength, "ddim", 4), Monitor.NONE);
            double[] st = stats(r, 0, DiffusionPipelineTest::inMiddle);
            double distance = Math.sqrt((st[0] - img) * (st[0] - img) + st[1] * st[1]);
            if (strength == 0.02) {
                assertEquals(0, r.stepsRun(), "no step left to run");
                assertEquals(0, distance, 1e-6, "and the hole is the image's latents");
            }
            assertTrue(distance > previous, "strength " + strength + ": distance " + distance + " after " + previous);
            previous = distance;
        }
    }

    @Test
    void theLatentBlendKeepsEverythingOutsideTheMask() {
        float[][] img = image();
        GenerationResult r = sd15.generate(request(MIDDLE, "red", 20, 5.0, 1.0, "euler_ancestral", 8), Monitor.NONE);
        for (int c = 0; c < 3; c++) {
            for (int j = 0; j < LH; j++) {
                for (int i = 0; i < LW; i++) {
                    if (inMiddle(j * LW + i)) continue;
                    double mean = 0;
                    for (int y = 8 * j; y < 8 * j + 8; y++) for (int x = 8 * i; x < 8 * i + 8; x++) mean += img[c][y * W + x];
                    mean /= 64;
                    // the analytic VAE's decode of the known latents is the block mean of the input
                    for (int y = 8 * j; y < 8 * j + 8; y += 7) {
                        assertEquals(mean, r.image()[c][y * W + 8 * i], 2e-6, "pixel outside the mask");
                    }
                }
            }
        }
        Scheduler s = scheduler(sd15, "euler_ancestral", 20, 1.0);
        for (int c = 0; c < 4; c++) {
            assertMoments("blend, inside", r, c, DiffusionPipelineTest::inMiddle, GaussianPriorTheory.euler(s.sigmas(),
                    0, true, 0, s.initNoiseSigma() * s.initNoiseSigma(), mu(c, true, 5), S));
        }
    }

    /**
     * The 9-channel analytic UNet uses the prior N(masked-image latents, 0.02^2) where its mask channel is 0:
     * only the 4 + 1 + 4 order makes the known region come back and the hole follow the prompt.
     */
    @ParameterizedTest
    @CsvSource({"sd2, 2e-4", "fp16, 4e-3"})
    void inpaintingModelsGetLatentsMaskAndMaskedImageInThatOrder(String which, double fp) {
        DiffusionPipeline p = which.equals("sd2") ? sd2 : fp16;
        GenerationResult r = p.generate(request(MIDDLE, "blue", 30, 4.0, 1.0, "ddim", 21), Monitor.NONE);
        Scheduler s = scheduler(p, "ddim", 30, 1.0);
        float[][] img = image();
        for (int c = 0; c < 4; c++) {
            double mu = MU0 + (c == 2 ? 4 * SHIFT : 0);
            assertMoments(which + " hole", r, c, DiffusionPipelineTest::inMiddle,
                    GaussianPriorTheory.ddim(s.timesteps(), 0, 0, 1, mu, S));
        }
        double worst = 0;
        for (int k = 0; k < L; k++) {
            if (inMiddle(k)) continue;
            int i = k % LW, j = k / LW;
            for (int c = 0; c < 3; c++) {
                double known = 0;
                for (int y = 8 * j; y < 8 * j + 8; y++) for (int x = 8 * i; x < 8 * i + 8; x++) known += 2 * img[c][y * W + x] - 1;
                known /= 64;
                // a prior of spread 0.02 around the known latent, reached from the start by DDIM's map
                Moments want = GaussianPriorTheory.ddim(s.timesteps(), 0, 0, 1, known, 0.02);
                worst = Math.max(worst, Math.abs(r.latents()[c * L + k] - want.mean()) / (want.std() + fp));
            }
        }
        assertTrue(worst < 5, which + ": known latents off by up to " + worst + " of their spread");
        assertEquals("batched [uncond, cond]", r.guidance());
    }

    @Test
    void anInpaintingModelWithoutGuidancePadsItsFixedBatchOfTwo() {
        GenerationResult r = fp16.generate(request(MIDDLE, "", 10, 1.0, 1.0, "ddim", 2), Monitor.NONE);
        assertEquals("off", r.guidance());
        assertEquals(10, r.timings().runs().get("unet"));
        Scheduler s = scheduler(fp16, "ddim", 10, 1.0);
        for (int c = 0; c < 4; c++) {
            assertMoments("fp16 cfg off", r, c, DiffusionPipelineTest::inMiddle,
                    GaussianPriorTheory.ddim(s.timesteps(), 0, 0, 1, MU0, S));
        }
    }

    @Test
    void sameSeedSameBitsAndMinusOnePicksAndReportsOne() {
        GenerationRequest req = request(MIDDLE, "red", 6, 7.5, 0.9, "euler_ancestral", 123);
        GenerationResult a = sd15.generate(req, Monitor.NONE);
        GenerationResult b = sd15.generate(req, Monitor.NONE);
        for (int c = 0; c < 3; c++) assertArrayEquals(a.image()[c], b.image()[c]);
        assertArrayEquals(a.latents(), b.latents());
        assertEquals(123, a.seed());
        GenerationResult picked = sd15.generate(req.withSeed(-1), Monitor.NONE);
        assertTrue(picked.seed() >= 0);
        GenerationResult again = sd15.generate(req.withSeed(picked.seed()), Monitor.NONE);
        assertArrayEquals(picked.latents(), again.latents());
        GenerationResult other = sd15.generate(req.withSeed(124), Monitor.NONE);
        assertTrue(!java.util.Arrays.equals(a.latents(), other.latents()), "another seed, other noise");
    }

    @Test
    void img2imgRepaintsTheWholeImageAndNineChannelModelsRefuseIt() {
        GenerationRequest req = new GenerationRequest(image(), null, W, H, "red", "", 30, 1.0, 0.5, "ddim", 6,
                GenerationRequest.Mode.IMG2IMG, null);
        GenerationResult r = sd15.generate(req, Monitor.NONE);
        assertEquals(15, r.stepsRun());
        Scheduler s = scheduler(sd15, "ddim", 30, 0.5);
        double ab = GaussianPriorTheory.ABAR[(int) s.timesteps()[s.startIndex()]];
        // in the flat middle square the image latent is known
        double img = 2 * 0.6 - 1;
        assertMoments("img2img", r, 0, DiffusionPipelineTest::inMiddle, GaussianPriorTheory.ddim(s.timesteps(),
                s.startIndex(), Math.sqrt(ab) * img, 1 - ab, mu(0, true, 1), S));
        BadInputException e = assertThrows(BadInputException.class, () -> sd2.generate(req, Monitor.NONE));
        assertTrue(e.getMessage().startsWith("img2img needs a 4-channel model;"), e.getMessage());
    }

    @Test
    void cancellingStopsBetweenStepsAndLeavesThePipelineUsable() {
        AtomicInteger reports = new AtomicInteger();
        Monitor stopAtThird = new Monitor() {
            @Override
            public void progress(double fraction, String status) {
                reports.incrementAndGet();
            }

            @Override
            public boolean isCancelled() {
                return reports.get() >= 4;
            }
        };
        assertThrows(CancelledException.class,
                () -> sd15.generate(request(MIDDLE, "red", 30, 7.5, 1.0, "ddim", 1), stopAtThird));
        GenerationResult r = sd15.generate(request(MIDDLE, "red", 3, 7.5, 1.0, "ddim", 1), Monitor.NONE);
        assertEquals(3, r.stepsRun());
    }

    @Test
    void modelDefaultsApplyWhenTheRequestLeavesThemOut() {
        GenerationResult r = lcm.generate(GenerationRequest.inpaint(image(), MIDDLE, W, H, "red", 1), Monitor.NONE);
        assertEquals(4, r.steps());
        assertEquals(8.5, r.cfg());
        assertTrue(r.scheduler().toLowerCase(java.util.Locale.ROOT).contains("lcm"), r.scheduler());
        assertEquals(25, sd15.defaults().steps());
        assertEquals(7.5, sd15.defaults().cfg());
    }

    @Test
    void theCacheKeepsOnePipelinePerFolderAndDeviceUntilReleased() {
        Path dir = TinyModels.folder(TinyModels.SD15_SCRIPT, "cache");
        try (PipelineCache cache = new PipelineCache()) {
            Pipeline a = cache.get(dir, "cpu");
            assertSame(a, cache.get(dir.resolve(".").resolve("../" + dir.getFileName()), "CPU"));
            assertEquals(1, cache.size());
            cache.release(dir);
            assertEquals(0, cache.size());
            Pipeline b = cache.get(dir, "cpu");
            assertNotSame(a, b);
            assertEquals(3, b.generate(request(MIDDLE, "", 3, 1.0, 1.0, "ddim", 1), Monitor.NONE).stepsRun());
        }
    }
}
