package org.inpaintij.diffusion.model;

/**
 * What kind of model a folder holds, which decides the defaults and how guidance works. Decided from the
 * graphs first (9 UNet input channels, a {@code timestep_cond} input) and the configs second.
 */
public enum ModelKind {
    /** A 9-channel inpainting UNet (latents, mask, masked-image latents). */
    INPAINTING("inpainting"),
    /** A plain 4-channel text-to-image model; inpaints by latent blending. */
    PLAIN("plain"),
    /** A latent consistency model: few steps, guidance through the {@code timestep_cond} embedding. */
    LCM("LCM"),
    /** SD-Turbo style: trailing timesteps and Euler Ancestral, 1 to 4 steps, no guidance. */
    TURBO("Turbo"),
    /** Z-Image (a flow-matching DiT with a Qwen3 text encoder): latent blend, 8 steps, no guidance for Turbo. */
    ZIMAGE("Z-Image");

    private final String label;

    ModelKind(String label) {
        this.label = label;
    }

    /** The name the model descriptors and the model manager use. */
    public String label() {
        return label;
    }
}
