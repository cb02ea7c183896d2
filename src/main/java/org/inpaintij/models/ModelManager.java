package org.inpaintij.models;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.Monitor;

/**
 * The one facade behind {@code Inpainting Models...} and the {@code models} command line: lists the known and
 * installed models, installs, verifies, imports and removes them, and sets the model folder. Both entry points
 * only read input, call this, and show the result.
 */
public final class ModelManager {

    private final ModelCatalog catalog;
    private final Settings settings;
    private final ModelsFolder.Resolved folder;
    private final ModelStore store;
    private final Downloader downloader;
    private final URI mirror;

    /**
     * A manager.
     *
     * @param catalog the known models
     * @param settings the remembered settings (licences, saved folder)
     * @param folder the model folder and where it was chosen
     * @param disk the free-space check
     * @param downloader the HTTP side
     * @param mirror a base URL replacing every download source, or null
     */
    public ModelManager(ModelCatalog catalog, Settings settings, ModelsFolder.Resolved folder, DiskSpace disk,
            Downloader downloader, URI mirror) {
        this.catalog = catalog;
        this.settings = settings;
        this.folder = folder;
        this.store = new ModelStore(folder.path(), disk);
        this.downloader = downloader;
        this.mirror = mirror;
    }

    /**
     * The manager for this process: built-in catalog, the user's settings, the model folder by precedence
     * (flag, environment, saved setting, default).
     *
     * @param flag the {@code --models-dir} value, or null
     * @param mirror a base URL replacing every download source, or null
     */
    public static ModelManager standard(String flag, URI mirror) {
        Settings s = Settings.standard();
        String f = flag != null ? flag : System.getProperty(ModelsFolder.FLAG_PROPERTY);
        return new ModelManager(ModelCatalog.builtIn(), s, ModelsFolder.resolve(f, System.getenv(), s),
                DiskSpace.STANDARD, Downloader.standard(), mirror);
    }

    /** What a model's row says about it. */
    public enum Status {
        INSTALLED("installed"), PARTIAL("partly downloaded"), NOT_INSTALLED("not installed");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        /** As the list shows it. */
        public String label() {
            return label;
        }
    }

    /**
     * One model as the list shows it.
     *
     * @param name the model's name
     * @param title its title
     * @param kind its kind
     * @param bytes its size: exact when installed, else the descriptor's estimate
     * @param exact whether {@code bytes} is exact
     * @param license the licence name ("imported" for imported folders)
     * @param status installed, partly downloaded, or not installed
     * @param partialBytes bytes already downloaded when partly downloaded
     * @param descriptor the descriptor, or null for a model that is not in the catalog
     * @param installed the installed model, or null
     */
    public record Row(String name, String title, ModelKind kind, long bytes, boolean exact, String license,
            Status status, long partialBytes, ModelDescriptor descriptor, InstalledModel installed) {

        /** The size as the list shows it ("2.1 GB", or "~2.1 GB" for an estimate). */
        public String size() {
            return (exact ? "" : "~") + Bytes.format(bytes);
        }

        /** The status as the list shows it, with the downloaded part, and how an installed model was confirmed. */
        public String statusText() {
            if (status == Status.PARTIAL) {
                return status.label() + " (" + Bytes.format(partialBytes) + "; installing resumes)";
            }
            String note = installed == null ? null : installed.manifest().trustNote();
            return note != null && note.startsWith("trusted") ? status.label() + ", trusted on first use (a URL you "
                    + "typed)" : status.label();
        }
    }

    /** The model folder and where it was chosen. */
    public ModelsFolder.Resolved folder() {
        return folder;
    }

    /** The store in the model folder. */
    public ModelStore store() {
        return store;
    }

    /** The known models. */
    public ModelCatalog catalog() {
        return catalog;
    }

    /** The catalog's models in menu order, then installed models that are not in it. */
    public List<Row> rows() {
        List<Row> out = new ArrayList<>();
        List<InstalledModel> installed = store.installed();
        for (ModelDescriptor d : catalog.all()) {
            InstalledModel m = installed.stream().filter(i -> i.name().equals(d.name())).findFirst().orElse(null);
            long partial = m == null ? store.partialBytes(d.name()) : 0;
            Status st = m != null ? Status.INSTALLED : partial > 0 ? Status.PARTIAL : Status.NOT_INSTALLED;
            out.add(new Row(d.name(), d.title(), d.kind(), m != null ? m.bytes() : d.expectedBytes(),
                    m != null || d.exactSize(), d.license().name(), st, partial, d, m));
        }
        for (InstalledModel m : installed) {
            if (catalog.find(m.name()).filter(d -> d.name().equals(m.name())).isPresent()) continue;
            String licence = m.manifest().license() != null ? m.manifest().license().name() : "imported";
            out.add(new Row(m.name(), m.manifest().title(), m.kind(), m.bytes(), true, licence, Status.INSTALLED, 0,
                    null, m));
        }
        return out;
    }

