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
 * Z-Image's VAE encoder graph (the Flux VAE): {@code sample} [1, 3, H, W] in [-1, 1] to {@code latent_parameters}
 * [1, 2C, H/s, W/s], the mean then the log-variance of the latent distribution, which the pipeline samples with its
 * generator as diffusers does ({@link org.inpaintij.diffusion.model.VaeEncoder#sample}).
 */
final class ZImageVaeEncoder extends Stage {

    private final TensorSpec image;
    private final TensorSpec params;
    private final int channels, scale;
    private final TensorBuffer imageBuffer = new TensorBuffer();

    private ZImageVaeEncoder(Path file, Sessions.Opened opened, int channels, int scale) {
        super("vae_encoder", file, opened);
        image = input("sample", TensorSpec.FLOATS, 4);
        noOtherInputs(Set.of("sample"), "a VAE encoder takes only the image");
        checkDim(image, 1, 3, "images with channel count");
        params = output("latent_parameters", TensorSpec.FLOATS, 4);
        checkDim(params, 1, 2 * channels, "latent parameter channels");
        this.channels = channels;
        this.scale = scale;
    }

    static ZImageVaeEncoder open(Path file, Devices.Placement placement, int channels, int scale) {
        return opened(file, placement, o -> new ZImageVaeEncoder(file, o, channels, scale));
    }

    /** Mean and log-variance [2C * h * w] of one image, planar RGB [3 * H * W] in [-1, 1]. */
    float[] encode(float[] rgb, int height, int width, RunControl run) {
        int h = height / scale, w = width / scale;
        try (OnnxTensor t = imageBuffer.tensor(image.type(), new long[] {1, 3, height, width}, rgb, 0)) {
            return runAndRead(run, Map.of(image.name(), t), params, 1, 2L * channels, h, w);
        } catch (OrtException e) {
            throw new IllegalStateException("The VAE encoder " + file + " failed: " + e.getMessage(), e);
        }
    }
}
