package org.inpaintij.diffusion;

import java.nio.file.Path;
import java.util.logging.Logger;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.Monitor;
import org.inpaintij.diffusion.model.DiffusionModel;
import org.inpaintij.diffusion.model.ModelDefaults;
import org.inpaintij.diffusion.model.ModelFolder;
import org.inpaintij.diffusion.model.TextEncoder;
import org.inpaintij.diffusion.model.Unet;
import org.inpaintij.models.ModelKind;
import org.inpaintij.onnx.DeviceSpec;
import org.inpaintij.onnx.RunControl;
import org.inpaintij.diffusion.scheduler.Scheduler;
import org.inpaintij.diffusion.scheduler.SchedulerConfig;
import org.inpaintij.diffusion.scheduler.Schedulers;

/**
 * Stable Diffusion inpainting, img2img and latent-blend inpainting on ONNX Runtime, in plain Java. Open one per
 * model folder and device (or take one from {@link PipelineCache}); {@link #generate} runs one job at a time.
 *
 * <p>Images go in and come out as planar RGB in [0, 1] at the working resolution (a multiple of 8); the
 * graphs see [-1, 1]. The three algorithms follow diffusers: 9-channel inpainting UNets get latents, latent mask
 * and masked-image latents (4 + 1 + 4) and start from the noised image latents when strength is below 1; any
 * 4-channel model inpaints by latent blend (after every step the known region is the image latents re-noised
 * to the next timestep, and at the end exactly the image latents); img2img noises the whole image to the
 * strength's first timestep. Classifier-free guidance runs the rows [uncond, cond] together, or as two calls
 * when the UNet's batch is fixed at 1, and not at all when cfg is 1 or less; LCM UNets get the guidance as
 * their {@code timestep_cond} embedding instead.
 *
 * <p>Noise: one {@link TorchGenerator} seeded with the request's seed, drawn in the order of diffusers'
 * StableDiffusionInpaintPipeline (and StableDiffusionImg2ImgPipeline for img2img) with a CPU generator, one
 * [1, 4, h, w] tensor each: the VAE sample of the image latents when they are needed (img2img, latent blend, or
 * strength below 1), the initial noise, the VAE sample of the masked image (inpainting; a 4-channel UNet does not
 * use it, but diffusers draws it), then whatever the scheduler draws at each step. So a seed gives the noise
 * diffusers gives for {@code torch.Generator().manual_seed(seed)}.
 */
public final class DiffusionPipeline implements Pipeline {

    private static final Logger LOG = Logger.getLogger(DiffusionPipeline.class.getName());

    private final DiffusionModel model;
    private final ClipTokenizer tokenizer;
    private final SchedulerConfig schedulerConfig;

