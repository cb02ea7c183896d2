package org.inpaintij.diffusion.model;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import org.inpaintij.core.BadInputException;
import org.inpaintij.onnx.Devices;
import org.inpaintij.onnx.RunControl;
import org.inpaintij.onnx.TensorBuffer;
import org.inpaintij.onnx.TensorSpec;

/**
 * The CLIP text encoder: {@code input_ids} [B, 77] (int32 or int64) to {@code last_hidden_state} [B, 77, D]
 * (float32 or float16). D, the text width, is read from the graph (768 for SD 1.x, 1024 for SD 2.x).
 */
public final class TextEncoder extends Stage {

    /** Tokens per prompt. */
    public static final int SEQUENCE = 77;

    private final TensorSpec ids;
    private final TensorSpec hidden;
    private final int batch;
    private final TensorBuffer idsBuffer = new TensorBuffer();

    private TextEncoder(Path file, org.inpaintij.onnx.Sessions.Opened opened) {
        super("text_encoder", file, opened);
        ids = input("input_ids", TensorSpec.INTEGERS, 2);
        noOtherInputs(Set.of("input_ids"), "a CLIP text encoder takes only the token ids");
        checkDim(ids, 1, SEQUENCE, "token sequences of length");
        hidden = outputs.containsKey("last_hidden_state")
                ? output("last_hidden_state", TensorSpec.FLOATS, 3)
                : output(outputs.keySet().iterator().next(), TensorSpec.FLOATS, 3);
        batch = fixedBatch(ids);
    }

    /** Opens {@code file} on {@code placement}. */
    public static TextEncoder open(Path file, Devices.Placement placement) {
        return opened(file, placement, o -> new TextEncoder(file, o));
    }

    /** The text width D when the graph fixes it, else -1 (then it is known after the first run). */
    public int declaredWidth() {
        return hidden.fixed(2) ? (int) hidden.dim(2) : -1;
    }

    /** The element type of the ids (int32 for the diffusers script, int64 for optimum). */
    public OnnxJavaType idType() {
        return ids.type();
    }

    /** The graph's fixed batch size, or -1. */
    public int fixedBatch() {
        return batch;
    }

    /** Runs one chunk; returns its last_hidden_state [chunk, 77, D] flat, as float32. */
    private float[] run(RunControl run, Map<String, OnnxTensor> feed, int chunk) throws OrtException {
        try (OrtSession.Result res = run.run(part, session, feed)) {
            OnnxTensor h = (OnnxTensor) res.get(hidden.name()).orElseThrow();
            long[] shape = h.getInfo().getShape();
            if (shape.length != 3 || shape[0] != chunk || shape[1] != SEQUENCE) {
                throw new BadInputException(file + " returned " + hidden.name() + " of shape "
                        + java.util.Arrays.toString(shape) + "; expected [" + chunk + ", 77, D].");
            }
            float[] all = new float[TensorBuffer.count(shape)];
            TensorBuffer.read(h, all, 0);
            return all;
        }
    }

    /**
     * Encodes prompts given as 77 token ids each; returns one [77 * D] array per prompt (row-major
     * [token][feature]), as float32 whatever the graph's type.
     */
    public float[][] encode(int[][] tokenRows, RunControl run) {
        int n = tokenRows.length;
        float[][] out = new float[n][];
        int chunk = batch > 0 ? batch : n;
        for (int start = 0; start < n; start += chunk) {
            int[] flat = new int[chunk * SEQUENCE];
            for (int r = 0; r < chunk; r++) {
                // a fixed-batch graph gets its last chunk padded with copies of the last prompt
                int[] row = tokenRows[Math.min(start + r, n - 1)];
                if (row.length != SEQUENCE) {
                    throw new IllegalArgumentException("token rows must have " + SEQUENCE + " ids, not " + row.length);
                }
                System.arraycopy(row, 0, flat, r * SEQUENCE, SEQUENCE);
            }
            Map<String, OnnxTensor> feed = Map.of();
            try (OnnxTensor t = idsBuffer.ints(ids.type(), new long[] {chunk, SEQUENCE}, flat, 0)) {
                feed = Map.of(ids.name(), t);
                float[] all = run(run, feed, chunk);
                int width = all.length / (chunk * SEQUENCE);
                for (int r = 0; r < chunk && start + r < n; r++) {
                    out[start + r] = java.util.Arrays.copyOfRange(all, r * SEQUENCE * width,
                            (r + 1) * SEQUENCE * width);
                }
            } catch (OrtException e) {
                throw runFailure(e, feed, "input_ids " + ids.typeName() + ids.shapeText()
                        + " (77 token ids per prompt)");
            }
        }
        return out;
    }
}
