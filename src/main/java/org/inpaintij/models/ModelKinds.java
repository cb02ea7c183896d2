package org.inpaintij.models;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.inpaintij.core.BadInputException;

/**
 * The diffusion layer's {@link ModelKind} as descriptors, manifests, the model list and {@code --kind} write it:
 * {@code inpainting}, {@code plain}, {@code lcm}, {@code turbo}, {@code zimage}, {@code lama}, {@code migan}.
 */
public final class ModelKinds {

    private ModelKinds() {}

    /** The written form of a kind. */
    public static String key(ModelKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** All kinds as written. */
    public static List<String> keys() {
        return Arrays.stream(ModelKind.values()).map(ModelKinds::key).toList();
    }

    /**
     * The kind a text names (case does not matter).
     *
     * @throws BadInputException naming the accepted kinds
     */
    public static ModelKind of(String text) {
        String t = text == null ? "" : text.trim();
        for (ModelKind k : ModelKind.values()) if (key(k).equalsIgnoreCase(t)) return k;
        throw new BadInputException("Unknown model kind '" + text + "'; accepted: " + String.join(", ", keys()) + ".");
    }
}
