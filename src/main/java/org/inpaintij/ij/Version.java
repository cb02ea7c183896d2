package org.inpaintij.ij;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The plugin's version and the versions it was built with, from the properties Maven filters at build time. */
public final class Version {

    private static final Properties PROPS = load();

    private Version() {}

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/org/inpaintij/inpaint-ij.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the plugin's version resource", e);
        }
        return p;
    }

    /** The plugin version, e.g. {@code 0.1.0}. */
    public static String plugin() {
        return PROPS.getProperty("version", "unknown");
    }

    /** The ONNX Runtime version the plugin was built against. */
    public static String onnxRuntime() {
        return PROPS.getProperty("onnxruntime.version", "unknown");
    }
}
