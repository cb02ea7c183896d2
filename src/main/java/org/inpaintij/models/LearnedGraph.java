package org.inpaintij.models;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;

import org.inpaintij.core.BadInputException;
import org.inpaintij.onnx.Devices;
import org.inpaintij.onnx.Sessions;
import org.inpaintij.onnx.TensorSpec;

/**
 * The input/output contract of a learned fill's ONNX graph, read from the graph itself. Two contracts are known,
 * as the publishers' mirrors state them (model catalog, sections LaMa and MI-GAN):
 * <ul>
 * <li>LaMa (the Carve export): float32 {@code image} [1, 3, H, W], RGB in 0..1, and float32 {@code mask}
 * [1, 1, H, W], 1 = fill; float32 {@code output} [1, 3, H, W], RGB in 0..255;</li>
 * <li>MI-GAN: uint8 {@code image} [1, 3, H, W] and uint8 {@code mask} [1, 1, H, W], 255 = keep, 0 = fill;
 * uint8 {@code result} [1, 3, H, W].</li>
 * </ul>
 * The element type of the image tells the two apart. Other names are accepted where the shapes say which input
 * is which (3 channels and 1 channel); H and W are either fixed by the graph (Carve's 512 x 512) or free (MI-GAN's
 * "any size"). A float16 LaMa export is read as LaMa too. Anything else gets one sentence naming what does not fit.
 *
 * @param kind {@link ModelKind#LAMA} or {@link ModelKind#MIGAN}
 * @param image the image input
 * @param mask the mask input
 * @param output the filled image output
 * @param height the graph's fixed height, or -1 when it takes any
 * @param width the graph's fixed width, or -1 when it takes any
 */
public record LearnedGraph(ModelKind kind, TensorSpec image, TensorSpec mask, TensorSpec output, int height,
        int width) {

    /** What a learned fill's graph must be, as messages say it. */
    public static final String EXPECTED = "a LaMa graph (float32 'image' [1, 3, H, W] RGB 0..1 and 'mask' [1, 1, H, W]"
            + " 1 = fill, to 'output' [1, 3, H, W] RGB 0..255) or a MI-GAN graph (uint8 'image' [1, 3, H, W] and"
            + " 'mask' [1, 1, H, W] 255 = keep, to uint8 'result' [1, 3, H, W])";

    /** Whether the graph works at one size only ({@link #height()} x {@link #width()}). */
    public boolean fixedSize() {
        return height > 0 && width > 0;
    }

    /**
     * Opens {@code file} on the CPU just long enough to read its contract (for imports; the engine reads the
     * contract of the session it runs).
     *
     * @throws BadInputException when the file cannot be loaded or fits neither contract
     */
    public static LearnedGraph read(Path file) {
        Sessions.Opened o = Sessions.open(file, Devices.Placement.CPU, "a LaMa or MI-GAN .onnx file");
        try (var session = o.session()) {
            return of(file, TensorSpec.inputs(session), TensorSpec.outputs(session));
        } catch (OrtException e) {
            throw new BadInputException("ONNX Runtime cannot describe the inputs of " + file + " ("
                    + Devices.oneLine(e.getMessage()) + ").", e);
        }
    }

    /**
     * The contract of a graph with these inputs and outputs.
     *
     * @param file the graph, for messages
     * @throws BadInputException one sentence naming the file, what does not fit, and what is expected
     */
    public static LearnedGraph of(Path file, Map<String, TensorSpec> inputs, Map<String, TensorSpec> outputs) {
        if (inputs.size() != 2) {
            throw new BadInputException(file + " has " + inputs.size() + " input" + (inputs.size() == 1 ? "" : "s")
                    + " (" + describe(inputs) + "), so it fits neither learned-fill contract; expected " + EXPECTED
                    + ".");
        }
        TensorSpec image = inputs.get("image"), mask = inputs.get("mask");
        if (image == null || mask == null) {
            image = null;
            mask = null;
            for (TensorSpec s : inputs.values()) {
                long channels = s.rank() == 4 ? s.dim(1) : -1;
                if (channels == 3 && image == null) image = s;
                else if (channels == 1 && mask == null) mask = s;
            }
            if (image == null || mask == null) {
                throw new BadInputException(file + " has inputs " + describe(inputs) + ", which cannot be told apart"
                        + " as image and mask; expected " + EXPECTED + ".");
            }
        }
        checkRank(file, "input", image, 3);
        checkRank(file, "input", mask, 1);
        ModelKind kind;
        if (TensorSpec.FLOATS.contains(image.type())) kind = ModelKind.LAMA;
        else if (image.type() == OnnxJavaType.UINT8) kind = ModelKind.MIGAN;
        else {
            throw new BadInputException(file + " input '" + image.name() + "' is " + image.typeName()
                    + "; expected float32 (LaMa) or uint8 (MI-GAN).");
        }
        boolean lama = kind == ModelKind.LAMA;
        if (lama ? !TensorSpec.FLOATS.contains(mask.type()) : mask.type() != OnnxJavaType.UINT8) {
            throw new BadInputException(file + " input '" + mask.name() + "' is " + mask.typeName() + " while '"
                    + image.name() + "' is " + image.typeName() + "; expected " + (lama ? "float32" : "uint8")
                    + " for both, as in a " + kind.label() + " graph.");
        }
        String preferred = lama ? "output" : "result";
        TensorSpec output = outputs.get(preferred);
        if (output == null && outputs.size() == 1) output = outputs.values().iterator().next();
        if (output == null) {
            throw new BadInputException(file + " has outputs " + describe(outputs) + " and none is called '"
                    + preferred + "'; expected one " + kind.label() + " output, '" + preferred + "' [1, 3, H, W].");
        }
        checkRank(file, "output", output, 3);
        if (lama ? !TensorSpec.FLOATS.contains(output.type()) : output.type() != OnnxJavaType.UINT8) {
            throw new BadInputException(file + " output '" + output.name() + "' is " + output.typeName() + "; expected "
                    + (lama ? "float32" : "uint8") + ", as in a " + kind.label() + " graph.");
        }
        int h = size(file, image, mask, 2, "height"), w = size(file, image, mask, 3, "width");
        return new LearnedGraph(kind, image, mask, output, h, w);
    }

    /** Rank 4, batch 1 (or free), the given channel count (or free). */
    private static void checkRank(Path file, String what, TensorSpec s, int channels) {
        boolean ok = s.rank() == 4 && (!s.fixed(0) || s.dim(0) == 1) && (!s.fixed(1) || s.dim(1) == channels);
        if (!ok) {
            throw new BadInputException(file + " " + what + " '" + s.name() + "' has shape " + s.shapeText()
                    + "; expected [1, " + channels + ", H, W].");
        }
    }

    /** The fixed size along {@code axis} that image and mask agree on, or -1 when the graph leaves it free. */
    private static int size(Path file, TensorSpec image, TensorSpec mask, int axis, String what) {
        long a = image.dim(axis), b = mask.dim(axis);
        if (a > 0 && b > 0 && a != b) {
            throw new BadInputException(file + " has an image " + what + " of " + a + " but a mask " + what + " of "
                    + b + " (" + image + ", " + mask + "); expected the same size for both.");
        }
        long v = Math.max(a, b);
        if (v > 16384) throw new BadInputException(file + " works at a " + what + " of " + v + " pixels; expected"
                + " at most 16384.");
        return (int) v;
    }

    private static String describe(Map<String, TensorSpec> specs) {
        if (specs.isEmpty()) return "none";
        List<String> out = new ArrayList<>();
        for (TensorSpec s : specs.values()) out.add(s.toString());
        return String.join(", ", out);
    }
}
