package org.inpaintij.diffusion.zimage;

import java.nio.file.Path;
import java.util.logging.Logger;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.Monitor;
import org.inpaintij.diffusion.DiffusionPipeline;
import org.inpaintij.diffusion.GenerationRequest;
import org.inpaintij.diffusion.GenerationResult;
import org.inpaintij.diffusion.Pipeline;
import org.inpaintij.diffusion.QwenTokenizer;
import org.inpaintij.diffusion.StepListener;
import org.inpaintij.diffusion.Timings;
import org.inpaintij.diffusion.TorchGenerator;
import org.inpaintij.diffusion.model.ModelDefaults;
import org.inpaintij.diffusion.model.Stage;
import org.inpaintij.diffusion.model.VaeEncoder;
import org.inpaintij.diffusion.scheduler.FlowMatchEulerScheduler;
import org.inpaintij.diffusion.scheduler.SchedulerConfig;
import org.inpaintij.models.ModelKind;
import org.inpaintij.models.ZImageFolder;
import org.inpaintij.onnx.DeviceSpec;
import org.inpaintij.onnx.Devices;
import org.inpaintij.onnx.RunControl;

/**
 * diffusers' ZImageInpaintPipeline (and, for {@link GenerationRequest.Mode#IMG2IMG}, ZImageImg2ImgPipeline) on
 * ONNX Runtime, step for step:
 * <ol>
 * <li>the prompt in the model's chat template, Qwen3 token ids (at most 512), the text encoder's hidden layer for
 * those tokens only;
 * <li>the image to [-1, 1], the VAE's mean and log-variance, sampled with the seed's torch generator, then
 * {@code (z - shift) * scale};
 * <li>noise from the same generator (after the VAE's draw, as diffusers draws it), the flow-matching schedule for
 * {@code linspace(1, 1/N, N)} shifted, and the strength's start;
 * <li>the {@link ZImageSampler} loop: transformer at {@code 1 - sigma}, negated, Euler step, known latents
 * re-noised and blended back after every step (latent mask, 1 = repaint);
 * <li>{@code z / scale + shift}, the VAE decoder, {@code x * 0.5 + 0.5} clamped.
 * </ol>
 * Guidance is off at cfg 0 (Turbo's setting); above, the transformer also runs on the negative prompt and
 * {@code pos + cfg * (pos - neg)} is used, as in diffusers (so cfg 1 already guides, unlike Stable Diffusion).
 * diffusers' second VAE encode (of the masked image) is never used by its loop and is not run here.
 */
public final class ZImagePipeline implements Pipeline {

    private static final Logger LOG = Logger.getLogger(ZImagePipeline.class.getName());

    /** Turbo's published settings: 8 steps (diffusers' schedule since May 2026), no guidance, 1024 pixels. */
    public static final ModelDefaults DEFAULTS = new ModelDefaults(8, 0.0, "default", 1024, 1.0);

    private final ZImageFolder folder;
    private final QwenTokenizer tokenizer;
    private final SchedulerConfig schedulerConfig;
    private final ZImageTextEncoder textEncoder;
    private final ZImageTransformer transformer;
    private final ZImageVaeEncoder vaeEncoder;
    private final ZImageVaeDecoder vaeDecoder;

    private ZImagePipeline(ZImageFolder folder, QwenTokenizer tokenizer, SchedulerConfig schedulerConfig,
            ZImageTextEncoder te, ZImageTransformer tr, ZImageVaeEncoder ve, ZImageVaeDecoder vd) {
        this.folder = folder;
        this.tokenizer = tokenizer;
        this.schedulerConfig = schedulerConfig;
        this.textEncoder = te;
        this.transformer = tr;
        this.vaeEncoder = ve;
        this.vaeDecoder = vd;
    }

