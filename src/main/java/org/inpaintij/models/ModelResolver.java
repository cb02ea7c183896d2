package org.inpaintij.models;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.inpaintij.core.BadInputException;

/**
 * Turns the {@code model} option into a model for an engine: an installed model's name, the path of a model
 * folder (or, for a learned fill, of its {@code .onnx} file), or nothing (the first installed model the method can
 * run). A model of another kind than the method runs is refused by name. A model that was only partly installed is
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
     * @param folder the model folder; for a learned fill given by path, the {@code .onnx} file itself where the
     *     path named a file
     * @param installed the installed model (its manifest has the kind, defaults and checksum), or empty for a
     *     folder (or graph) given by path that was never installed
     */
    public record Resolved(Path folder, Optional<InstalledModel> installed) {}

    /**
     * Which models a method can run.
     *
     * @param method the method's name, for messages ({@code diffusion}, {@code lama}, ...)
     * @param label what such a model is called in messages ("diffusion", "LaMa")
     * @param kinds the kinds it accepts
     */
    public record Use(String method, String label, Set<ModelKind> kinds) {

        /** Diffusion: any diffusion model folder. */
        public static final Use DIFFUSION = new Use("diffusion", "diffusion",
                EnumSet.of(ModelKind.INPAINTING, ModelKind.PLAIN, ModelKind.LCM, ModelKind.TURBO, ModelKind.ZIMAGE));

        /** A learned fill of one kind, run by {@code method}. */
        public static Use learned(String method, ModelKind kind) {
            return new Use(method, kind.label(), EnumSet.of(kind));
        }

        /** The kinds as the model manager writes them ({@link ModelKinds#key}). */
        public Set<String> keys() {
            return kinds.stream().map(ModelKinds::key).collect(java.util.stream.Collectors.toUnmodifiableSet());
        }

        boolean learned() {
            return kinds.stream().allMatch(ModelKind::learned);
        }

        private String what() {
            return learned() ? "a " + label + " .onnx file (or a folder holding one)" : "a model folder";
        }
    }

    /** The model folder for a {@code model} option value (null or blank: the first installed diffusion model). */
    public Path resolve(String option) {
        return resolveModel(option).folder();
    }

    /** The diffusion model for a {@code model} option value; see {@link #resolveModel(String, Use)}. */
    public Resolved resolveModel(String option) {
        return resolveModel(option, Use.DIFFUSION);
    }

    /**
     * The model for a {@code model} option value: an installed model's name, a path, or nothing (the first
     * installed model that {@code use} accepts).
     *
     * @throws BadInputException when nothing suitable is installed, the name is unknown, not installed or of
     *     another kind, or the path is not a model; the message names what is installed
     * @throws ModelException when the installed model's files went missing or changed size
     */
    public Resolved resolveModel(String option, Use use) {
        List<InstalledModel> installed = store.installed();
        List<InstalledModel> suitable = installed.stream().filter(m -> use.kinds().contains(m.kind())).toList();
        if (option == null || option.isBlank()) {
            if (suitable.isEmpty()) throw nothingInstalled(use);
            return resolved(suitable.get(0));
        }
        String v = option.trim();
        if (ModelDescriptor.validName(v)) {
            Optional<InstalledModel> m = store.find(v);
            if (m.isPresent()) return resolved(suitable(m.get().name(), m.get().kind(), use, suitable, m.get()));
        }
        if (looksLikePath(v)) return path(v, installed, use);
        Optional<ModelDescriptor> known = catalog.find(v);
        if (known.isPresent()) {
            suitable(known.get().name(), known.get().kind(), use, suitable, null);
            throw new BadInputException("Model '" + v + "' is not installed: install it with Plugins > Inpainting > "
                    + "Inpainting Models... or `java -jar inpaint-ij.jar models install " + known.get().name()
                    + "`" + store.installedList() + ".");
        }
        if (suitable.isEmpty()) {
            List<String> names = catalog.all().stream().filter(d -> use.kinds().contains(d.kind()))
                    .map(ModelDescriptor::name).toList();
            throw new BadInputException("Unknown model '" + v + "', and no " + use.label() + " model is installed: give"
                    + " the path of " + use.what() + ", or install one with Plugins > Inpainting > Inpainting Models..."
                    + " or `java -jar inpaint-ij.jar models install NAME` (NAME: " + String.join(", ", names)
                    + "; model folder " + store.root() + ").");
        }
        throw new BadInputException("Unknown model '" + v + "'; installed: " + String.join(", ", names(suitable))
                + " (or give the path of " + use.what() + ").");
    }

    /** The model itself when {@code use} accepts its kind. */
    private static InstalledModel suitable(String name, ModelKind kind, Use use, List<InstalledModel> suitable,
            InstalledModel m) {
        if (use.kinds().contains(kind)) return m;
        throw new BadInputException("Model '" + name + "' is a " + kind.label() + " model; method=" + use.method()
                + " needs a " + use.label() + " model" + (suitable.isEmpty() ? " (none is installed)"
                        : " (installed: " + String.join(", ", names(suitable)) + ")") + ".");
    }

    private static List<String> names(List<InstalledModel> models) {
        return models.stream().map(InstalledModel::name).toList();
    }

    private BadInputException nothingInstalled(Use use) {
        List<String> names = catalog.all().stream().filter(d -> use.kinds().contains(d.kind()))
                .map(ModelDescriptor::name).toList();
        return new BadInputException("No " + use.label() + " model is installed: install one with Plugins > "
                + "Inpainting > Inpainting Models... or `java -jar inpaint-ij.jar models install NAME` (NAME: "
                + String.join(", ", names) + "; model folder " + store.root() + ")"
                + (use.learned() ? ", or give the path of " + use.what() + " with model=PATH" : "") + ".");
    }

    private static boolean looksLikePath(String v) {
        if (v.contains("/") || v.contains(File.separator) || v.startsWith("~") || v.startsWith(".")) return true;
        try {
            return Path.of(v).isAbsolute() || Files.exists(Path.of(v));
        } catch (InvalidPathException e) {
            // not a path on this system, so a name: reported as unknown
            return false;
        }
    }

    private Resolved path(String v, List<InstalledModel> installed, Use use) {
        Path p = ModelsFolder.path(v, use.learned() ? "The model" : "The model folder");
        boolean file = Files.isRegularFile(p);
        if (!file && !Files.isDirectory(p)) {
            throw new BadInputException((use.learned() ? "Model file " : "Model folder ") + p + " does not exist; "
                    + "give an installed model's name" + store.installedList() + " or the path of " + use.what()
                    + ".");
        }
        Path folder = file ? p.getParent() : p;
        for (InstalledModel m : installed) {
            if (m.folder().equals(folder)) {
                return new Resolved(p, Optional.of(whole(suitable(m.name(), m.kind(), use, List.of(), m))));
            }
        }
        if (use.learned()) {
            if (!file) ModelLayout.learnedGraph(p);
        } else if (file) {
            throw new BadInputException(p + " is a file; method=" + use.method() + " needs a model folder in the "
                    + "diffusers ONNX layout.");
        } else {
            ModelLayout.check(p, null);
        }
        return new Resolved(p, Optional.empty());
    }

    /**
     * A quick check that an installed model is still whole, without hashing gigabytes at every run: a file that
     * kept its size and modification time since it was hashed is trusted to keep its pinned SHA-256; a file whose
     * time changed (copied, touched, or recorded by an older version) is hashed once, and its new time recorded
     * when it still matches. {@code models verify} hashes everything.
     */
    private InstalledModel whole(InstalledModel m) {
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
        return m;
    }

    private Resolved resolved(InstalledModel m) {
        return new Resolved(m.folder(), Optional.of(whole(m)));
    }
}
