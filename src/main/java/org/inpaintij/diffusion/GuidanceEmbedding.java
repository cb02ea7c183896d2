package org.inpaintij.diffusion;

/**
 * The guidance-scale embedding LCM UNets take as {@code timestep_cond}: diffusers'
 * {@code get_guidance_scale_embedding} of w = (guidance - 1) * 1000, i.e. with half = width / 2 and
 * f_k = exp(-k * ln(10000) / (half - 1)), the values sin(w f_k) for k = 0..half-1 and then cos(w f_k),
 * zero-padded when the width is odd. Computed in float32 as torch does.
 */
public final class GuidanceEmbedding {

    private GuidanceEmbedding() {}

    /** The embedding of guidance scale {@code guidance}, {@code width} values (256 for LCM Dreamshaper). */
    public static float[] of(double guidance, int width) {
        int half = width / 2;
        float[] out = new float[width];
        float w = (float) ((float) (guidance - 1) * 1000.0f);
        float step = (float) Math.log(10000.0) / (half - 1);
        for (int k = 0; k < half; k++) {
            float freq = (float) Math.exp(k * -step);
            float arg = w * freq;
            out[k] = (float) Math.sin(arg);
            out[half + k] = (float) Math.cos(arg);
        }
        return out;
    }
}
