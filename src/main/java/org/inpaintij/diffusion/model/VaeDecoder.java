package org.inpaintij.diffusion.model;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;

import org.inpaintij.onnx.Devices;
import org.inpaintij.onnx.RunControl;
import org.inpaintij.onnx.Sessions;
import org.inpaintij.onnx.TensorBuffer;
import org.inpaintij.onnx.TensorSpec;

/** The VAE decoder: {@code latent_sample} [B, 4, h, w] (already divided by the scaling) to {@code sample} [B, 3, 8h, 8w] in [-1, 1]. */
public final class VaeDecoder extends Stage {

    private final TensorSpec latent;
    private final TensorSpec image;
    private final int batch;
    private final TensorBuffer latentBuffer = new TensorBuffer();

    private VaeDecoder(Path file, Sessions.Opened opened) {
        super("vae_decoder", file, opened);
        latent = input("latent_sample", TensorSpec.FLOATS, 4);
        noOtherInputs(Set.of("latent_sample"), "a VAE decoder takes only the latents");
        checkDim(latent, 1, 4, "latent channels");
        image = outputs.containsKey("sample") ? output("sample", TensorSpec.FLOATS, 4)
                : output(outputs.keySet().iterator().next(), TensorSpec.FLOATS, 4);
        checkDim(image, 1, 3, "image channels");
        batch = fixedBatch(latent);
    }

    /** Opens {@code file} on {@code placement}. */
    public static VaeDecoder open(Path file, Devices.Placement placement) {
        return opened(file, placement, o -> new VaeDecoder(file, o));
    }

    /** Decodes latents [4 * h * w] to planar RGB [3 * 8h * 8w] in (about) [-1, 1]. */
    public float[] decode(float[] latents, int h, int w, RunControl run) {
        checkDim(latent, 2, h, "latent height");
        checkDim(latent, 3, w, "latent width");
        int chunk = batch > 0 ? batch : 1;
        int plane = 4 * h * w;
        float[] in = latents;
        if (chunk > 1) {
            in = new float[chunk * plane];
            for (int r = 0; r < chunk; r++) System.arraycopy(latents, 0, in, r * plane, plane);
        }
        Map<String, OnnxTensor> feed = Map.of();
        try (OnnxTensor t = latentBuffer.tensor(latent.type(), new long[] {chunk, 4, h, w}, in, 0)) {
            feed = Map.of(latent.name(), t);
            float[] all = runAndRead(run, feed, image, chunk, 3, 8L * h, 8L * w);
            return chunk == 1 ? all : java.util.Arrays.copyOf(all, 3 * 64 * h * w);
        } catch (OrtException e) {
            throw runFailure(e, feed, "latent_sample " + latent.typeName() + latent.shapeText() + " (4-channel latents)");
        }
    }
}