    private DiffusionPipeline(DiffusionModel model, ClipTokenizer tokenizer, SchedulerConfig schedulerConfig) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.schedulerConfig = schedulerConfig;
    }

    /**
     * Opens the model folder on a device ({@code auto}, {@code cpu}, {@code cuda}, {@code cuda:N}; null = auto).
     *
     * @throws BadInputException naming the file and what was expected when the folder is not a usable model
     */
    public static DiffusionPipeline open(Path modelFolder, String device) {
        ModelFolder folder = ModelFolder.read(modelFolder);
        // the files that need no native code are read first, so that a bad one costs no session
        ClipTokenizer tokenizer = ClipTokenizer.load(folder.tokenizerDir());
        SchedulerConfig sched = SchedulerConfig.read(folder.schedulerConfigFile());
        DiffusionModel model = DiffusionModel.open(folder, DeviceSpec.parse(device));
        return new DiffusionPipeline(model, tokenizer, sched);
    }

    /** The open model: kind, defaults, text width, where it runs. */
    public DiffusionModel model() {
        return model;
    }

    /** The model's kind. */
    public ModelKind kind() {
        return model.kind();
    }

    /** What the model runs with when the request leaves a value out. */
    @Override
    public ModelDefaults defaults() {
        return model.defaults();
    }

    /**
     * Runs one job, handing each step's clean-latent estimate to {@code listener} (for a live preview). Checks
     * {@code monitor} between steps and stops a running graph when it cancels.
     *
     * @throws org.inpaintij.core.CancelledException when cancelled
     * @throws BadInputException when the request does not fit the model (size, scheduler, steps)
     */
    @Override
    public synchronized GenerationResult generate(GenerationRequest req, Monitor monitor, StepListener listener) {
        long t0 = System.nanoTime();
        long cpu0 = RunControl.threadCpuNanos();
        ModelDefaults d = model.defaults();
        int steps = req.steps() != null ? req.steps() : d.steps();
        double cfg = req.cfg() != null ? req.cfg() : d.cfg();
        double strength = req.strength() != null ? req.strength() : d.strength();
        String schedName = req.scheduler().equals("default") ? d.scheduler() : req.scheduler();
        long seed = TorchGenerator.resolveSeed(req.seed());
        int W = req.width(), H = req.height(), w = W / 8, h = H / 8;
        checkSize(W, H);
        Unet unet = model.unet();
        boolean inpaintModel = unet.channels() == 9;
        if (inpaintModel && req.mode() == GenerationRequest.Mode.IMG2IMG) {
            throw new BadInputException("img2img needs a 4-channel model; " + model.folder().root()
                    + " is a 9-channel inpainting model, which always inpaints.");
        }
        Scheduler scheduler = Schedulers.create(schedName, schedulerConfig);
        scheduler.setTimesteps(steps, strength);

        boolean embedding = unet.hasTimestepCond();
        boolean guided = cfg > 1 && !embedding;
        ClipTokenizer.Tokens cond = tokenizer.encode(req.prompt());
        ClipTokenizer.Tokens uncond = tokenizer.encode(req.negative());
        int[][] rows = guided ? new int[][] {uncond.ids(), cond.ids()} : new int[][] {cond.ids()};
        String guidance = embedding ? "embedding w=" + (float) (cfg - 1)
                : !guided ? "off" : unet.fixedBatch() == 1 ? "two calls [uncond, cond]" : "batched [uncond, cond]";

        if (cond.truncated() || uncond.truncated()) {
            LOG.info("The prompt or negative prompt is longer than 77 tokens; its end was dropped.");
        }
        monitor.progress(0, "Encoding");
        try (RunControl run = RunControl.open(monitor)) {
            float[][] hidden = model.textEncoder().encode(rows, run);
            float[][] condRows = null;
            if (embedding) {
                float[] e = GuidanceEmbedding.of(cfg, unet.timestepCondWidth());
                condRows = new float[rows.length][];
                for (int r = 0; r < rows.length; r++) condRows[r] = e;
            }
            float scaling = (float) model.folder().scalingFactor();
            float[] pixels = toModelRange(req.image(), W * H);
            boolean blend = !inpaintModel && req.mode() == GenerationRequest.Mode.INPAINT;
            float[] pixelMask = req.mode() == GenerationRequest.Mode.INPAINT ? req.mask() : null;
            float[] latentMask = pixelMask == null ? null : req.latentMask().downsample(pixelMask, W, H);
            boolean img2img = req.mode() == GenerationRequest.Mode.IMG2IMG;
            // the generator's draws, in diffusers' order (see the class comment), each 4 * h * w values
            TorchGenerator rng = new TorchGenerator(seed);
            int n = 4 * h * w;
            float[] imageLatents = img2img || blend || strength < 1
                    ? scaled(model.vaeEncoder().encode(pixels, H, W, rng.randn(n), run), scaling) : null;
            float[] noise = rng.randn(n);
            float[] maskedLatents = null;
            if (inpaintModel) {
                maskedLatents = scaled(model.vaeEncoder().encode(masked(pixels, pixelMask), H, W, rng.randn(n), run),
                        scaling);
            } else if (blend) {
                rng.randn(n); // diffusers samples the masked image's latents, which a 4-channel UNet never sees
            }
            monitor.checkCancelled();

            float[] init = img2img || strength < 1 ? imageLatents : null;
            SamplingSpec spec = new SamplingSpec(h, w, steps, strength, seed, init, blend ? imageLatents : null,
                    blend ? latentMask : null);
            long s0 = System.nanoTime();
            long sc0 = RunControl.threadCpuNanos();
            float[] latents;
            try (Unet.Conditioning c = unet.condition(hidden, condRows)) {
                UnetDenoiser denoiser = new UnetDenoiser(unet, c, cfg, latentMask, maskedLatents, h, w, run);
                latents = Sampler.run(spec, scheduler, denoiser, noise, rng, monitor.range(0.05, 0.95), listener);
            }
            long samplingNanos = System.nanoTime() - s0;
            long samplingCpu = RunControl.threadCpuNanos() - sc0;

            monitor.progress(0.95, "Decoding");
            float[] unscaled = latents.clone();
            for (int i = 0; i < unscaled.length; i++) unscaled[i] /= scaling;
            float[] rgb = model.vaeDecoder().decode(unscaled, h, w, run);
            float[][] image = toUnitRange(rgb, W * H);
            monitor.progress(1, null);
            Timings t = new Timings(System.nanoTime() - t0, samplingNanos, run.nanosByGraph(), run.runsByGraph(),
                    scheduler.stepsToRun(), RunControl.threadCpuNanos() - cpu0, samplingCpu, run.onnxCpuNanos(),
                    run.cpuNanosByGraph().getOrDefault("unet", 0L));
            LOG.fine(() -> "Generated " + W + "x" + H + ": " + t);
            return new GenerationResult(image, latents, W, H, seed, scheduler.steps(), scheduler.stepsToRun(), cfg,
                    guidance, strength, scheduler.describe(), model.provider(), model.summary(),
                    cond.truncated() || uncond.truncated(), t);
        }
    }

    /** The only working size (pixels, square) of a model exported at a fixed size, or 0 when any size works. */
    @Override
    public int fixedResolution() {
        Unet u = model.unet();
        return u.fixedLatentWidth() > 0 ? u.fixedLatentWidth() * 8 : u.fixedLatentHeight() * 8;
    }

    /** Multiples of 8 pixels: one latent. */
    @Override
    public int sizeMultiple() {
        return 8;
    }

    /** CLIP's 77 tokens. */
    @Override
    public int promptLimit() {
        return TextEncoder.SEQUENCE;
    }

    @Override
    public String provider() {
        return model.provider();
    }

    private void checkSize(int W, int H) {
        Unet u = model.unet();
        if ((u.fixedLatentHeight() > 0 && u.fixedLatentHeight() * 8 != H)
                || (u.fixedLatentWidth() > 0 && u.fixedLatentWidth() * 8 != W)) {
            throw new BadInputException(model.folder().root() + " works at " + u.fixedLatentWidth() * 8 + "x"
                    + u.fixedLatentHeight() * 8 + " pixels only, not " + W + "x" + H + "; set resolution to "
                    + u.fixedLatentWidth() * 8 + ".");
        }
    }

    /** The image with the pixels to repaint (mask 0.5 or more) set to 0, mid-grey in [-1, 1], as diffusers does. */
    private static float[] masked(float[] pixels, float[] pixelMask) {
        float[] masked = pixels.clone();
        int n = pixelMask.length;
        for (int i = 0; i < n; i++) {
            if (pixelMask[i] >= 0.5f) {
                masked[i] = 0;
                masked[n + i] = 0;
                masked[2 * n + i] = 0;
            }
        }
        return masked;
    }

    /** Planar [0, 1] RGB to one [3 * n] array in [-1, 1]. */
    public static float[] toModelRange(float[][] rgb, int n) {
        float[] out = new float[3 * n];
        for (int c = 0; c < 3; c++) {
            float[] p = rgb[c];
            for (int i = 0; i < n; i++) out[c * n + i] = 2 * p[i] - 1;
        }
        return out;
    }

    /** One [3 * n] array in [-1, 1] to planar RGB in [0, 1], clamped. */
    public static float[][] toUnitRange(float[] rgb, int n) {
        float[][] out = new float[3][n];
        for (int c = 0; c < 3; c++) {
            float[] o = out[c];
            int base = c * n;
            for (int i = 0; i < n; i++) o[i] = Math.min(1f, Math.max(0f, (rgb[base + i] + 1) * 0.5f));
        }
        return out;
    }

    private static float[] scaled(float[] a, float s) {
        for (int i = 0; i < a.length; i++) a[i] *= s;
        return a;
    }

    /** Closes the model's sessions, after a generation that is running has finished. */
    @Override
    public synchronized void close() {
        model.close();
    }
}
