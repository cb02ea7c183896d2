package org.inpaintij.models;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Settings remembered between sessions: the model folder and the licences the user accepted. They live in a
 * small properties file, {@code ~/.inpaint-ij/settings.properties} (or the file named by the system property
 * {@value #FILE_PROPERTY}), rather than in {@code java.util.prefs}: a plain file is the same on every platform
 * (prefs is the registry on Windows and a hidden XML tree with a background sync thread on Linux), users and
 * cluster admins can read, copy or delete it, it works on shared and read-mostly home folders where prefs
 * warns, and tests point it at a temporary file. The file is read afresh on every call, so that ImageJ and
 * command lines running side by side see each other's changes, and written whole under a lock.
 */
public final class Settings {

    /** System property naming the settings file, for tests and unusual installations. */
    public static final String FILE_PROPERTY = "inpaintij.settings";

    private static final String MODELS_FOLDER = "models.folder";
    private static final String LICENSE = "license.accepted.";

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(Settings.class.getName());
    /** Damaged files already reported in this process. */
    private static final java.util.Set<Path> REPORTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Path file;

    private Settings(Path file) {
        this.file = file.toAbsolutePath();
    }

    /** The settings in a given file (created when first written). */
    public static Settings at(Path file) {
        return new Settings(file);
    }

    /** The user's settings: the file named by {@value #FILE_PROPERTY}, else ~/.inpaint-ij/settings.properties. */
    public static Settings standard() {
        String p = System.getProperty(FILE_PROPERTY);
        return new Settings(p != null && !p.isBlank() ? Path.of(p) : home().resolve("settings.properties"));
    }

    /** Inpaint-IJ's folder in the user's home. */
    public static Path home() {
        return Path.of(System.getProperty("user.home"), ".inpaint-ij");
    }

    /** The file these settings live in. */
    public Path file() {
        return file;
    }

    /** The saved model folder, if one was set. */
    public Optional<Path> modelsFolder() {
        String v = load().getProperty(MODELS_FOLDER);
        if (v == null || v.isBlank()) return Optional.empty();
        try {
            return Optional.of(Path.of(v));
        } catch (java.nio.file.InvalidPathException e) {
            if (REPORTED.add(file.resolve(MODELS_FOLDER))) {
                LOG.warning("The model folder saved in " + file + " ('" + v + "') is not a valid path ("
                        + e.getReason() + "); the default is used until another one is set.");
            }
            return Optional.empty();
        }
    }

    /** Remembers the model folder (null forgets it). */
    public void setModelsFolder(Path folder) {
        update(p -> {
            if (folder == null) p.remove(MODELS_FOLDER);
            else p.setProperty(MODELS_FOLDER, folder.toAbsolutePath().normalize().toString());
        });
    }

    /** Whether the user accepted this model's current licence (a changed licence name or link asks again). */
    public boolean licenseAccepted(ModelDescriptor model) {
        return model.license().acceptanceKey().equals(load().getProperty(LICENSE + model.name()));
    }

    /** Remembers that the user accepted this model's licence. */
    public void acceptLicense(ModelDescriptor model) {
        update(p -> p.setProperty(LICENSE + model.name(), model.license().acceptanceKey()));
    }

    private Properties load() {
        Properties p = new Properties();
        if (!Files.isRegularFile(file)) return p;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
            return p;
        } catch (IOException | IllegalArgumentException e) {
            setAside(e);
            return new Properties();
        }
    }

    /**
     * A settings file that cannot be read (not UTF-8 text, a broken escape, unreadable) is renamed to
     * {@code settings.properties.corrupt-TIME} so that the user can look at it, reported once, and the defaults
     * are used; the next change writes a fresh file.
     */
    private void setAside(Exception e) {
        String why = e instanceof java.nio.charset.CharacterCodingException ? "it is not UTF-8 text"
                : e instanceof IllegalArgumentException ? "it has a malformed line (" + e.getMessage() + ")"
                : "it cannot be read (" + org.inpaintij.core.Errors.io((IOException) e) + ")";
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + java.time.LocalDateTime.now()
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString().replace(':', '-'));
        String what;
        try {
            Files.move(file, aside);
            what = "it was renamed to " + aside;
        } catch (IOException moveFailed) {
            what = "it could not be renamed (" + org.inpaintij.core.Errors.io(moveFailed) + ")";
        }
        if (REPORTED.add(file)) {
            LOG.warning("The Inpaint-IJ settings file " + file + " is damaged: " + why + "; " + what + ", and the "
                    + "defaults are used (the default model folder; model licences are asked for again).");
        }
    }

    private void update(Consumer<Properties> change) {
        // file locks are held per JVM: threads of one JVM must take turns before asking for one
        synchronized (Settings.class) {
            updateLocked(change);
        }
    }

    private void updateLocked(Consumer<Properties> change) {
        try {
            Files.createDirectories(file.getParent());
            Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = ch.lock()) {
                Properties p = load();
                change.accept(p);
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                try {
                    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                        p.store(w, "Inpaint-IJ settings (model folder, accepted model licences)");
                    }
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
        } catch (IOException e) {
            throw new ModelException("Could not save the Inpaint-IJ settings in " + file + " ("
                    + org.inpaintij.core.Errors.io(e) + "); check that the folder is writable.", e);
        }
    }
}
