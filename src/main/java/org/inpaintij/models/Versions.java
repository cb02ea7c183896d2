package org.inpaintij.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The plugin's and its ONNX Runtime's versions, as Maven wrote them into {@code inpaint-ij.properties}. */
public final class Versions {

    private static final Properties PROPS = load();

    private Versions() {}

    /** The plugin's version. */
    public static String plugin() {
        return PROPS.getProperty("version", "unknown");
    }

    /** The ONNX Runtime version the plugin was built against. */
    public static String onnxRuntimeBuilt() {
        return PROPS.getProperty("onnxruntime.version", "unknown");
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/org/inpaintij/inpaint-ij.properties")) {
            if (in != null) p.load(in);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read inpaint-ij.properties from the plugin jar", e);
        }
    }
}
