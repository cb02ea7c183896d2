package org.inpaintij.diffusion.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import org.inpaintij.core.BadInputException;
import org.inpaintij.onnx.Devices;
import org.inpaintij.onnx.OnnxGraph;
import org.inpaintij.onnx.RunControl;
import org.inpaintij.onnx.Sessions;
import org.inpaintij.onnx.TensorBuffer;
import org.inpaintij.onnx.TensorSpec;

/**
 * The denoising UNet: {@code sample} [B, C, h, w] (C = 4, or 9 for inpainting models: latents, mask,
 * masked-image latents), {@code timestep} (int64, float32 or float16; shape [1], [B] or a scalar),
 * {@code encoder_hidden_states} [B, 77, D], and for LCM models {@code timestep_cond} [B, 256]; returns
 * {@code out_sample} [B, 4, h, w]. Exports fix the batch at 1 or 2 or leave it free: rows are run in chunks
 * of the graph's batch, the last padded with copies. The channel count C is read from the graph's weights (the
 * first convolution on {@code sample}), because the diffusers conversion script leaves the channel axis free
 * and writes no {@code unet/config.json}.
 */
public final class Unet extends Stage {

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(Unet.class.getName());

    private static final Set<OnnxJavaType> TIMESTEP_TYPES =
            Set.of(OnnxJavaType.INT64, OnnxJavaType.INT32, OnnxJavaType.FLOAT, OnnxJavaType.FLOAT16, OnnxJavaType.DOUBLE);

    private final TensorSpec sample;
    private final TensorSpec timestep;
    private final TensorSpec hidden;
    private final TensorSpec timeCond;
    private final TensorSpec out;
    private final int channels;
    private final String channelSource;
    private final int batch;
    private final TensorBuffer sampleBuffer = new TensorBuffer();
    private final TensorBuffer timestepBuffer = new TensorBuffer();

    private Unet(Path file, Sessions.Opened opened, OnnxGraph.Convolution conv, int configChannels) {
        super("unet", file, opened);
        sample = input("sample", TensorSpec.FLOATS, 4);
        timestep = input("timestep", TIMESTEP_TYPES, 0, 1);
        hidden = input("encoder_hidden_states", TensorSpec.FLOATS, 3);
        timeCond = inputs.containsKey("timestep_cond") ? input("timestep_cond", TensorSpec.FLOATS, 2) : null;
        if (inputs.containsKey("text_embeds") || inputs.containsKey("time_ids")) {
            throw new BadInputException(file + " is an SDXL UNet (it takes text_embeds and time_ids); supported "
                    + "are SD 1.x, SD 2.x, LCM and SD-Turbo UNets.");
        }
        noOtherInputs(Set.of("sample", "timestep", "encoder_hidden_states", "timestep_cond"),
                "a Stable Diffusion UNet");
        out = outputs.containsKey("out_sample") ? output("out_sample", TensorSpec.FLOATS, 4)
                : output(outputs.keySet().iterator().next(), TensorSpec.FLOATS, 4);
        if (conv != null) {
            channels = (int) conv.inputChannels();
            channelSource = "its first convolution, " + conv.weight() + " " + java.util.Arrays.toString(
                    conv.weightShape());
            if (sample.fixed(1) && sample.dim(1) != channels) {
                throw new BadInputException(file + " declares sample " + sample.shapeText() + " but its first "
                        + "convolution (" + conv.weight() + " " + java.util.Arrays.toString(conv.weightShape())
                        + ") takes " + channels + " channels; expected a graph whose input fits its weights.");
            }
        } else if (sample.fixed(1)) {
            channels = (int) sample.dim(1);
            channelSource = "the shape of its sample input";
        } else if (configChannels > 0) {
            channels = configChannels;
            channelSource = "in_channels of unet/config.json";
        } else {
            throw new BadInputException("Cannot tell how many channels " + file + " takes: its sample input "
                    + sample.shapeText() + " leaves them free, no convolution reads it, and there is no "
                    + "unet/config.json with in_channels; expected a Stable Diffusion UNet.");
        }
        if (configChannels > 0 && configChannels != channels) {
            LOG.warning(file + ": unet/config.json says in_channels " + configChannels + " but the graph takes "
                    + channels + " (from " + channelSource + "); the graph is followed.");
        }
        if (channels != 4 && channels != 9) {
            throw new BadInputException(file + " takes " + channels + " input channels (from " + channelSource
                    + "); expected 4 (text-to-image, LCM, Turbo) or 9 (inpainting models).");
        }
        if (hidden.fixed(1) && hidden.dim(1) != TextEncoder.SEQUENCE) {
            throw new BadInputException(file + " takes encoder_hidden_states " + hidden.shapeText()
                    + "; expected [B, 77, D].");
        }
        if (timeCond != null && timeCond.fixed(1) && timeCond.dim(1) % 2 != 0) {
            throw new BadInputException(file + " takes timestep_cond " + timeCond.shapeText()
                    + "; expected [B, 256] (an even width).");
        }
        int b = fixedBatch(sample);
        int bh = fixedBatch(hidden);
        if (b > 0 && bh > 0 && b != bh) {
            throw new BadInputException(file + " fixes the batch of sample at " + b + " and of encoder_hidden_states at "
                    + bh + "; expected the same batch.");
        }
        batch = b > 0 ? b : bh;
    }

