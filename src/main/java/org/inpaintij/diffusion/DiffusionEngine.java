package org.inpaintij.diffusion;

import java.awt.Rectangle;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.Engines;
import org.inpaintij.core.FillRegion;
import org.inpaintij.core.InpaintEngine;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Mask;
import org.inpaintij.core.Monitor;
import org.inpaintij.core.Option;
import org.inpaintij.core.Plane;
import org.inpaintij.diffusion.model.ModelDefaults;
import org.inpaintij.models.ModelDescriptor;
import org.inpaintij.models.ModelResolver;
import org.scijava.plugin.Plugin;

/**
 * Repaints each region with a diffusion model (Stable Diffusion or Z-Image, whichever the folder holds): the
 * region's {@link WorkWindow} goes to the model at its working resolution, the result comes back to the region's
 * size and units, and unless {@code seam=none} a smooth correction (the membrane fill of the differences along the
 * mask's edge) makes the seam match the surroundings where the model drifted. Only pixels of the mask are written.
 */
@Plugin(type = InpaintEngine.class, name = "diffusion", priority = 10)
public final class DiffusionEngine implements InpaintEngine {

    private static final Set<Option> OPTIONS = EnumSet.of(Option.MODEL, Option.PROMPT, Option.NEGATIVE, Option.STEPS,
            Option.CFG, Option.STRENGTH, Option.SEED, Option.SCHEDULER, Option.VARIATIONS, Option.CONTEXT,
            Option.RESOLUTION, Option.SEAM, Option.DEVICE);

    @Override
    public Set<Option> options() {
        return OPTIONS;
    }

    /** Every kind of Stable Diffusion model: inpainting, plain, LCM and Turbo. */
    @Override
    public Set<String> modelKinds() {
        return Set.copyOf(org.inpaintij.models.ModelKinds.keys());
    }

    @Override
    public boolean parallel() {
        // one model, one region at a time: memory and progress per region
        return false;
    }

    @Override
    public String description() {
        return "Stable Diffusion through ONNX Runtime: repaints the region, guided by a prompt";
    }

    /**
     * The model's own defaults for the dialog: opens the model named in {@code chosen} (the run then reuses it)
     * and offers its steps, guidance, strength and resolution, and seed -1 (random, recorded); context stays blank
     * (the region decides).
     */
    @Override
    public java.util.Map<Option, String> dialogDefaults(java.util.Map<String, String> chosen) {
        String model = chosen.get(Option.MODEL.key());
        String device = chosen.getOrDefault(Option.DEVICE.key(), "auto");
        ModelResolver.Resolved resolved = ModelResolver.standard().resolveModel(model);
        Pipeline p = PipelineCache.shared().get(resolved.folder(), device);
        ModelDefaults d = ownDefaults(resolved, p);
        java.util.Map<Option, String> out = new java.util.EnumMap<>(Option.class);
        out.put(Option.STEPS, Integer.toString(d.steps()));
        out.put(Option.CFG, Double.toString(d.cfg()));
        out.put(Option.STRENGTH, Double.toString(d.strength()));
        out.put(Option.RESOLUTION, Integer.toString(d.resolution()));
        out.put(Option.SEED, "-1");
        return out;
    }

    /**
     * The model's own defaults: those of its descriptor where the model was installed from the catalog (what
     * doc/models.md lists), else what the folder's configuration says for its kind; a model exported at one fixed
     * size always uses that size.
     */
    static ModelDefaults ownDefaults(ModelResolver.Resolved model, Pipeline p) {
        ModelDefaults base = p.defaults();
        ModelDescriptor.Defaults m = model.installed().map(i -> i.manifest().defaults()).orElse(null);
        int fixed = p.fixedResolution();
        if (m == null) return fixed > 0 ? new ModelDefaults(base.steps(), base.cfg(), base.scheduler(), fixed,
                base.strength()) : base;
        return new ModelDefaults(m.steps() != null ? m.steps() : base.steps(), m.cfg() != null ? m.cfg() : base.cfg(),
                m.scheduler() != null ? m.scheduler() : base.scheduler(),
                fixed > 0 ? fixed : m.resolution() != null ? m.resolution() : base.resolution(),
                m.strength() != null ? m.strength() : base.strength());
    }