    /**
     * Opens a Z-Image model folder on a device ({@code auto}, {@code cpu}, {@code cuda}, {@code cuda:N}; null =
     * auto). The files that need no native code are read first; a graph that fails its checks closes what was
     * already opened.
     *
     * @throws BadInputException naming the file and what was expected when the folder is not a usable model
     */
    public static ZImagePipeline open(Path modelFolder, String device) {
        ZImageFolder folder = ZImageFolder.read(modelFolder);
        QwenTokenizer tokenizer = QwenTokenizer.load(folder.tokenizerFile());
        SchedulerConfig sched = SchedulerConfig.read(folder.schedulerConfigFile());
        new FlowMatchEulerScheduler(sched); // a config it cannot run fails here, before any session
        Devices.Placement placement = Devices.place(DeviceSpec.parse(device));
        return Stage.openInOrder(stages -> {
            ZImageTextEncoder te = stages.add(ZImageTextEncoder.open(folder.graph("text_encoder"), placement,
                    folder.captionWidth()));
            ZImageTransformer tr = stages.add(ZImageTransformer.open(folder.graph("transformer"), placement, folder));
            ZImageVaeEncoder ve = stages.add(ZImageVaeEncoder.open(folder.graph("vae_encoder"), placement,
                    folder.latentChannels(), folder.vaeScale()));
            ZImageVaeDecoder vd = stages.add(ZImageVaeDecoder.open(folder.graph("vae_decoder"), placement,
                    folder.latentChannels(), folder.vaeScale()));
            ZImagePipeline p = new ZImagePipeline(folder, tokenizer, sched, te, tr, ve, vd);
            LOG.info("Opened " + folder.root() + ": " + p.summary());
            return p;
        });
    }

    /** The folder's description. */
    public ZImageFolder folder() {
        return folder;
    }

    /** Z-Image models are their own kind. */
    public ModelKind kind() {
        return ModelKind.ZIMAGE;
    }

    @Override
    public ModelDefaults defaults() {
        return DEFAULTS;
    }

    @Override
    public int fixedResolution() {
        return 0;
    }

    @Override
    public int sizeMultiple() {
        return folder.pixelMultiple();
    }

    @Override
    public int promptLimit() {
        return folder.maxTokens();
    }

    @Override
    public String provider() {
        java.util.Set<String> p = new java.util.LinkedHashSet<>();
        p.add(transformer.placement().describe());
        p.add(textEncoder.placement().describe());
        p.add(vaeEncoder.placement().describe());
        p.add(vaeDecoder.placement().describe());
        return p.size() == 1 ? p.iterator().next() : "transformer " + transformer.placement().describe()
                + "; text_encoder " + textEncoder.placement().describe() + "; vae " + vaeDecoder.placement().describe();
    }

    /** One line for logs: kind, precision, widths, where it runs. */
    public String summary() {
        return "Z-Image model, " + folder.precision() + ", " + folder.latentChannels() + " latent channels, caption "
                + "width " + folder.captionWidth() + ", runs on " + provider();
    }

    /** The ids of a prompt in the model's chat template, cut to the model's limit; and whether it was cut. */
    record Prompt(int[] ids, boolean truncated) {}

    Prompt tokenize(String prompt) {
        int[] ids = tokenizer.encode(folder.promptPrefix() + (prompt == null ? "" : prompt) + folder.promptSuffix());
        int max = folder.maxTokens();
        return ids.length <= max ? new Prompt(ids, false) : new Prompt(java.util.Arrays.copyOf(ids, max), true);
    }

    /** Z-Image's latents are not previewed: {@code listener} is not called. */
    @Override
    public boolean previews() {
        return false;
    }

