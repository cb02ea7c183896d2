package org.inpaintij.diffusion.zimage;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;

import org.inpaintij.diffusion.model.Stage;
import org.inpaintij.onnx.Devices;
import org.inpaintij.onnx.RunControl;
import org.inpaintij.onnx.Sessions;
import org.inpaintij.onnx.TensorBuffer;
import org.inpaintij.onnx.TensorSpec;

/**
 * Z-Image's text encoder graph: {@code input_ids} [1, L] (int64 or int32) to {@code hidden_states} [1, L, D], the
 * Qwen3 hidden layer the pipeline uses, for the unpadded prompt (attention is causal and diffusers pads on the
 * right, so the padding it adds and then drops changes nothing).
 */
final class ZImageTextEncoder extends Stage {

    private final TensorSpec ids;
    private final TensorSpec hidden;
    private final int width;
    private final TensorBuffer idsBuffer = new TensorBuffer();

    private ZImageTextEncoder(Path file, Sessions.Opened opened, int width) {
        super("text_encoder", file, opened);
        ids = input("input_ids", TensorSpec.INTEGERS, 2);
        noOtherInputs(Set.of("input_ids"), "Z-Image's text encoder takes only the token ids");
        hidden = output("hidden_states", TensorSpec.FLOATS, 3);
        checkDim(hidden, 2, width, "an embedding width of");
        this.width = width;
    }

    static ZImageTextEncoder open(Path file, Devices.Placement placement, int width) {
        return opened(file, placement, o -> new ZImageTextEncoder(file, o, width));
    }

    /** The embeddings of one prompt's ids, [ids.length * D] row-major. */
    float[] encode(int[] tokenIds, RunControl run) {
        long[] shape = {1, tokenIds.length};
        try (OnnxTensor t = idsBuffer.ints(ids.type(), shape, tokenIds, 0)) {
            return runAndRead(run, Map.of(ids.name(), t), hidden, 1, tokenIds.length, width);
        } catch (OrtException e) {
            throw new IllegalStateException("The text encoder " + file + " failed: " + e.getMessage(), e);
        }
    }
}
