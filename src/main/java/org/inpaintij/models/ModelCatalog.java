package org.inpaintij.models;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.inpaintij.core.BadInputException;

/**
 * The known public models: the descriptors from the repository's {@code models/} folder, packaged into the jar
 * under {@value #RESOURCES} and listed, in menu order, by its {@value #INDEX}.
 */
public final class ModelCatalog {

    /** Where the descriptors are on the class path. */
    public static final String RESOURCES = "/org/inpaintij/models/catalog/";
    /** The list of descriptor files, one per line, in the order users see them. */
    public static final String INDEX = "catalog.txt";

    private static volatile ModelCatalog builtIn;

    private final List<ModelDescriptor> models;

    private ModelCatalog(List<ModelDescriptor> models) {
        this.models = List.copyOf(models);
    }

    /** A catalog of the given descriptors. */
    public static ModelCatalog of(List<ModelDescriptor> models) {
        return new ModelCatalog(models);
    }

    /** The descriptors shipped with the plugin. */
    public static ModelCatalog builtIn() {
        ModelCatalog c = builtIn;
        if (c == null) builtIn = c = new ModelCatalog(loadBuiltIn());
        return c;
    }

    /** All descriptors, in menu order. */
    public List<ModelDescriptor> all() {
        return models;
    }

    /** Names of all descriptors. */
    public List<String> names() {
        return models.stream().map(ModelDescriptor::name).toList();
    }

    /** The descriptor called {@code name} (exact name first, then ignoring case). */
    public Optional<ModelDescriptor> find(String name) {
        for (ModelDescriptor d : models) if (d.name().equals(name)) return Optional.of(d);
        for (ModelDescriptor d : models) if (d.name().equalsIgnoreCase(name)) return Optional.of(d);
        return Optional.empty();
    }

    /**
     * The descriptor called {@code name}, or the one in a {@code .json} file when {@code name} is the path of
     * one (for models that are not in the catalog yet).
     *
     * @throws BadInputException listing the known names when there is no such model
     */
    public ModelDescriptor get(String name) {
        Optional<ModelDescriptor> d = find(name);
        if (d.isPresent()) return d.get();
        if (name.endsWith(".json") && Files.isRegularFile(Path.of(name))) return read(Path.of(name));
        throw new BadInputException("Unknown model '" + name + "'; known models: " + String.join(", ", names())
                + " (or the path of a descriptor .json file).");
    }

    /** Reads a descriptor file. */
    public static ModelDescriptor read(Path json) {
        try {
            return ModelDescriptor.parse(Files.readString(json, StandardCharsets.UTF_8), json.toString());
        } catch (IOException e) {
            throw new BadInputException("Cannot read the model descriptor " + json + " (" + ModelStore.describe(e)
                    + ").", e);
        }
    }

    private static List<ModelDescriptor> loadBuiltIn() {
        List<ModelDescriptor> out = new ArrayList<>();
        for (String file : lines(RESOURCES + INDEX)) {
            String text = String.join("\n", lines(RESOURCES + file));
            out.add(ModelDescriptor.parse(text, file, true));
        }
        return out;
    }

    private static List<String> lines(String resource) {
        try (InputStream in = ModelCatalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The model catalog " + resource + " is missing from the plugin jar.");
            }
            List<String> out = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String l; (l = r.readLine()) != null;) {
                if (resource.endsWith(INDEX)) {
                    l = l.strip();
                    if (l.isEmpty() || l.startsWith("#")) continue;
                }
                out.add(l);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + resource + " from the plugin jar", e);
        }
    }
}
