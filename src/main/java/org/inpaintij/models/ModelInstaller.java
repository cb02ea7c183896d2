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
 * <li>makes the {@link InstallPlan}: every file with the size and hash it must have, from the descriptor or, for
 * what the descriptor does not pin, from the hub's listing of the pinned revision; a listing that disagrees with
 * the descriptor, or a shipped descriptor's file that nothing can confirm, stops the install before a byte is
 * downloaded;
 * <li>checks the free disk space for what is still to be downloaded;
 * <li>downloads every file into the hidden folder {@code .partial/NAME}, resuming what an earlier, interrupted
 * install left there, and checks each file's size and hash against the plan;
 * <li>checks the folder layout, writes the {@link Manifest} with every file's SHA-256, what confirmed it, and its
 * modification time, and moves the whole folder into place in one atomic rename.
 * </ol>
 * A cancelled or broken install leaves its downloaded bytes in {@code .partial/NAME} for the next attempt; a file
 * that fails its size or hash check makes the installer discard everything downloaded for that model.
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
     * @param downloader the HTTP side (the hub's listing is read through it too)
     * @param mirror a base URL that replaces every file's source ({@code mirror/NAME/path}), for mirrors and
     *     tests; null for the descriptor's own URLs. The sizes and hashes still come from the descriptor and the
     *     hub.
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
     * @throws ModelException when the hub's listing cannot be read or disagrees with the descriptor (nothing
     *     downloaded), a download fails (resumable), a size or hash does not match (everything discarded), or the
     *     disk is too full
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
        monitor.progress(0, "Reading the hub's listing of " + name);
        InstallPlan plan = InstallPlan.make(model, new HubClient(downloader), monitor);
        Path staging = store.partial(name);
        try (ModelStore.Lock lock = store.lock(name)) {
            return installLocked(model, plan, staging, monitor);
        } catch (IOException e) {
            throw new ModelException("Could not install model '" + name + "' into " + store.root() + " ("
                    + ModelStore.describe(e) + "); what was downloaded is kept, and installing again resumes it.", e);
        }
    }

    /** The install, under the model's lock; whatever happens, no folder without downloaded bytes is left. */
    private InstalledModel installLocked(ModelDescriptor model, InstallPlan plan, Path staging, Monitor monitor)
            throws IOException {
        String name = model.name();
        try {
            store.ensureSpace(Math.max(0, plan.bytes() - store.partialBytes(name)), "install " + name);
            Files.createDirectories(staging);
            Properties done = loadDone(staging);
            Progress progress = new Progress(monitor, "Downloading", plan.bytes());
            List<Manifest.PinnedFile> pinned = new ArrayList<>();
            for (InstallPlan.Item item : plan.items()) {
                progress.item(item.path());
                pinned.add(fetch(model, item, staging, done, progress, monitor));
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

    private static Manifest.PinnedFile fetchInline(InstallPlan.Item item, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        byte[] bytes = item.content().getBytes(StandardCharsets.UTF_8);
        Files.write(target, bytes);
        MessageDigest md = Hashing.sha256();
        md.update(bytes);
        return new Manifest.PinnedFile(item.path(), bytes.length, Hashing.hex(md), Manifest.BY_DESCRIPTOR,
                ModelStore.modified(target));
    }

    private Manifest.PinnedFile fetch(ModelDescriptor model, InstallPlan.Item item, Path staging, Properties done,
            Progress progress, Monitor monitor) throws IOException {
        Path target = staging.resolve(item.path());
        if (item.content() != null) {
            Manifest.PinnedFile p = fetchInline(item, target);
            progress.add(p.size());
            return p;
        }
        String record = done.getProperty(item.path());
        if (record != null && Files.isRegularFile(target)) {
            String[] sizeAndHash = record.split(" ");
            long size = Long.parseLong(sizeAndHash[0]);
            boolean same = Files.size(target) == size && (item.size() == null || item.size() == size)
                    && (item.sha256() == null || item.sha256().equals(sizeAndHash[1]));
            if (same) {
                progress.add(size);
                return new Manifest.PinnedFile(item.path(), size, sizeAndHash[1], item.confirmedBy(),
                        ModelStore.modified(target));
            }
        }
        Files.createDirectories(target.getParent());
        Path part = target.resolveSibling(target.getFileName() + PART);
        MessageDigest md = Hashing.sha256();
        URI source = mirror != null ? item.mirrored(model, mirror) : item.url();
        long size = downloader.fetch(source, part, item.size(), md, progress, monitor);
        String sha = Hashing.hex(md);
        if (item.size() != null && size != item.size()) {
            ModelStore.deleteTree(staging);
            throw new ModelException("The download of " + item.path() + " for model '" + model.name() + "' has "
                    + size + " bytes instead of the " + item.size() + " that " + item.sizeFrom() + " gives; it was "
                    + "discarded, and nothing was installed (the connection may have ended early without notice, "
                    + "or the file changed: install again, or check for a newer Inpaint-IJ).");
        }
        if (item.sha256() != null && !item.sha256().equals(sha)) {
            ModelStore.deleteTree(staging);
            throw new ModelException("The download of " + item.path() + " for model '" + model.name() + "' has "
                    + "SHA-256 " + sha + " instead of the " + item.sha256() + " that " + item.hashFrom() + " gives; "
                    + "it was discarded, and nothing was installed (the download was corrupted, or the file on the "
                    + "server changed).");
        }
        if (item.gitOid() != null) {
            String oid = Hashing.gitBlobId(part);
            if (!item.gitOid().equals(oid)) {
                ModelStore.deleteTree(staging);
                throw new ModelException("The download of " + item.path() + " for model '" + model.name() + "' has "
                        + "git blob id " + oid + " instead of the " + item.gitOid() + " that " + item.hashFrom()
                        + " gives; it was discarded, and nothing was installed (the download was corrupted, or the "
                        + "file on the server changed).");
            }
        }
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.deleteIfExists(part.resolveSibling(part.getFileName() + ".etag"));
        done.setProperty(item.path(), size + " " + sha);
        saveDone(staging, done);
        return new Manifest.PinnedFile(item.path(), size, sha, item.confirmedBy(), ModelStore.modified(target));
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