    /** Opens {@code file}; {@code configChannels} is unet/config.json's in_channels (or -1) for graphs that leave C free. */
    public static Unet open(Path file, Devices.Placement placement, int configChannels) {
        // the structure is read first: it costs megabytes, not the gigabytes of a session
        OnnxGraph.Convolution conv = OnnxGraph.read(file).firstConvolution("sample");
        return opened(file, placement, o -> new Unet(file, o, conv, configChannels));
    }

    /** 4, or 9 for an inpainting model. */
    public int channels() {
        return channels;
    }

    /** Where {@link #channels()} was read: the first convolution's weights, the input's shape, or the config. */
    public String channelSource() {
        return channelSource;
    }

    /** The text width D when the graph fixes it, else -1. */
    public int declaredWidth() {
        return hidden.fixed(2) ? (int) hidden.dim(2) : -1;
    }

    /** The graph's fixed batch size, or -1 when any batch runs. */
    public int fixedBatch() {
        return batch;
    }

    /** Whether this is an LCM UNet with a guidance embedding input. */
    public boolean hasTimestepCond() {
        return timeCond != null;
    }

    /** The width of {@code timestep_cond} (256 for LCM), or 0 when there is none. */
    public int timestepCondWidth() {
        if (timeCond == null) return 0;
        return timeCond.fixed(1) ? (int) timeCond.dim(1) : 256;
    }

    /** The element type of the latents (float32, or float16 for fp16 exports). */
    public OnnxJavaType sampleType() {
        return sample.type();
    }

    /** The element type and shape of the timestep, as text. */
    public TensorSpec timestepSpec() {
        return timestep;
    }

    /** The latent height the graph fixes, or -1. */
    public int fixedLatentHeight() {
        return sample.fixed(2) ? (int) sample.dim(2) : -1;
    }

    /** The latent width the graph fixes, or -1. */
    public int fixedLatentWidth() {
        return sample.fixed(3) ? (int) sample.dim(3) : -1;
    }

    /**
     * Text conditioning for a whole generation, in the graph's types and batch chunks, made once and reused at
     * every step. Owns native tensors: close it.
     */
    public final class Conditioning implements AutoCloseable {
        private final int rows;
        private final List<OnnxTensor> hiddenChunks = new ArrayList<>();
        private final List<OnnxTensor> condChunks = new ArrayList<>();

        private Conditioning(float[][] hiddenRows, float[][] condRows) throws OrtException {
            rows = hiddenRows.length;
            int chunk = chunk(rows);
            int width = hiddenRows[0].length / TextEncoder.SEQUENCE;
            if (hidden.fixed(2) && hidden.dim(2) != width) {
                throw new BadInputException(file + " takes text width " + hidden.dim(2) + " but the text encoder gives "
                        + width + "; the text_encoder and unet of the folder do not belong together.");
            }
            try {
                for (int start = 0; start < rows; start += chunk) {
                    hiddenChunks.add(stack(hiddenRows, start, chunk, new long[] {chunk, TextEncoder.SEQUENCE, width},
                            hidden.type()));
                    if (timeCond != null) {
                        condChunks.add(stack(condRows, start, chunk, new long[] {chunk, condRows[0].length},
                                timeCond.type()));
                    }
                }
            } catch (OrtException | RuntimeException e) {
                close();
                throw e;
            }
        }

        private OnnxTensor stack(float[][] src, int start, int chunk, long[] shape, OnnxJavaType type)
                throws OrtException {
            int len = src[0].length;
            float[] flat = new float[chunk * len];
            for (int r = 0; r < chunk; r++) System.arraycopy(src[Math.min(start + r, src.length - 1)], 0, flat, r * len, len);
            // each chunk keeps its own buffer: all chunks stay alive for the whole generation
            return new TensorBuffer().tensor(type, shape, flat, 0);
        }