    @Override
    public synchronized GenerationResult generate(GenerationRequest req, Monitor monitor, StepListener listener) {
        long t0 = System.nanoTime();
        long cpu0 = RunControl.threadCpuNanos();
        int steps = req.steps() != null ? req.steps() : DEFAULTS.steps();
        double cfg = req.cfg() != null ? req.cfg() : DEFAULTS.cfg();
        double strength = req.strength() != null ? req.strength() : DEFAULTS.strength();
        String sched = req.scheduler();
        if (!sched.equals("default") && !sched.equals("euler")) {
            throw new BadInputException("scheduler = " + sched + " does not apply to Z-Image models, which sample"
                    + " with their own flow-matching Euler scheduler; use scheduler=default (or euler).");
        }
        long seed = TorchGenerator.resolveSeed(req.seed());
        int W = req.width(), H = req.height(), m = sizeMultiple();
        if (W % m != 0 || H % m != 0) {
            throw new BadInputException("Z-Image works at sizes that are multiples of " + m + " pixels, not " + W + "x"
                    + H + ".");
        }
        int s = folder.vaeScale(), h = H / s, w = W / s, c = folder.latentChannels();
        FlowMatchEulerScheduler scheduler = new FlowMatchEulerScheduler(schedulerConfig);
        int seqLen = (h / folder.patchSize()) * (w / folder.patchSize());
        scheduler.setSigmas(FlowMatchEulerScheduler.linspaceSigmas(steps), strength,
                scheduler.dynamicShifting() ? scheduler.mu(seqLen) : 0);
        if (scheduler.stepsToRun() < 1) {
            // int(N - N * strength) < N for any strength above 0: only 0 leaves nothing to run
            throw new BadInputException("strength = " + strength + " leaves no step to run; Z-Image models take a "
                    + "strength above 0 (1 repaints the region from noise).");
        }
        boolean guided = cfg > 0;
        Prompt cond = tokenize(req.prompt());
        Prompt uncond = guided ? tokenize(req.negative()) : null;
        boolean truncated = cond.truncated() || (uncond != null && uncond.truncated());
        if (truncated) LOG.info("The prompt is longer than " + folder.maxTokens() + " tokens; its end was dropped.");

        monitor.progress(0, "Encoding");
        try (RunControl run = RunControl.open(monitor)) {
            float[] condEmb = textEncoder.encode(cond.ids(), run);
            float[] uncondEmb = guided ? textEncoder.encode(uncond.ids(), run) : null;
            float[] pixels = DiffusionPipeline.toModelRange(req.image(), W * H);
            float[] params = vaeEncoder.encode(pixels, H, W, run);
            monitor.checkCancelled();
            // diffusers' draw order with one generator: the VAE posterior's sample, then the noise
            TorchGenerator gen = new TorchGenerator(seed);
            float[] imageLatents = VaeEncoder.sample(params, true, gen.randn(c * h * w));
            float shift = (float) folder.shiftFactor(), scale = (float) folder.scalingFactor();
            for (int i = 0; i < imageLatents.length; i++) imageLatents[i] = (imageLatents[i] - shift) * scale;
            float[] noise = gen.randn(c * h * w);
            float[] latentMask = req.mode() == GenerationRequest.Mode.INPAINT
                    ? req.latentMask().downsample(req.mask(), W, H) : null;

            long s0 = System.nanoTime(), sc0 = RunControl.threadCpuNanos();
            float[] latents;
            try (ZImageTransformer.Conditioning pos = transformer.condition(condEmb, cond.ids().length, h, w);
                    ZImageTransformer.Conditioning neg = guided
                            ? transformer.condition(uncondEmb, uncond.ids().length, h, w) : null) {
                int p = folder.patchSize();
                float g = (float) cfg;
                ZImageSampler.Velocity model = (x, tIn, step) -> {
                    float[] tokens = ZImageTokens.patchify(x, c, h, w, p, pos.imagePadded);
                    float[] out = transformer.predict(tokens, tIn, pos, run);
                    if (neg != null) {
                        float[] un = transformer.predict(tokens, tIn, neg, run);
                        for (int i = 0; i < out.length; i++) out[i] = out[i] + g * (out[i] - un[i]);
                    }
                    return ZImageTokens.unpatchify(out, c, h, w, p);
                };
                latents = ZImageSampler.run(scheduler, imageLatents, noise, latentMask, model,
                        monitor.range(0.05, 0.95));
            }
            long samplingNanos = System.nanoTime() - s0, samplingCpu = RunControl.threadCpuNanos() - sc0;

            monitor.progress(0.95, "Decoding");
            float[] z = new float[latents.length];
            for (int i = 0; i < z.length; i++) z[i] = latents[i] / scale + shift;
            float[][] image = DiffusionPipeline.toUnitRange(vaeDecoder.decode(z, h, w, run), W * H);
            monitor.progress(1, null);
            Timings t = new Timings(System.nanoTime() - t0, samplingNanos, run.nanosByGraph(), run.runsByGraph(),
                    scheduler.stepsToRun(), RunControl.threadCpuNanos() - cpu0, samplingCpu, run.onnxCpuNanos(),
                    run.cpuNanosByGraph().getOrDefault("transformer", 0L));
            LOG.fine(() -> "Generated " + W + "x" + H + ": " + t);
            return new GenerationResult(image, latents, W, H, seed, scheduler.steps(), scheduler.stepsToRun(), cfg,
                    guided ? "two calls [prompt, negative]" : "off", strength, scheduler.describe(), provider(),
                    summary(), truncated, t);
        }
    }

    /** Closes the four sessions, after a generation that is running has finished. */
    @Override
    public synchronized void close() {
        Stage.closeAll(vaeDecoder, vaeEncoder, transformer, textEncoder);
    }
}
