package org.inpaintij.models;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.inpaintij.core.BadInputException;
import org.inpaintij.diffusion.model.ModelFolder;
import org.inpaintij.onnx.OnnxGraph;

/**
 * Whether a folder is a model folder an engine can load, by files and configuration only (no graph is opened).
 * For a diffusion model the verdict is the diffusion model loader's own ({@link ModelFolder#read}, or
 * {@link ZImageFolder#read}), so that the model manager never accepts a folder the engine would refuse, nor refuses
 * one it would run. A learned fill
 * (LaMa, MI-GAN) is a folder with one {@code .onnx} graph.
 */
public final class ModelLayout {

    private ModelLayout() {}

    /** What is wrong with a folder of any kind, one sentence in the loader's words; empty when it can be loaded. */
    public static List<String> problems(Path folder) {
        return problems(folder, null);
    }

    /**
     * What is wrong with a folder that should hold a model of {@code kind} (null: whichever kind its files say).
     */
    public static List<String> problems(Path folder, ModelKind kind) {
        try {
            check(folder, kind);
            return List.of();
        } catch (BadInputException e) {
            return List.of(e.getMessage());
        }
    }

    /**
     * Checks that an engine can load a folder of any kind.
     *
     * @throws BadInputException the loader's sentence naming the folder, what it lacks and what is needed
     */
    public static void check(Path folder) {
        check(folder, null);
    }

    /**
     * Checks that an engine can load a folder that should hold a model of {@code kind} (null: whichever kind its
     * files say).
     *
     * @throws BadInputException the loader's sentence naming the folder, what it lacks and what is needed
     */
    public static void check(Path folder, ModelKind kind) {
        if (!Files.isDirectory(folder)) {
            throw new BadInputException("Model folder " + folder + " does not exist or is not a folder.");
        }
        if (kind != null ? kind.learned() : looksLearned(folder)) learnedGraph(folder);
        else if (ZImageFolder.isZImage(folder)) ZImageFolder.read(folder);
        else ModelFolder.read(folder);
    }

    /**
     * Whether a folder looks like a learned fill rather than a diffusion model: it has no {@code model_index.json},
     * no {@code unet/} and no Z-Image manifest, and at least one {@code .onnx} file of its own.
     */
    public static boolean looksLearned(Path folder) {
        return Files.isDirectory(folder) && !Files.exists(folder.resolve("model_index.json"))
                && !Files.isDirectory(folder.resolve("unet")) && !ZImageFolder.isZImage(folder)
                && !onnxFiles(folder).isEmpty();
    }

    /**
     * The one {@code .onnx} graph of a learned fill's folder.
     *
     * @throws BadInputException when the folder has none, or more than one
     */
    public static Path learnedGraph(Path folder) {
        List<Path> graphs = onnxFiles(folder);
        if (graphs.size() == 1) return graphs.get(0);
        if (graphs.isEmpty()) {
            throw new BadInputException("Model folder " + folder + " has no .onnx file; a LaMa or MI-GAN model folder "
                    + "holds one graph.");
        }
        List<String> names = new ArrayList<>();
        for (Path p : graphs) names.add(p.getFileName().toString());
        throw new BadInputException("Model folder " + folder + " has " + graphs.size() + " .onnx files ("
                + String.join(", ", names) + "); a LaMa or MI-GAN model folder holds one graph.");
    }

    private static List<Path> onnxFiles(Path folder) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) return out;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, "*.onnx")) {
            for (Path p : ds) {
                if (Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")) out.add(p);
            }
        } catch (IOException e) {
            throw new BadInputException("Cannot list the model folder " + folder + " (" + ModelStore.describe(e)
                    + ").", e);
        }
        out.sort(null);
        return out;
    }

    /**
     * What kind of model a folder holds: a learned fill's kind comes from its graph's inputs (the graph is opened
     * once, on the CPU; see {@link LearnedGraph}); a Z-Image export (its {@value ZImageFolder#MANIFEST}) is
     * {@link ModelKind#ZIMAGE}; a UNet whose first convolution takes 9 channels (read from the graph's weights;
     * without one, an inpainting pipeline or a UNet configured with 9 input channels) is
     * {@link ModelKind#INPAINTING}, a consistency pipeline or scheduler is {@link ModelKind#LCM}, anything else
     * {@link ModelKind#PLAIN} (a Turbo model cannot be told from its files; the engine itself decides from the
     * graphs when it loads them). The graph's structure is read, not its weights.
     *
     * @throws BadInputException when the folder is not a model folder
     */
    public static ModelKind guessKind(Path folder) {
        if (looksLearned(folder)) return LearnedGraph.read(learnedGraph(folder)).kind();
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
