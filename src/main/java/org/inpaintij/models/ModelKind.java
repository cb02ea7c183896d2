package org.inpaintij.models;

/**
 * What kind of model a folder holds, which decides the defaults and how guidance works. Decided from the
 * graphs first (9 UNet input channels, a {@code timestep_cond} input) and the configs second. The last two
 * kinds are not diffusion models but learned fills without a prompt (one ONNX graph each), which the model
 * manager installs and verifies the same way.
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
    ZIMAGE("Z-Image"),
    /** LaMa: one graph, float32 image (RGB 0..1) and mask (1 = fill) in, RGB 0..255 out. */
    LAMA("LaMa"),
    /** MI-GAN: one graph, uint8 image and mask (255 = keep, 0 = fill) in, uint8 RGB out. */
    MIGAN("MI-GAN");

    private final String label;

    ModelKind(String label) {
        this.label = label;
    }

    /** Whether this is a learned fill without a prompt (LaMa, MI-GAN) rather than a diffusion model. */
    public boolean learned() {
        return this == LAMA || this == MIGAN;
    }

    /** The name the model descriptors and the model manager use. */
    public String label() {
        return label;
    }
}
