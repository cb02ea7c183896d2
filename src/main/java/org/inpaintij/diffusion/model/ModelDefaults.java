package org.inpaintij.diffusion.model;

import org.inpaintij.models.ModelKind;

/**
 * What a model runs with when the user leaves a value out.
 *
 * @param steps denoising steps
 * @param cfg guidance scale; 1 or less means no classifier-free guidance (for LCM models with a guidance
 *        embedding it is the scale written into {@code timestep_cond})
 * @param scheduler scheduler name ({@code default} = the folder's own)
 * @param resolution working size in pixels, a multiple of 8
 * @param strength how much of the region is repainted, 0..1
 */
public record ModelDefaults(int steps, double cfg, String scheduler, int resolution, double strength) {

    /**
     * The defaults for a kind of model: SD 25 steps at cfg 7.5; LCM 4 steps (cfg 8.5 into the embedding, or
     * off without one); Turbo 4 steps without guidance; 512 pixels, or 768 for SD 2.x 768 (v-prediction)
     * models, or what the folder fixes.
     */
    public static ModelDefaults of(ModelKind kind, boolean guidanceEmbedding, int resolution) {
        return switch (kind) {
            case INPAINTING, PLAIN -> new ModelDefaults(25, 7.5, "default", resolution, 1.0);
            case LCM -> new ModelDefaults(4, guidanceEmbedding ? 8.5 : 1.0, "lcm", resolution, 1.0);
            case TURBO -> new ModelDefaults(4, 0.0, "default", resolution, 1.0);
            case ZIMAGE -> new ModelDefaults(8, 0.0, "default", resolution, 1.0);
            case LAMA, MIGAN -> throw new IllegalArgumentException(kind.label() + " is not a diffusion model");
        };
    }
}
