package org.inpaintij.diffusion.model;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Logger;

import ai.onnxruntime.OnnxJavaType;

import org.inpaintij.core.BadInputException;
import org.inpaintij.models.ModelKind;
import org.inpaintij.onnx.DeviceSpec;
import org.inpaintij.onnx.Devices;

/**
 * The four graphs of a model folder, open on one device, and what they say about the model: its kind, text
 * width, precision and defaults. Owns the four stages; a model that fails half way through opening closes
 * what it had opened.
 */
public final class DiffusionModel implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DiffusionModel.class.getName());

    private final ModelFolder folder;
    private final DeviceSpec device;
    private final TextEncoder textEncoder;
    private final Unet unet;
    private final VaeEncoder vaeEncoder;
    private final VaeDecoder vaeDecoder;
    private final ModelKind kind;
    private final ModelDefaults defaults;

    private DiffusionModel(ModelFolder folder, DeviceSpec device, TextEncoder te, Unet unet, VaeEncoder ve,
            VaeDecoder vd) {
        this.folder = folder;
        this.device = device;
        this.textEncoder = te;
        this.unet = unet;
        this.vaeEncoder = ve;
        this.vaeDecoder = vd;
        int tw = te.declaredWidth(), uw = unet.declaredWidth();
        if (tw > 0 && uw > 0 && tw != uw) {
            throw new BadInputException("The text encoder of " + folder.root() + " gives width " + tw
                    + " but its UNet takes " + uw + "; the two graphs come from different models.");
        }
        this.kind = kindOf(folder, unet);
        this.defaults = ModelDefaults.of(kind, unet.hasTimestepCond(), resolutionOf(folder, unet));
    }

    /** Reads the folder and opens its graphs on {@code device}. */
    public static DiffusionModel open(ModelFolder folder, DeviceSpec device) {
        Devices.Placement placement = Devices.place(device);
        return Stage.openInOrder(stages -> {
            TextEncoder te = stages.add(TextEncoder.open(folder.graph("text_encoder"), placement));
            Unet unet = stages.add(Unet.open(folder.graph("unet"), placement, folder.unetConfigInt("in_channels")));
            VaeEncoder ve = stages.add(VaeEncoder.open(folder.graph("vae_encoder"), placement));
            VaeDecoder vd = stages.add(VaeDecoder.open(folder.graph("vae_decoder"), placement));
            DiffusionModel m = new DiffusionModel(folder, device, te, unet, ve, vd);
            LOG.info("Opened " + folder.root() + ": " + m.summary());
            return m;
        });
    }

    private static ModelKind kindOf(ModelFolder folder, Unet unet) {
        if (unet.channels() == 9) return ModelKind.INPAINTING;
        String sched = folder.schedulerClass();
        if (unet.hasTimestepCond() || sched.equals("LCMScheduler")) return ModelKind.LCM;
        if (sched.equals("EulerAncestralDiscreteScheduler") && folder.timestepSpacing().equals("trailing")) {
            return ModelKind.TURBO;
        }
        if (folder.root().getFileName().toString().toLowerCase(Locale.ROOT).contains("turbo")) return ModelKind.TURBO;
        return ModelKind.PLAIN;
    }

    private static int resolutionOf(ModelFolder folder, Unet unet) {
        if (unet.fixedLatentHeight() > 0 && unet.fixedLatentHeight() == unet.fixedLatentWidth()) {
            return unet.fixedLatentHeight() * 8;
        }
        int size = folder.unetConfigInt("sample_size");
        if (size > 0) return size * 8;
        // SD 2.x 768 models are the v-prediction ones; SD 2 inpainting and SD-Turbo are epsilon models at 512
        boolean wide = unet.declaredWidth() == 1024;
        return wide && folder.predictionType().equals("v_prediction") ? 768 : 512;
    }

    /** The folder the graphs came from. */
    public ModelFolder folder() {
        return folder;
    }

    /** The device asked for. */
    public DeviceSpec device() {
        return device;
    }

    /** The text encoder stage. */
    public TextEncoder textEncoder() {
        return textEncoder;
    }

    /** The UNet stage. */
    public Unet unet() {
        return unet;
    }

    /** The VAE encoder stage. */
    public VaeEncoder vaeEncoder() {
        return vaeEncoder;
    }

    /** The VAE decoder stage. */
    public VaeDecoder vaeDecoder() {
        return vaeDecoder;
    }

    /** What kind of model this is, from its graphs and configs. */
    public ModelKind kind() {
        return kind;
    }

    /** What the model runs with when a request leaves a value out. */
    public ModelDefaults defaults() {
        return defaults;
    }

    /** Whether the UNet graph takes and returns float16. */
    public boolean fp16() {
        return unet.sampleType() == OnnxJavaType.FLOAT16;
    }

    /** The text width D (768 SD 1.x, 1024 SD 2.x), from the graphs; -1 when neither fixes it. */
    public int textWidth() {
        return unet.declaredWidth() > 0 ? unet.declaredWidth() : textEncoder.declaredWidth();
    }

    /** Where the graphs run, e.g. {@code CUDA:0}, or {@code CPU (CUDA not used: ...)}; several when they differ. */
    public String provider() {
        Set<String> p = new LinkedHashSet<>();
        for (Stage s : List.of(unet, textEncoder, vaeEncoder, vaeDecoder)) p.add(s.placement().describe());
        if (p.size() == 1) return p.iterator().next();
        return "unet " + unet.placement().describe() + "; text_encoder " + textEncoder.placement().describe()
                + "; vae_encoder " + vaeEncoder.placement().describe() + "; vae_decoder "
                + vaeDecoder.placement().describe();
    }

    /** One line for logs and the model manager. */
    public String summary() {
        return kind.label() + " model, " + unet.channels() + "-channel UNet, text width " + textWidth() + ", "
                + (fp16() ? "float16" : "float32") + ", UNet batch " + (unet.fixedBatch() > 0 ? unet.fixedBatch() : "free")
                + ", timestep " + unet.timestepSpec().typeName() + unet.timestepSpec().shapeText()
                + (unet.hasTimestepCond() ? ", guidance embedding" : "")
                + (vaeEncoder.samplesInGraph() ? ", VAE encoder samples inside its graph" : "")
                + ", scheduler " + folder.schedulerClass()
                + ", runs on " + provider();
    }

    @Override
    public void close() {
        Stage.closeAll(vaeDecoder, vaeEncoder, unet, textEncoder);
    }
}
