package org.inpaintij.core;

import java.util.Arrays;
import java.util.List;

/** Where a result goes. */
public enum Output {
    /** A new window titled {@code <title>-inpainted}. */
    NEW("new"),
    /** The image itself, undoable. */
    IN_PLACE("in-place"),
    /** An image layer in the image's overlay. */
    OVERLAY("overlay");

    private final String key;

    Output(String key) {
        this.key = key;
    }

    /** The value used by macros and the command line. */
    public String key() {
        return key;
    }

    /** All values as macros write them. */
    public static List<String> keys() {
        return Arrays.stream(values()).map(Output::key).toList();
    }

    /** The output named by a macro or command-line value. */
    public static Output of(String key) {
        for (Output o : values()) if (o.key.equalsIgnoreCase(key)) return o;
        throw new BadInputException("Unknown output '" + key + "'; accepted: " + String.join(", ", keys()) + ".");
    }
}
