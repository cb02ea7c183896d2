package org.inpaintij.diffusion;

import org.inpaintij.diffusion.model.Unet;
import org.inpaintij.onnx.RunControl;

/**
 * The UNet as the sampler sees it: scaled latents and a timestep in, the model output out. Classifier-free
 * guidance is combined here: the conditioning holds the rows [uncond, cond] and the output is
 * u + g * (c - u); with one row it is that row. For 9-channel inpainting UNets each row's input is the
 * latents, then the latent mask, then the masked-image latents (4 + 1 + 4 channels), the same for both rows.
 */
final class UnetDenoiser implements Denoiser {

    private final Unet unet;
    private final Unet.Conditioning conditioning;
    private final double guidance;
    private final int h, w;
    private final RunControl run;
    private final float[] input;
    private final float[] output;

    /**
     * @param guidance the scale g, used when the conditioning has two rows
     * @param mask latent mask [h * w] for 9-channel UNets, else null
     * @param maskedLatents scaled masked-image latents [4 * h * w] for 9-channel UNets, else null
     */
    UnetDenoiser(Unet unet, Unet.Conditioning conditioning, double guidance, float[] mask, float[] maskedLatents,
            int h, int w, RunControl run) {
        this.unet = unet;
        this.conditioning = conditioning;
        this.guidance = guidance;
        this.h = h;
        this.w = w;
        this.run = run;
        int rows = conditioning.rows();
        int plane = h * w;
        this.input = new float[rows * unet.channels() * plane];
        this.output = new float[rows * 4 * plane];
        if (unet.channels() == 9) {
            // mask and masked latents never change: write them once into every row
            for (int r = 0; r < rows; r++) {
                int base = r * 9 * plane;
                System.arraycopy(mask, 0, input, base + 4 * plane, plane);
                System.arraycopy(maskedLatents, 0, input, base + 5 * plane, 4 * plane);
            }
        }
    }

    /** The model output (epsilon or v) for {@code scaledLatents} [4 * h * w] at {@code timestep}. */
    @Override
    public float[] predict(float[] scaledLatents, double timestep, int stepIndex) {
        int rows = conditioning.rows();
        int lat = 4 * h * w;
        int stride = unet.channels() * h * w;
        for (int r = 0; r < rows; r++) System.arraycopy(scaledLatents, 0, input, r * stride, lat);
        unet.predict(input, h, w, timestep, conditioning, run, output);
        float[] out = new float[lat];
        if (rows == 1) {
            System.arraycopy(output, 0, out, 0, lat);
        } else {
            // rows are [uncond, cond]: the order decides whether guidance pushes towards the prompt or away
            float g = (float) guidance;
            for (int i = 0; i < lat; i++) {
                float u = output[i];
                out[i] = u + g * (output[lat + i] - u);
            }
        }
        return out;
    }
}