    /** Surrounding pixels given to the model: the option, or half the region's larger side (at least 32). */
    static int context(Rectangle fillBounds, InpaintRequest req) {
        Integer ctx = req.diffusion().context();
        if (ctx != null) return ctx;
        return Math.max(32, (int) Math.round(0.5 * Math.max(fillBounds.width, fillBounds.height)));
    }

    @Override
    public int margin(Mask.Component component, InpaintRequest request) {
        Rectangle b = component.bounds();
        return WorkWindow.margin(b.width, b.height, context(b, request));
    }

    @Override
    public void fill(FillRegion region, InpaintRequest request, Monitor monitor) {
        InpaintRequest.DiffusionOptions d = request.diffusion();
        ModelResolver.Resolved model = ModelResolver.standard().resolveModel(d.model());
        Path folder = model.folder();
        PipelineCache cache = PipelineCache.shared();
        if (!cache.isOpen(folder, d.device())) monitor.progress(0, "loading the model " + folder.getFileName());
        Pipeline pipeline = cache.get(folder, d.device());
        int fixed = pipeline.fixedResolution();
        if (fixed > 0 && d.resolution() != null && d.resolution() != fixed) {
            throw new BadInputException("The model " + folder.getFileName() + " works at " + fixed + "x" + fixed
                    + " pixels only; leave resolution out or set resolution=" + fixed + ".");
        }
        ModelDefaults own = ownDefaults(model, pipeline);
        int resolution = d.resolution() != null ? d.resolution() : own.resolution();
        var comps = region.fillComponents();
        Rectangle fb = comps.get(0).bounds();
        for (Mask.Component c : comps) fb = fb.union(c.bounds());
        int context = context(fb, request);
        WorkWindow window = WorkWindow.choose(region, context, resolution, fixed > 0, pipeline.sizeMultiple());
        GenerationRequest g = new GenerationRequest(window.toModel(region), window.maskToModel(region),
                window.width(), window.height(), d.prompt(), d.negative(),
                d.steps() != null ? d.steps() : own.steps(), d.cfg() != null ? d.cfg() : own.cfg(),
                d.strength() != null ? d.strength() : own.strength(),
                d.scheduler().equals("default") ? own.scheduler() : d.scheduler(),
                request.seed() == null ? TorchGenerator.RANDOM_SEED : request.seed(),
                GenerationRequest.Mode.INPAINT, LatentMask.ANY);
        GenerationResult result;
        try {
            Monitor eta = new EtaMonitor(monitor, pipeline.provider());
            StepListener preview = pipeline.previews() ? new LatentPreview(region, window.window(),
                    window.width() / 8, window.height() / 8, eta) : StepListener.NONE;
            result = pipeline.generate(g, eta, preview);
        } catch (OutOfMemoryError | IllegalStateException e) {
            if (!outOfMemory(e)) throw e;
            throw new BadInputException("Not enough memory to run the model at " + window.width() + "x"
                    + window.height() + " pixels (resolution=" + resolution + "); try resolution="
                    + Math.max(256, resolution / 2 / 8 * 8) + ", or a smaller selection or context.", e);
        }
        double[][] fill = window.fromModel(result.image(), region);
        double shift = d.matchSeam() ? matchSeam(region, window, fill, request) : 0;
        writeFill(region, window, fill);
        region.note("model", ModelHashes.describe(model));
        region.note("generation", result.provenance() + " resolution=" + window.width() + "x" + window.height()
                + " context=" + context);
        if (result.promptTruncated()) {
            int limit = pipeline.promptLimit();
            region.note("prompt", "cut to the model's " + limit + " tokens (the end of the prompt or negative was dropped)");
            monitor.progress(1, "the prompt was longer than " + limit + " tokens: its end was dropped");
        }
        if (Math.abs(shift) >= 0.005) {
            region.note("seam", String.format(java.util.Locale.ROOT,
                    "fill matched to its surroundings (mean shift %.1f%% of the range)", 100 * shift));
        }
    }

