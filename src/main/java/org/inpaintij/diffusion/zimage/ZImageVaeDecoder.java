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

/** Z-Image's VAE decoder graph: {@code latent_sample} [1, C, h, w] (unscaled, unshifted) to {@code sample} [1, 3, sh, sw]. */
final class ZImageVaeDecoder extends Stage {

    private final TensorSpec latent;
    private final TensorSpec image;
    private final int channels, scale;
    private final TensorBuffer latentBuffer = new TensorBuffer();

    private ZImageVaeDecoder(Path file, Sessions.Opened opened, int channels, int scale) {
        super("vae_decoder", file, opened);
        latent = input("latent_sample", TensorSpec.FLOATS, 4);
        noOtherInputs(Set.of("latent_sample"), "a VAE decoder takes only the latents");
        checkDim(latent, 1, channels, "latent channels");
        image = output("sample", TensorSpec.FLOATS, 4);
        checkDim(image, 1, 3, "image channels");
        this.channels = channels;
        this.scale = scale;
    }

    static ZImageVaeDecoder open(Path file, Devices.Placement placement, int channels, int scale) {
        return opened(file, placement, o -> new ZImageVaeDecoder(file, o, channels, scale));
    }

    /** Planar RGB [3 * sh * sw] in about [-1, 1] from latents [C * h * w]. */
    float[] decode(float[] latents, int h, int w, RunControl run) {
        try (OnnxTensor t = latentBuffer.tensor(latent.type(), new long[] {1, channels, h, w}, latents, 0)) {
            return runAndRead(run, Map.of(latent.name(), t), image, 1, 3, (long) scale * h, (long) scale * w);
        } catch (OrtException e) {
            throw new IllegalStateException("The VAE decoder " + file + " failed: " + e.getMessage(), e);
        }
    }
}