        /** Number of rows (prompts) this conditioning holds. */
        public int rows() {
            return rows;
        }

        @Override
        public void close() {
            for (OnnxTensor t : hiddenChunks) t.close();
            for (OnnxTensor t : condChunks) t.close();
            hiddenChunks.clear();
            condChunks.clear();
        }
    }

    /**
     * Makes the conditioning: one [77 * D] row per prompt, and for LCM UNets one guidance embedding row each
     * ({@code condRows} is ignored otherwise and may be null).
     */
    public Conditioning condition(float[][] hiddenRows, float[][] condRows) {
        if (timeCond != null && (condRows == null || condRows.length != hiddenRows.length)) {
            throw new IllegalArgumentException("an LCM UNet needs one timestep_cond row per prompt");
        }
        try {
            return new Conditioning(hiddenRows, condRows);
        } catch (OrtException e) {
            throw new IllegalStateException("Could not make the UNet's conditioning tensors: " + e.getMessage(), e);
        }
    }

    /**
     * Predicts the noise of {@code latents}: {@code cond.rows()} rows of C * h * w values, all at timestep
     * {@code t}; writes {@code rows} rows of 4 * h * w values to {@code dst}.
     */
    public void predict(float[] latents, int h, int w, double t, Conditioning cond, RunControl run, float[] dst) {
        int rows = cond.rows();
        int chunk = chunk(rows);
        int inRow = channels * h * w;
        int outRow = 4 * h * w;
        checkDim(sample, 2, h, "latent height");
        checkDim(sample, 3, w, "latent width");
        float[] in = latents;
        if (rows % chunk != 0) {
            // a fixed batch larger than the rows: pad the input with copies of the last row
            int padded = ((rows + chunk - 1) / chunk) * chunk;
            in = new float[padded * inRow];
            System.arraycopy(latents, 0, in, 0, rows * inRow);
            for (int r = rows; r < padded; r++) System.arraycopy(latents, (rows - 1) * inRow, in, r * inRow, inRow);
        }
        Map<String, OnnxTensor> feed = new java.util.LinkedHashMap<>();
        try {
            for (int c = 0, start = 0; start < rows; c++, start += chunk) {
                try (OnnxTensor s = sampleBuffer.tensor(sample.type(), new long[] {chunk, channels, h, w}, in,
                        start * inRow);
                        OnnxTensor ts = timestepTensor(t, chunk)) {
                    feed.clear();
                    feed.put(sample.name(), s);
                    feed.put(timestep.name(), ts);
                    feed.put(hidden.name(), cond.hiddenChunks.get(c));
                    if (timeCond != null) feed.put(timeCond.name(), cond.condChunks.get(c));
                    try (OrtSession.Result res = run.run(part, session, feed)) {
                        OnnxTensor o = (OnnxTensor) res.get(out.name()).orElseThrow();
                        long[] shape = o.getInfo().getShape();
                        if (shape.length != 4 || shape[0] != chunk || shape[1] != 4 || shape[2] != h || shape[3] != w) {
                            throw new BadInputException(file + " returned " + out.name() + " of shape "
                                    + java.util.Arrays.toString(shape) + "; expected [" + chunk + ", 4, " + h + ", " + w
                                    + "].");
                        }
                        int keep = Math.min(chunk, rows - start);
                        if (keep == chunk) {
                            TensorBuffer.read(o, dst, start * outRow);
                        } else {
                            float[] all = new float[chunk * outRow];
                            TensorBuffer.read(o, all, 0);
                            System.arraycopy(all, 0, dst, start * outRow, keep * outRow);
                        }
                    }
                }
            }
        } catch (OrtException e) {
            throw runFailure(e, feed, "sample [B, " + channels + ", h, w] (this UNet's " + channels
                    + " channels, read from " + channelSource + "), timestep " + timestep.typeName()
                    + timestep.shapeText() + " and encoder_hidden_states " + hidden.typeName() + hidden.shapeText());
        }
    }

    private OnnxTensor timestepTensor(double t, int chunk) throws OrtException {
        long[] shape;
        if (timestep.rank() == 0) {
            shape = new long[0];
        } else {
            shape = new long[] {timestep.fixed(0) ? timestep.dim(0) : chunk};
        }
        float[] v = new float[TensorBuffer.count(shape)];
        java.util.Arrays.fill(v, (float) t);
        return timestepBuffer.tensor(timestep.type(), shape, v, 0);
    }

    private int chunk(int rows) {
        return batch > 0 ? batch : rows;
    }

    /** Names of the inputs, for the model summary. */
    public Set<String> inputNames() {
        return new HashSet<>(inputs.keySet());
    }
}
