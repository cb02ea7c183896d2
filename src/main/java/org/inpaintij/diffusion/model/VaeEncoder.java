package org.inpaintij.diffusion.model;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;

import org.inpaintij.core.BadInputException;
import org.inpaintij.onnx.Devices;
import org.inpaintij.onnx.OnnxGraph;
import org.inpaintij.onnx.RunControl;
import org.inpaintij.onnx.Sessions;
import org.inpaintij.onnx.TensorBuffer;
import org.inpaintij.onnx.TensorSpec;

/**
 * The VAE encoder: {@code sample} [B, 3, H, W] in [-1, 1] to latents [B, 4, H/8, W/8]. The diffusers script
 * exports {@code latent_sample} (4 channels, sampled inside the graph); optimum exports {@code latent_parameters}
 * (8 channels: the mean, then the log-variance), which is sampled here as diffusers samples it, with the standard
 * normal values the pipeline draws for it. The latents returned are not yet scaled. The script's graph draws its
 * latents with ONNX Runtime's own generator (a {@code RandomNormalLike} node), so its output varies from run to
 * run whatever the seed: {@link #samplesInGraph()} says so.
 */
public final class VaeEncoder extends Stage {

    private final TensorSpec image;
    private final TensorSpec latent;
    private final boolean parameters;
    private final boolean samplesInGraph;
    private final int batch;
    private final TensorBuffer imageBuffer = new TensorBuffer();

    private VaeEncoder(Path file, Sessions.Opened opened, boolean samplesInGraph) {
        super("vae_encoder", file, opened);
        this.samplesInGraph = samplesInGraph;
        image = input("sample", TensorSpec.FLOATS, 4);
        noOtherInputs(Set.of("sample"), "a VAE encoder takes only the image");
        checkDim(image, 1, 3, "images with channel count");
        if (outputs.containsKey("latent_parameters")) {
            latent = output("latent_parameters", TensorSpec.FLOATS, 4);
            parameters = true;
        } else if (outputs.containsKey("latent_sample")) {
            latent = output("latent_sample", TensorSpec.FLOATS, 4);
            parameters = false;
        } else {
            throw new BadInputException(file + " has outputs " + outputs.keySet()
                    + "; expected latent_sample [B, 4, h, w] or latent_parameters [B, 8, h, w].");
        }
        checkDim(latent, 1, parameters ? 8 : 4, "latent channels");
        batch = fixedBatch(image);
    }

    /** Opens {@code file} on {@code placement}. */
    public static VaeEncoder open(Path file, Devices.Placement placement) {
        OnnxGraph g = OnnxGraph.read(file);
        boolean sampled = g.uses("RandomNormalLike") || g.uses("RandomNormal");
        return opened(file, placement, o -> new VaeEncoder(file, o, sampled));
    }

    /**
     * Whether the graph draws its latents itself (the diffusers script's export): its output is then a random
     * sample from ONNX Runtime's generator, different at every run, rather than the distribution's mean.
     */
    public boolean samplesInGraph() {
        return samplesInGraph;
    }

    /** Whether the graph returns mean and log-variance (optimum) rather than latents (diffusers script). */
    public boolean returnsParameters() {
        return parameters;
    }

    /**
     * Encodes one image, planar RGB [3 * H * W] in [-1, 1], to unscaled latents [4 * (H/8) * (W/8)], as diffusers'
     * {@code retrieve_latents(vae.encode(image), generator)} does ({@link #sample}).
     *
     * @param normal the generator's draw for this encode: 4 * (H/8) * (W/8) standard normal values
     */
    public float[] encode(float[] rgb, int height, int width, float[] normal, RunControl run) {
        checkDim(image, 2, height, "image height");
        checkDim(image, 3, width, "image width");
        if (normal.length != 4 * (height / 8) * (width / 8)) {
            throw new IllegalArgumentException(normal.length + " normal values for " + width + "x" + height);
        }
        int chunk = batch > 0 ? batch : 1;
        int plane = 3 * height * width;
        float[] in = rgb;
        if (chunk > 1) {
            in = new float[chunk * plane];
            for (int r = 0; r < chunk; r++) System.arraycopy(rgb, 0, in, r * plane, plane);
        }
        Map<String, OnnxTensor> feed = Map.of();
        try (OnnxTensor t = imageBuffer.tensor(image.type(), new long[] {chunk, 3, height, width}, in, 0)) {
            feed = Map.of(image.name(), t);
            float[] all = runAndRead(run, feed, latent, chunk, parameters ? 8 : 4, height / 8, width / 8);
            return sample(all, parameters, normal); // row 0
        } catch (OrtException e) {
            throw runFailure(e, feed, "sample " + image.typeName() + image.shapeText() + " (an RGB image in [-1, 1])");
        }
    }

    /**
     * The latents of one image from the graph's output {@code out} (row 0: {@code n = normal.length} latents,
     * then for parameters {@code n} log-variances): for parameters, diffusers' {@code
     * DiagonalGaussianDistribution.sample}, {@code mean + exp(0.5 * clamp(logvar, -30, 20)) * normal} in float32;
     * for a graph that sampled inside, its own sample. The pipeline draws {@code normal} either way, as diffusers
     * does, so that every later draw of the generation lines up with diffusers'. Z-Image's pipeline samples its
     * VAE's parameters with this too.
     */
    public static float[] sample(float[] out, boolean parameters, float[] normal) {
        int n = normal.length;
        float[] x = java.util.Arrays.copyOf(out, n);
        if (parameters) {
            for (int i = 0; i < n; i++) {
                float logvar = Math.max(-30f, Math.min(20f, out[n + i]));
                x[i] += (float) StrictMath.exp(0.5f * logvar) * normal[i];
            }
        }
        return x;
    }
}
