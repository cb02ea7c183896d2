package org.inpaintij.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.inpaintij.core.BadInputException;
import org.inpaintij.diffusion.model.ModelFolder;
import org.inpaintij.diffusion.model.ModelKind;
import org.inpaintij.onnx.OnnxGraph;

/**
 * Whether a folder is a model folder the engine can load, by files and configuration only (no graph is opened).
 * The verdict is the diffusion model loader's own ({@link ModelFolder#read}), so that the model manager never
 * accepts a folder the engine would refuse, nor refuses one it would run.
 */
public final class ModelLayout {

    private ModelLayout() {}

    /** What is wrong with a folder, one sentence in the loader's words; empty when the engine can load it. */
    public static List<String> problems(Path folder) {
        try {
            check(folder);
            return List.of();
        } catch (BadInputException e) {
            return List.of(e.getMessage());
        }
    }

    /**
     * Checks that the engine can load a folder.
     *
     * @throws BadInputException the loader's sentence naming the folder, what it lacks and what is needed
     */
    public static void check(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new BadInputException("Model folder " + folder + " does not exist or is not a folder.");
        }
        if (ZImageFolder.isZImage(folder)) ZImageFolder.read(folder);
        else ModelFolder.read(folder);
    }

    /**
     * What kind of model a folder holds: a Z-Image export (its {@value ZImageFolder#MANIFEST}) is
     * {@link ModelKind#ZIMAGE}; a UNet whose first convolution takes 9 channels (read from the graph's weights;
     * without one, an inpainting pipeline or a UNet configured with 9 input channels) is
     * {@link ModelKind#INPAINTING}, a consistency pipeline or scheduler is {@link ModelKind#LCM}, anything else
     * {@link ModelKind#PLAIN} (a Turbo model cannot be told from its files; the engine itself decides from the
     * graphs when it loads them). The graph's structure is read, not its weights.
     *
     * @throws BadInputException when the folder is not a model folder
     */
    public static ModelKind guessKind(Path folder) {
        if (ZImageFolder.isZImage(folder)) {
            ZImageFolder.read(folder);
            return ModelKind.ZIMAGE;
        }
        ModelFolder f = ModelFolder.read(folder);
        OnnxGraph.Convolution conv;
        try {
            conv = OnnxGraph.read(f.graph("unet")).firstConvolution("sample");
        } catch (BadInputException e) {
            // not a graph this reader understands: the configuration decides, and the engine reports the graph
            conv = null;
        }
        if (conv != null) {
            if (conv.inputChannels() == 9) return ModelKind.INPAINTING;
        } else if (f.pipelineClass().contains("Inpaint") || f.unetConfigInt("in_channels") == 9) {
            return ModelKind.INPAINTING;
        }
        if (f.pipelineClass().contains("LatentConsistency") || f.schedulerClass().equals("LCMScheduler")) {
            return ModelKind.LCM;
        }
        return ModelKind.PLAIN;
    }
}
