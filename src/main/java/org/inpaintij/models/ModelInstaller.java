package org.inpaintij.models;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.CancelledException;
import org.inpaintij.core.Monitor;

/**
 * Installs a model from its descriptor into a {@link ModelStore}:
 * <ol>
 * <li>refuses unless the user accepted the model's licence (see {@link Settings#acceptLicense});
 * <li>checks the free disk space for what is still to be downloaded;
 * <li>downloads every file into the hidden folder {@code .partial/NAME}, resuming what an earlier, interrupted
 * install left there, and checks each file's size and SHA-256 against the descriptor where it publishes them;
 * <li>checks the folder layout, writes the {@link Manifest} with every file's pinned SHA-256 (the published one,
 * or the one computed now where none is published), and moves the whole folder into place in one atomic rename.
 * </ol>
 * A cancelled or broken install leaves its downloaded bytes in {@code .partial/NAME} for the next attempt; a file
 * that fails its checksum makes the installer discard everything downloaded for that model.
 */
public final class ModelInstaller {

    /** The record, inside the staging folder, of files already downloaded and checked. */
    static final String DONE = ".done.properties";
    private static final String PART = ".part";

    private final ModelStore store;
    private final Settings settings;
    private final Downloader downloader;
    private final URI mirror;

    /**
     * An installer.
     *
     * @param store where models go
     * @param settings where accepted licences are remembered
     * @param downloader the HTTP side
     * @param mirror a base URL that replaces every file's source ({@code mirror/NAME/path}), for mirrors and
     *     tests; null for the descriptor's own URLs
     */
    public ModelInstaller(ModelStore store, Settings settings, Downloader downloader, URI mirror) {
        this.store = store;
        this.settings = settings;
        this.downloader = downloader;
        this.mirror = mirror;
    }

    /**
     * Installs a model, or returns it when it is already installed.
     *
     * @throws BadInputException when its licence was not accepted
     * @throws ModelException when a download fails (resumable), a checksum does not match (everything discarded),
     *     or the disk is too full
     * @throws CancelledException when the monitor cancels (resumable)
     */
    public InstalledModel install(ModelDescriptor model, Monitor monitor) {
        String name = model.name();
        Optional<InstalledModel> existing = store.find(name);
        if (existing.isPresent() && existing.get().name().equals(name)) return existing.get();
        if (!settings.licenseAccepted(model)) {
            throw new BadInputException("The licence of model '" + name + "' (" + model.license().name() + ", "
                    + model.license().url() + ") has not been accepted: accept it in Plugins > Inpainting > "
                    + "Inpainting Models..., or run `models install " + name + " --accept-license`.");
        }
        Path staging = store.partial(name);
        try (ModelStore.Lock lock = store.lock(name)) {
            return installLocked(model, staging, monitor);
        } catch (IOException e) {
            throw new ModelException("Could not install model '" + name + "' into " + store.root() + " ("
                    + ModelStore.describe(e) + "); what was downloaded is kept, and installing again resumes it.", e);
        }
    }

    /** The install, under the model's lock; whatever happens, no folder without downloaded bytes is left. */
    private InstalledModel installLocked(ModelDescriptor model, Path staging, Monitor monitor) throws IOException {
        String name = model.name();
        try {
            store.ensureSpace(Math.max(0, model.expectedBytes() - store.partialBytes(name)), "install " + name);
            Files.createDirectories(staging);
            Properties done = loadDone(staging);
            Progress progress = new Progress(monitor, "Downloading", model.expectedBytes());
            List<Manifest.PinnedFile> pinned = new ArrayList<>();
            for (ModelDescriptor.SourceFile f : model.files()) {
                progress.item(f.path());
                pinned.add(fetch(model, f, staging, done, progress, monitor));
            }
            List<String> layout = ModelLayout.problems(staging);
            if (!layout.isEmpty()) {
                ModelStore.deleteTree(staging);
                throw new ModelException("The files of model '" + name + "' do not make a model folder the engine "
                        + "can load, so its descriptor is wrong (please report it): " + String.join(" ", layout));
            }
            Files.deleteIfExists(staging.resolve(DONE));
            Files.deleteIfExists(staging.resolve(DONE + ".tmp"));
            new Manifest(name, model.title(), model.kind(), Manifest.CATALOG, model.homepage(), model.license(),
                    model.defaults(), Instant.now(), pinned).writeTo(staging);
            store.moveIntoPlace(staging, name);
            monitor.progress(1, "Installed " + name);
            return store.find(name).orElseThrow(() -> new IllegalStateException("installed model vanished: " + name));
        } finally {
            tidy(staging);
        }
    }

