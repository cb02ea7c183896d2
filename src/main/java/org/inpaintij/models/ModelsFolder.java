package org.inpaintij.models;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

import org.inpaintij.core.BadInputException;

/**
 * Where installed models live. The first of these that is set wins: the command-line flag
 * {@code --models-dir} (or the system property {@value #FLAG_PROPERTY}, which the flag sets), the environment
 * variable {@value #ENV}, the folder saved in the {@link Settings} (from the dialog or
 * {@code models set-folder}), and the default {@code ~/.inpaint-ij/models}.
 */
public final class ModelsFolder {

    /** Environment variable naming the model folder. */
    public static final String ENV = "INPAINT_IJ_MODELS";
    /** System property naming the model folder; the command line's {@code --models-dir} sets it. */
    public static final String FLAG_PROPERTY = "inpaintij.models";

    /** Which setting gave the folder. */
    public enum Source {
        FLAG("--models-dir"), ENVIRONMENT("environment variable " + ENV), SETTING("saved setting"),
        DEFAULT("default");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        /** How the report and the dialog name it. */
        public String label() {
            return label;
        }
    }

    /**
     * A model folder and where its name came from.
     *
     * @param path the folder (absolute; it may not exist yet)
     * @param source which setting named it
     */
    public record Resolved(Path path, Source source) {

        /** "PATH (from SOURCE)". */
        public String describe() {
            return path + " (from " + source.label() + ")";
        }
    }

    private ModelsFolder() {}

    /** The default folder, {@code ~/.inpaint-ij/models}. */
    public static Path defaultFolder() {
        return Settings.home().resolve("models");
    }

    /** The folder for this process: system property, then the real environment, then the user's settings. */
    public static Resolved standard() {
        return resolve(System.getProperty(FLAG_PROPERTY), System.getenv(), Settings.standard());
    }

    /**
     * The folder by precedence flag, environment, saved setting, default.
     *
     * @param flag the command-line value, or null
     * @param env the environment
     * @param settings the saved settings
     * @throws BadInputException when the chosen value is not a usable folder path
     */
    public static Resolved resolve(String flag, Map<String, String> env, Settings settings) {
        if (flag != null && !flag.isBlank()) return checked(flag, Source.FLAG);
        String e = env.get(ENV);
        if (e != null && !e.isBlank()) return checked(e, Source.ENVIRONMENT);
        var saved = settings.modelsFolder();
        if (saved.isPresent()) return checked(saved.get().toString(), Source.SETTING);
        return new Resolved(defaultFolder().toAbsolutePath(), Source.DEFAULT);
    }

    /** A folder the user typed, as an absolute path, checked to be usable. */
    public static Path parse(String value, String what) {
        Path p = path(value, what);
        if (Files.exists(p) && !Files.isDirectory(p)) {
            throw new BadInputException(what + " " + p + " is a file; give a folder (it is created if missing).");
        }
        return p;
    }

    /** A path the user typed (folder or file, {@code ~} expanded), as an absolute path. */
    public static Path path(String value, String what) {
        String v = value.trim();
        // "~" reaches here unexpanded from quoted shell values and from environment files
        if (v.equals("~") || v.startsWith("~/") || v.startsWith("~\\")) {
            v = System.getProperty("user.home") + v.substring(1);
        }
        Path p;
        try {
            p = Path.of(v).toAbsolutePath().normalize();
        } catch (InvalidPathException ex) {
            throw new BadInputException(what + " '" + value + "' is not a valid path (" + ex.getReason() + ").", ex);
        }
        return p;
    }

    private static Resolved checked(String value, Source source) {
        return new Resolved(parse(value, "The model folder from " + source.label()), source);
    }
}
