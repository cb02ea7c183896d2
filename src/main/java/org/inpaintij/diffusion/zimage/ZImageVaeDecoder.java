package org.inpaintij.diffusion.zimage;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import org.inpaintij.core.BadInputException;
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
        try (OnnxTensor t = latentBuffer.tensor(latent.type(), new long[] {1, channels, h, w}, latents, 0);
                OrtSession.Result res = run.run(part, session, Map.of(latent.name(), t))) {
            OnnxTensor o = (OnnxTensor) res.get(image.name()).orElseThrow();
            long[] s = o.getInfo().getShape();
            if (s.length != 4 || s[0] != 1 || s[1] != 3 || s[2] != (long) scale * h || s[3] != (long) scale * w) {
                throw new BadInputException(file + " returned " + image.name() + " of shape "
                        + java.util.Arrays.toString(s) + "; expected [1, 3, " + scale * h + ", " + scale * w + "].");
            }
            float[] out = new float[3 * scale * scale * h * w];
            TensorBuffer.read(o, out, 0);
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException("The VAE decoder " + file + " failed: " + e.getMessage(), e);
        }
    }
}
