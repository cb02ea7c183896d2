package org.inpaintij.learned;

import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.FillRegion;
import org.inpaintij.core.InpaintEngine;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Mask;
import org.inpaintij.core.Monitor;
import org.inpaintij.core.Option;
import org.inpaintij.core.Plane;
import org.inpaintij.models.Hashing;
import org.inpaintij.models.InstalledModel;
import org.inpaintij.models.Manifest;
import org.inpaintij.models.ModelKind;
import org.inpaintij.models.ModelLayout;
import org.inpaintij.models.ModelResolver;
import org.inpaintij.onnx.RunControl;

/**
 * A learned fill without a prompt (LaMa, MI-GAN): each region's {@link LearnedWindow} goes through the model in
 * one pass, and only the region's pixels to fill are written back. The model is an installed model of this kind
 * ({@code model=NAME}, the first installed one when none is named) or the path of an {@code .onnx} graph; its
 * inputs are checked against the kind's contract when it opens ({@link org.inpaintij.models.LearnedGraph}).
 * The subclasses only name the method and the kind.
 */
public abstract class LearnedEngine implements InpaintEngine {

    /** Working size of a graph that takes any size, when neither the option nor the installed model says. */
    static final int DEFAULT_RESOLUTION = 512;

    private static final Set<Option> OPTIONS = EnumSet.of(Option.MODEL, Option.CONTEXT, Option.RESOLUTION,
            Option.DEVICE);

    private final String method;
    private final ModelKind kind;

    /**
     * An engine for one kind.
     *
     * @param method the method's name, as its {@code @Plugin} annotation gives it
     * @param kind {@link ModelKind#LAMA} or {@link ModelKind#MIGAN}
     */
    protected LearnedEngine(String method, ModelKind kind) {
        this.method = method;
        this.kind = kind;
    }

    private ModelResolver.Use use() {
        return ModelResolver.Use.learned(method, kind);
    }

    @Override
    public Set<Option> options() {
        return OPTIONS;
    }

    @Override
    public boolean parallel() {
        // one session, one region at a time: memory and progress per region
        return false;
    }

    /** The one kind this engine runs ({@code lama} or {@code migan}). */
    @Override
    public Set<String> modelKinds() {
        return use().keys();
    }

    @Override
    public int margin(Mask.Component component, InpaintRequest request) {
        Rectangle b = component.bounds();
        return LearnedWindow.margin(b.width, b.height, LearnedWindow.context(b, request.diffusion().context()));
    }

    /** The working size the dialog offers: the graph's own when it is fixed, else the model's default. */
    @Override
    public Map<Option, String> dialogDefaults(Map<String, String> chosen) {
        ModelResolver.Resolved resolved = ModelResolver.standard().resolveModel(chosen.get(Option.MODEL.key()), use());
        LearnedModel m = open(resolved, chosen.getOrDefault(Option.DEVICE.key(), "auto"));
        Map<Option, String> out = new EnumMap<>(Option.class);
        out.put(Option.RESOLUTION, Integer.toString(m.graph().fixedSize() ? Math.max(m.graph().width(),
                m.graph().height()) : defaultResolution(resolved)));
        return out;
    }

    @Override
    public void fill(FillRegion region, InpaintRequest request, Monitor monitor) {
        InpaintRequest.DiffusionOptions d = request.diffusion();
        ModelResolver.Resolved resolved = ModelResolver.standard().resolveModel(d.model(), use());
        Path graphFile = graphFile(resolved);
        if (!LearnedModels.shared().isOpen(graphFile, d.device())) {
            monitor.progress(0, "loading the model " + graphFile.getFileName());
        }
        LearnedModel model = open(resolved, d.device());
        if (model.graph().fixedSize() && d.resolution() != null
                && d.resolution() != Math.max(model.graph().width(), model.graph().height())) {
            throw new BadInputException("The model " + graphFile.getFileName() + " works at " + model.graph().width()
                    + "x" + model.graph().height() + " pixels only; leave resolution out or set resolution="
                    + model.graph().width() + ".");
        }
        int resolution = d.resolution() != null ? d.resolution() : defaultResolution(resolved);
        Rectangle fill = region.fillBounds();
        LearnedWindow window = LearnedWindow.choose(region, fill, LearnedWindow.context(fill, d.context()),
                model.graph(), resolution);
        LearnedWindow.Input in = window.toModel(region);
        monitor.progress(0, method + " at " + window.width() + "x" + window.height() + " on "
                + model.placement().describe());
        float[] out;
        try (RunControl run = RunControl.open(monitor)) {
            out = model.fill(in.rgb(), in.hole(), window.width(), window.height(), run);
        }
        window.write(region, fill, out, in);
        region.note("model", describe(resolved, graphFile));
        region.note("graph", kind.label() + (model.graph().fixedSize() ? ", fixed " + model.graph().width() + "x"
                + model.graph().height() : ", any size, at most " + resolution + " pixels a side"));
        region.note("range", region.type() == Plane.Type.BYTE ? "0..255 as the model's 0..1"
                : String.format(Locale.ROOT, "each crop's %.1fth to %.1fth percentile of its known pixels as the "
                        + "model's 0..1", LearnedWindow.LOW_PERCENT, LearnedWindow.HIGH_PERCENT));
        region.note("device", model.placement().describe());
        monitor.progress(1, null);
    }

    /** The open model, checked to be of this engine's kind. */
    private LearnedModel open(ModelResolver.Resolved resolved, String device) {
        Path file = graphFile(resolved);
        LearnedModel m = LearnedModels.shared().get(file, device);
        if (m.kind() != kind) {
            String other = m.kind() == ModelKind.LAMA ? "lama" : "migan";
            throw new BadInputException(file + " is a " + m.kind().label() + " graph; method=" + method + " needs a "
                    + kind.label() + " graph (use method=" + other + " for this one).");
        }
        return m;
    }

    /** The {@code .onnx} file of a resolved model: the file itself, or the one graph of its folder. */
    static Path graphFile(ModelResolver.Resolved resolved) {
        Path p = resolved.folder();
        return Files.isRegularFile(p) ? p : ModelLayout.learnedGraph(p);
    }

    /** The installed model's own working size, else {@value #DEFAULT_RESOLUTION}. */
    private static int defaultResolution(ModelResolver.Resolved resolved) {
        Integer r = resolved.installed().map(m -> m.manifest().defaults().resolution()).orElse(null);
        return r != null ? r : DEFAULT_RESOLUTION;
    }

    /** The model's name (or file) and its graph's SHA-256: pinned at install, or computed once for a path. */
    static String describe(ModelResolver.Resolved resolved, Path graphFile) {
        String file = graphFile.getFileName().toString();
        if (resolved.installed().isPresent()) {
            InstalledModel m = resolved.installed().get();
            for (Manifest.PinnedFile f : m.manifest().files()) {
                if (f.path().equals(file)) return m.name() + " (" + file + " sha256 " + f.sha256() + ")";
            }
        }
        try {
            return graphFile + " (sha256 " + Hashing.remembered(graphFile) + ")";
        } catch (IOException e) {
            throw new BadInputException("Cannot read " + graphFile + " to record its checksum ("
                    + e.getMessage() + ").", e);
        }
    }
}
