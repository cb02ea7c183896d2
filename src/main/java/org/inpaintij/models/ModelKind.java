package org.inpaintij.models;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.inpaintij.core.BadInputException;

/** What a diffusion model is made for; it decides how the engine inpaints with it. */
public enum ModelKind {
    /** A UNet with 9 input channels (latents, mask, masked-image latents), trained to fill holes. */
    INPAINTING("inpainting"),
    /** A plain 4-channel text-to-image model, used with latent blending. */
    PLAIN("plain"),
    /** A latent consistency model: few steps, guidance built into the UNet. */
    LCM("lcm"),
    /** An adversarially distilled model (SD-Turbo): 1 to 4 steps, guidance off. */
    TURBO("turbo");

    private final String key;

    ModelKind(String key) {
        this.key = key;
    }

    /** The name used in descriptors and manifests. */
    public String key() {
        return key;
    }

    /** The kind named by a descriptor. */
    public static ModelKind of(String key) {
        for (ModelKind k : values()) if (k.key.equalsIgnoreCase(key == null ? "" : key.trim())) return k;
        throw new BadInputException("Unknown model kind '" + key + "'; accepted: " + String.join(", ", keys()) + ".");
    }

    /** All kinds as descriptors write them. */
    public static List<String> keys() {
        return Arrays.stream(values()).map(ModelKind::key).toList();
    }

    @Override
    public String toString() {
        return key.toLowerCase(Locale.ROOT);
    }
}
