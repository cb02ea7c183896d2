package org.inpaintij.diffusion.zimage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;

import org.inpaintij.diffusion.model.Stage;
import org.inpaintij.models.ZImageFolder;
import org.inpaintij.onnx.Devices;
import org.inpaintij.onnx.RunControl;
import org.inpaintij.onnx.Sessions;
import org.inpaintij.onnx.TensorBuffer;
import org.inpaintij.onnx.TensorSpec;

/**
 * Z-Image's transformer graph, for one image and one caption at a time: the patchified, padded latents, the padded
 * caption embeddings, the time input {@code 1 - sigma}, the two padding masks and the four RoPE tables (see
 * {@link ZImageTokens}); returns the model's output for every image token (diffusers' sign, not negated).
 */
final class ZImageTransformer extends Stage {

    private static final List<String> NAMES = List.of("hidden_states", "encoder_hidden_states", "timestep",
            "img_pad_mask", "cap_pad_mask", "img_cos", "img_sin", "cap_cos", "cap_sin");

    private final ZImageFolder folder;
    private final TensorSpec latents, caption, timestep, imgMask, capMask, imgCos, imgSin, capCos, capSin, out;
    private final int features;
    private final TensorBuffer latentBuffer = new TensorBuffer();
    private final TensorBuffer timeBuffer = new TensorBuffer();

    private ZImageTransformer(Path file, Sessions.Opened opened, ZImageFolder folder) {
        super("transformer", file, opened);
        this.folder = folder;
        Set<OnnxJavaType> bool = Set.of(OnnxJavaType.BOOL);
        latents = input("hidden_states", TensorSpec.FLOATS, 3);
        caption = input("encoder_hidden_states", TensorSpec.FLOATS, 3);
        timestep = input("timestep", TensorSpec.FLOATS, 1);
        imgMask = input("img_pad_mask", bool, 1);
        capMask = input("cap_pad_mask", bool, 1);
        imgCos = input("img_cos", TensorSpec.FLOATS, 2);
        imgSin = input("img_sin", TensorSpec.FLOATS, 2);
        capCos = input("cap_cos", TensorSpec.FLOATS, 2);
        capSin = input("cap_sin", TensorSpec.FLOATS, 2);
        noOtherInputs(Set.copyOf(NAMES), "Z-Image's transformer as tools/export-zimage writes it");
        out = output("sample", TensorSpec.FLOATS, 3);
        features = folder.patchSize() * folder.patchSize() * folder.latentChannels();
        checkDim(latents, 2, features, "patch features");
        checkDim(out, 2, features, "patch features");
        checkDim(caption, 2, folder.captionWidth(), "caption embeddings of width");
        for (TensorSpec s : List.of(imgCos, imgSin, capCos, capSin)) checkDim(s, 1, folder.headDim() / 2, "RoPE tables of width");
    }

    static ZImageTransformer open(Path file, Devices.Placement placement, ZImageFolder folder) {
        return opened(file, placement, o -> new ZImageTransformer(file, o, folder));
    }

    /**
     * The inputs that stay the same at every step of a generation for one prompt and one latent size: the padded
     * caption, the masks and the RoPE tables. Owns native tensors: close it.
     */
    final class Conditioning implements AutoCloseable {
        final int imageTokens, imagePadded;
        private final Map<String, OnnxTensor> fixed = new HashMap<>();

        Conditioning(float[] embeddings, int length, int h, int w) throws OrtException {
            int p = folder.patchSize(), m = folder.seqMultiple(), d = folder.captionWidth();
            int ht = h / p, wt = w / p;
            imageTokens = ht * wt;
            imagePadded = ZImageTokens.padded(imageTokens, m);
            int capPadded = ZImageTokens.padded(length, m);
            float[] cap = new float[capPadded * d];
            System.arraycopy(embeddings, 0, cap, 0, length * d);
            for (int k = length; k < capPadded; k++) System.arraycopy(embeddings, (length - 1) * d, cap, k * d, d);
            float[][] capRope = ZImageTokens.rope(ZImageTokens.captionPositions(capPadded), folder.axesDims(),
                    folder.axesLens(), folder.ropeTheta());
            float[][] imgRope = ZImageTokens.rope(ZImageTokens.imagePositions(capPadded, ht, wt, imagePadded),
                    folder.axesDims(), folder.axesLens(), folder.ropeTheta());
            int half = folder.headDim() / 2;
            try {
                fixed.put(caption.name(), new TensorBuffer().tensor(caption.type(), new long[] {1, capPadded, d}, cap, 0));
                fixed.put(capMask.name(), bool(ZImageTokens.padMask(length, capPadded)));
                fixed.put(imgMask.name(), bool(ZImageTokens.padMask(imageTokens, imagePadded)));
                fixed.put(capCos.name(), table(capCos, capRope[0], capPadded, half));
                fixed.put(capSin.name(), table(capSin, capRope[1], capPadded, half));
                fixed.put(imgCos.name(), table(imgCos, imgRope[0], imagePadded, half));
                fixed.put(imgSin.name(), table(imgSin, imgRope[1], imagePadded, half));
            } catch (OrtException | RuntimeException e) {
                close();
                throw e;
            }
        }

        private OnnxTensor table(TensorSpec s, float[] values, int rows, int half) throws OrtException {
            return new TensorBuffer().tensor(s.type(), new long[] {rows, half}, values, 0);
        }

        private OnnxTensor bool(boolean[] mask) throws OrtException {
            return OnnxTensor.createTensor(Devices.environment(), mask);
        }

        @Override
        public void close() {
            for (OnnxTensor t : fixed.values()) t.close();
            fixed.clear();
        }
    }

    /** The conditioning of one prompt's embeddings [length * D] for latents of h x w. */
    Conditioning condition(float[] embeddings, int length, int h, int w) {
        if (length < 1) throw new IllegalArgumentException("a caption has at least one token");
        try {
            return new Conditioning(embeddings, length, h, w);
        } catch (OrtException e) {
            throw new IllegalStateException("Could not make the transformer's conditioning tensors: " + e.getMessage(), e);
        }
    }

    /** The output for the padded image tokens [imagePadded * features] at time input {@code tIn}. */
    float[] predict(float[] tokens, float tIn, Conditioning c, RunControl run) {
        Map<String, OnnxTensor> feed = new HashMap<>(c.fixed);
        List<OnnxTensor> mine = new ArrayList<>();
        try {
            OnnxTensor x = latentBuffer.tensor(latents.type(), new long[] {1, c.imagePadded, features}, tokens, 0);
            mine.add(x);
            OnnxTensor t = timeBuffer.tensor(timestep.type(), new long[] {1}, new float[] {tIn}, 0);
            mine.add(t);
            feed.put(latents.name(), x);
            feed.put(timestep.name(), t);
            return runAndRead(run, feed, out, 1, c.imagePadded, features);
        } catch (OrtException e) {
            throw new IllegalStateException("The transformer " + file + " failed: " + e.getMessage(), e);
        } finally {
            for (OnnxTensor t : mine) t.close();
        }
    }
}
