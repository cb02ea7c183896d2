package org.inpaintij.models;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.inpaintij.core.BadInputException;

/**
 * Turns the {@code model} option into a model folder for the diffusion engine: an installed model's name, the
 * path of a model folder, or nothing (the first installed model). A model that was only partly installed is
 * never found, because it has no manifest; a model whose files went missing or changed size since it was
 * installed is refused with advice to verify it.
 */
public final class ModelResolver {

    private final ModelStore store;
    private final ModelCatalog catalog;

    /**
     * A resolver over a model folder.
     *
     * @param store the installed models
     * @param catalog the known models, to tell "not installed yet" from "unknown"
     */
    public ModelResolver(ModelStore store, ModelCatalog catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    /** The resolver over this process's model folder ({@link ModelsFolder#standard()}) and the built-in catalog. */
    public static ModelResolver standard() {
        return new ModelResolver(ModelStore.standard(), ModelCatalog.builtIn());
    }

    /**
     * A resolved model.
     *
     * @param folder the model folder
     * @param installed the installed model (its manifest has the kind, defaults and checksum), or empty for a
     *     folder given by path that was never installed
     */
    public record Resolved(Path folder, Optional<InstalledModel> installed) {}

    /** The model folder for a {@code model} option value (null or blank: the first installed model). */
    public Path resolve(String option) {
        return resolveModel(option).folder();
    }

    /**
     * The model for a {@code model} option value.
     *
     * @throws BadInputException when nothing is installed, the name is unknown or not installed, or the path is
     *     not a model folder; the message names what is installed
     * @throws ModelException when the installed model's files went missing or changed size
     */
    public Resolved resolveModel(String option) {
        List<InstalledModel> installed = store.installed();
        if (option == null || option.isBlank()) {
            if (installed.isEmpty()) throw nothingInstalled();
            return usable(installed.get(0));
        }
        String v = option.trim();
        if (ModelDescriptor.validName(v)) {
            Optional<InstalledModel> m = store.find(v);
            if (m.isPresent()) return usable(m.get());
        }
        if (looksLikePath(v)) return folder(v, installed);
        if (catalog.find(v).isPresent()) {
            throw new BadInputException("Model '" + v + "' is not installed: install it with Plugins > Inpainting > "
                    + "Inpainting Models... or `java -jar inpaint-ij.jar models install " + catalog.find(v).get().name()
                    + "`" + store.installedList() + ".");
        }
        if (installed.isEmpty()) {
            throw new BadInputException("Unknown model '" + v + "', and no diffusion model is installed: give the path"
                    + " of a model folder, or install one with Plugins > Inpainting > Inpainting Models... or `java"
                    + " -jar inpaint-ij.jar models install NAME` (NAME: " + String.join(", ", catalog.names())
                    + "; model folder " + store.root() + ").");
        }
        throw new BadInputException("Unknown model '" + v + "'; installed: " + String.join(", ", store.names())
                + " (or give the path of a model folder).");
    }

    private BadInputException nothingInstalled() {
        return new BadInputException("No diffusion model is installed: install one with Plugins > Inpainting > "
                + "Inpainting Models... or `java -jar inpaint-ij.jar models install NAME` (NAME: "
                + String.join(", ", catalog.names()) + "; model folder " + store.root() + ").");
    }

    private static boolean looksLikePath(String v) {
        if (v.contains("/") || v.contains(File.separator) || v.startsWith("~") || v.startsWith(".")) return true;
        try {
            return Path.of(v).isAbsolute() || Files.isDirectory(Path.of(v));
        } catch (InvalidPathException e) {
            // not a path on this system, so a name: reported as unknown
            return false;
        }
    }

    private Resolved folder(String v, List<InstalledModel> installed) {
        Path p = ModelsFolder.parse(v, "The model folder");
        if (!Files.isDirectory(p)) {
            throw new BadInputException("Model folder " + p + " does not exist; give an installed model's name"
                    + store.installedList() + " or the path of a model folder.");
        }
        for (InstalledModel m : installed) {
            if (m.folder().equals(p)) return usable(m);
        }
        ModelLayout.check(p);
        return new Resolved(p, Optional.empty());
    }

    /**
     * A quick check that an installed model is still whole, without hashing gigabytes at every run: a file that
     * kept its size and modification time since it was hashed is trusted to keep its pinned SHA-256; a file whose
     * time changed (copied, touched, or recorded by an older version) is hashed once, and its new time recorded
     * when it still matches. {@code models verify} hashes everything.
     */
    private Resolved usable(InstalledModel m) {
        java.util.Map<String, Long> rehashed = new java.util.LinkedHashMap<>();
        for (Manifest.PinnedFile f : m.manifest().files()) {
            Path p = m.folder().resolve(f.path());
            if (!Files.isRegularFile(p) || p.toFile().length() != f.size()) {
                throw new ModelException("Model '" + m.name() + "' is damaged (" + f.path() + (Files.isRegularFile(p)
                        ? " changed size" : " is missing") + " since it was installed): run `models verify "
                        + m.name() + "`, or remove it and install it again.");
            }
            try {
                long modified = ModelStore.modified(p);
                if (f.modified() != null && f.modified() == modified) continue;
                String sha = Hashing.file(p);
                if (!sha.equals(f.sha256())) {
                    throw new ModelException("Model '" + m.name() + "' is damaged (" + f.path() + " changed since it "
                            + "was installed: its SHA-256 is " + sha + ", not the pinned " + f.sha256() + "): run "
                            + "`models verify " + m.name() + "`, or remove it and install it again.");
                }
                rehashed.put(f.path(), modified);
            } catch (java.io.IOException e) {
                throw new ModelException("Cannot read " + p + " of model '" + m.name() + "' ("
                        + ModelStore.describe(e) + ").", e);
            }
        }
        if (!rehashed.isEmpty()) store.recordModified(m.name(), rehashed);
        return new Resolved(m.folder(), Optional.of(m));
    }
}