    /**
     * Corrects the fill so it meets the known pixels: the differences (original - model) on the known pixels
     * of the window are spread into the hole by the membrane fill and added. Returns the mean correction over
     * the hole, as a fraction of the value range, for provenance.
     */
    private static double matchSeam(FillRegion region, WorkWindow window, double[][] fill, InpaintRequest request) {
        Rectangle win = window.window();
        int n = win.width * win.height;
        byte[] s = region.state();
        byte[] state = new byte[n];
        double[][] diff = new double[fill.length][n];
        for (int y = 0; y < win.height; y++) {
            for (int x = 0; x < win.width; x++) {
                int i = y * win.width + x, j = (win.y + y) * region.width() + win.x + x;
                state[i] = s[j];
                if (s[j] == FillRegion.KNOWN) {
                    for (int c = 0; c < fill.length; c++) diff[c][i] = region.values()[c][j] - fill[c][i];
                }
            }
        }
        FillRegion d = new FillRegion(new Rectangle(region.bounds().x + win.x, region.bounds().y + win.y, win.width,
                win.height), state, diff, Plane.Type.FLOAT, new double[fill.length], new double[fill.length]);
        Engines.get("harmonic").fill(d, request, Monitor.NONE);
        double sum = 0, range = 0;
        long k = 0;
        for (int c = 0; c < fill.length; c++) {
            range = Math.max(range, region.type() == Plane.Type.BYTE ? 255
                    : region.displayMax(c) - region.displayMin(c));
            for (int i = 0; i < n; i++) {
                if (state[i] != FillRegion.FILL) continue;
                fill[c][i] += diff[c][i];
                sum += diff[c][i];
                k++;
            }
        }
        return k == 0 || !(range > 0) ? 0 : sum / k / range;
    }

    private static void writeFill(FillRegion region, WorkWindow window, double[][] fill) {
        Rectangle win = window.window();
        byte[] s = region.state();
        for (int y = 0; y < win.height; y++) {
            for (int x = 0; x < win.width; x++) {
                int j = (win.y + y) * region.width() + win.x + x;
                if (s[j] != FillRegion.FILL) continue;
                for (int c = 0; c < fill.length; c++) region.values()[c][j] = fill[c][y * win.width + x];
            }
        }
    }

    /** Whether a failure was running out of memory, in Java or in ONNX Runtime (CPU or CUDA). */
    static boolean outOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) return true;
            String m = t.getMessage();
            if (m != null && (m.contains("Failed to allocate") || m.contains("bad_alloc")
                    || m.contains("out of memory"))) {
                return true;
            }
        }
        return false;
    }

    /** Adds the device and an estimate of the time left to the pipeline's status lines. */
    private static final class EtaMonitor implements Monitor {
        private final Monitor parent;
        private final String device;
        private final long start = System.nanoTime();

        EtaMonitor(Monitor parent, String device) {
            this.parent = parent;
            this.device = device;
        }

        @Override
        public void progress(double fraction, String status) {
            double elapsed = (System.nanoTime() - start) / 1e9;
            String eta = fraction > 0.05 && fraction < 1
                    ? String.format(java.util.Locale.ROOT, ", about %.0f s left", elapsed * (1 - fraction) / fraction)
                    : "";
            parent.progress(fraction, status == null ? null : status + " on " + device + eta);
        }

        @Override
        public void preview(org.inpaintij.core.Preview preview) {
            parent.preview(preview);
        }

        @Override
        public boolean isCancelled() {
            return parent.isCancelled();
        }
    }
}