    /**
     * The model list as text, as {@code models list} prints it and the macro writes it to the Log: the folder,
     * a table of name, kind, size, licence and status, then a note per folder that is not a usable model.
     */
    public String listing() {
        StringBuilder sb = new StringBuilder("Model folder: " + folder.describe() + "\n");
        List<Row> rows = rows();
        int nw = Math.max(4, rows.stream().mapToInt(r -> r.name().length()).max().orElse(4));
        int lw = Math.max(7, rows.stream().mapToInt(r -> r.license().length()).max().orElse(7));
        String fmt = "%-" + nw + "s  %-10s  %9s  %-" + lw + "s  %s%n";
        sb.append(String.format(java.util.Locale.ROOT, fmt, "NAME", "KIND", "SIZE", "LICENCE", "STATUS"));
        for (Row r : rows) {
            sb.append(String.format(java.util.Locale.ROOT, fmt, r.name(), ModelKinds.key(r.kind()), r.size(),
                    r.license(), r.statusText()));
        }
        for (String problem : problems()) sb.append("Note: ").append(problem).append('\n');
        return sb.toString();
    }

    /** Folders in the model folder that are not usable models (see {@link ModelStore#problems()}). */
    public List<String> problems() {
        return store.problems();
    }

    /** The descriptor of a known model (or of a descriptor file). */
    public ModelDescriptor descriptor(String name) {
        return catalog.get(name);
    }

    /** Whether the user accepted this model's licence. */
    public boolean licenseAccepted(ModelDescriptor d) {
        return settings.licenseAccepted(d);
    }

    /** Remembers that the user accepted this model's licence. */
    public void acceptLicense(ModelDescriptor d) {
        settings.acceptLicense(d);
    }

    /** The installed model called {@code name}, if any. */
    public Optional<InstalledModel> installed(String name) {
        return store.find(name);
    }

    /** Installs a model (its licence must have been accepted); see {@link ModelInstaller#install}. */
    public InstalledModel install(ModelDescriptor d, Monitor monitor) {
        return new ModelInstaller(store, settings, downloader, mirror).install(d, monitor);
    }

    /**
     * Compares a descriptor with the hub's listing of its pinned revision (a maintainer's check; needs the
     * network).
     *
     * @throws ModelException when the hub's listing cannot be read
     */
    public InstallPlan.Comparison check(ModelDescriptor d, Monitor monitor) {
        return InstallPlan.compare(d, new HubClient(downloader), monitor);
    }

    /** Verifies an installed model against its pins and, where the catalog has it, its published hashes. */
    public VerifyResult verify(String name, Monitor monitor) {
        InstalledModel m = store.find(name).orElseThrow(() -> new BadInputException("No model named '" + name
                + "' is installed in " + store.root() + store.installedList() + "."));
        ModelDescriptor published = Manifest.CATALOG.equals(m.manifest().origin())
                ? catalog.find(m.name()).orElse(null) : null;
        return store.verify(m.name(), published, monitor);
    }

    /** Removes an installed model (and any unfinished download of it). */
    public void remove(String name) {
        store.remove(name);
    }

    /** Imports a model folder; see {@link ModelStore#importFolder}. */
    public InstalledModel importFolder(Path dir, String name, ModelKind kind, Monitor monitor) {
        return store.importFolder(dir, name, kind, monitor);
    }

    /**
     * Saves the model folder for later sessions (a new manager uses it).
     *
     * @return a warning when this session's folder comes from a flag or {@value ModelsFolder#ENV}, which take
     *     precedence over the saved folder; else null
     */
    public String setFolder(String dir) {
        Path p = ModelsFolder.parse(dir, "The model folder");
        settings.setModelsFolder(p);
        if (folder.source() == ModelsFolder.Source.FLAG || folder.source() == ModelsFolder.Source.ENVIRONMENT) {
            return "Saved " + p + ", but the " + folder.source().label() + " (" + folder.path() + ") takes "
                    + "precedence over the saved folder while it is set.";
        }
        return null;
    }
}