    /**
     * After an install, whether it worked, failed or was cancelled: keeps downloaded bytes (installing again
     * resumes them, and {@code models remove} deletes them), but leaves no folder that holds none, nor an empty
     * {@code .partial}.
     */
    private static void tidy(Path staging) {
        try {
            if (Files.isDirectory(staging)) {
                long bytes;
                try (java.util.stream.Stream<Path> s = Files.walk(staging)) {
                    bytes = s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".etag")
                            && !f.getFileName().toString().startsWith(DONE)).mapToLong(f -> f.toFile().length()).sum();
                }
                if (bytes == 0) ModelStore.deleteTree(staging);
            }
            Path partials = staging.getParent();
            try (java.util.stream.Stream<Path> s = Files.list(partials)) {
                if (s.findAny().isEmpty()) Files.delete(partials);
            }
        } catch (IOException e) {
            // tidying is a courtesy: the failure being reported matters more
        }
    }

    private static Manifest.PinnedFile fetchInline(ModelDescriptor.SourceFile f, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        byte[] bytes = f.content().getBytes(StandardCharsets.UTF_8);
        Files.write(target, bytes);
        MessageDigest md = Hashing.sha256();
        md.update(bytes);
        return new Manifest.PinnedFile(f.path(), bytes.length, Hashing.hex(md), "descriptor");
    }

    private Manifest.PinnedFile fetch(ModelDescriptor model, ModelDescriptor.SourceFile f, Path staging,
            Properties done, Progress progress, Monitor monitor) throws IOException {
        Path target = staging.resolve(f.path());
        if (f.inline()) {
            Manifest.PinnedFile p = fetchInline(f, target);
            progress.add(p.size());
            return p;
        }
        String pinnedBy = f.sha256() != null ? "descriptor" : "install";
        String record = done.getProperty(f.path());
        if (record != null && Files.isRegularFile(target)) {
            String[] sizeAndHash = record.split(" ");
            long size = Long.parseLong(sizeAndHash[0]);
            if (Files.size(target) == size) {
                progress.add(size);
                return new Manifest.PinnedFile(f.path(), size, sizeAndHash[1], pinnedBy);
            }
        }
        Files.createDirectories(target.getParent());
        Path part = target.resolveSibling(target.getFileName() + PART);
        MessageDigest md = Hashing.sha256();
        URI source = f.source(model, mirror);
        long size = downloader.fetch(source, part, f.size(), md, progress, monitor);
        String sha = Hashing.hex(md);
        if (f.size() != null && size != f.size()) {
            ModelStore.deleteTree(staging);
            throw new ModelException("The download of " + f.path() + " for model '" + model.name() + "' has " + size
                    + " bytes instead of the published " + f.size() + "; it was discarded, and nothing was installed"
                    + " (the file on the server may have changed: check for a newer Inpaint-IJ).");
        }
        if (f.sha256() != null && !f.sha256().equals(sha)) {
            ModelStore.deleteTree(staging);
            throw new ModelException("The download of " + f.path() + " for model '" + model.name() + "' has SHA-256 "
                    + sha + " instead of the published " + f.sha256() + "; it was discarded, and nothing was "
                    + "installed (the file on the server may have changed, or the download was corrupted).");
        }
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.deleteIfExists(part.resolveSibling(part.getFileName() + ".etag"));
        done.setProperty(f.path(), size + " " + sha);
        saveDone(staging, done);
        return new Manifest.PinnedFile(f.path(), size, sha, pinnedBy);
    }

    private static Properties loadDone(Path staging) throws IOException {
        Properties p = new Properties();
        Path f = staging.resolve(DONE);
        if (Files.isRegularFile(f)) {
            try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        }
        return p;
    }

    private static void saveDone(Path staging, Properties done) throws IOException {
        Path tmp = staging.resolve(DONE + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            done.store(w, "files downloaded and checked so far: path = size sha256");
        }
        Files.move(tmp, staging.resolve(DONE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
