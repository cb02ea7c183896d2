package org.inpaintij.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.Monitor;

/**
 * The model folder: one sub-folder per installed model, each with a {@link Manifest}. Work in progress lives in
 * hidden sub-folders ({@code .partial/NAME} for downloads and imports, {@code .trash} for removals,
 * {@code .locks}) that are never taken for models. A model appears only when its complete folder is moved into
 * place in one atomic rename, and disappears the same way, so that a reader never sees half a model.
 */
public final class ModelStore {

    static final String PARTIAL = ".partial";
    static final String TRASH = ".trash";
    static final String LOCKS = ".locks";
    /** Room kept free beyond the model itself, so that a full disk is not the result of an install. */
    static final long MARGIN = 64L << 20;

    private final Path root;
    private final DiskSpace disk;

    /** The model folder at {@code root}, with the file system's own free-space figures. */
    public ModelStore(Path root) {
        this(root, DiskSpace.STANDARD);
    }

    /** The model folder at {@code root}, with a given free-space check. */
    public ModelStore(Path root, DiskSpace disk) {
        this.root = root.toAbsolutePath().normalize();
        this.disk = disk;
    }

    /** The store at {@link ModelsFolder#standard()}. */
    public static ModelStore standard() {
        return new ModelStore(ModelsFolder.standard().path());
    }

    /** The model folder. */
    public Path root() {
        return root;
    }

    /** The folder an installed model called {@code name} has (whether or not it exists). */
    public Path folder(String name) {
        return root.resolve(ModelDescriptor.checkName(name));
    }

    /** Where an install or import of {@code name} keeps its files until they are complete. */
    Path partial(String name) {
        return root.resolve(PARTIAL).resolve(ModelDescriptor.checkName(name));
    }

    /** The installed models, the earliest installed first (ties by name). */
    public List<InstalledModel> installed() {
        List<InstalledModel> out = new ArrayList<>();
        for (Path d : modelDirs()) {
            if (!Files.isRegularFile(d.resolve(Manifest.FILE_NAME))) continue;
            try {
                out.add(new InstalledModel(d.getFileName().toString(), d, Manifest.read(d)));
            } catch (IOException e) {
                // listed by problems(); a damaged model must not hide the others
                continue;
            }
        }
        out.sort(Comparator.comparing((InstalledModel m) -> m.manifest().installedAt())
                .thenComparing(InstalledModel::name));
        return out;
    }

    /** Names of the installed models, in {@link #installed()} order. */
    public List<String> names() {
        return installed().stream().map(InstalledModel::name).toList();
    }

    /**
     * Names of the installed models of the given kinds (as {@link ModelKinds#key} writes them), in
     * {@link #installed()} order: what a method's model choice lists.
     */
    public List<String> names(java.util.Collection<String> kinds) {
        return installed().stream().filter(m -> kinds.contains(ModelKinds.key(m.kind()))).map(InstalledModel::name)
                .toList();
    }

    /**
     * Folders in the model folder that are not usable models, one sentence each: folders without a manifest
     * (copied in by hand, or left by an older version) and damaged manifests.
     */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        for (Path d : modelDirs()) {
            String n = d.getFileName().toString();
            if (!Files.isRegularFile(d.resolve(Manifest.FILE_NAME))) {
                out.add("Folder " + n + " was not installed by Inpaint-IJ: register it with `models import " + d
                        + "`, or use it by its path.");
                continue;
            }
            try {
                Manifest.read(d);
            } catch (IOException e) {
                out.add(e.getMessage() + "; remove the model and install it again.");
            }
        }
        return out;
    }

    /** The installed model called {@code name} (exact name first, then ignoring case). */
    public Optional<InstalledModel> find(String name) {
        if (!ModelDescriptor.validName(name)) return Optional.empty();
        List<InstalledModel> all = installed();
        for (InstalledModel m : all) if (m.name().equals(name)) return Optional.of(m);
        for (InstalledModel m : all) if (m.name().equalsIgnoreCase(name)) return Optional.of(m);
        return Optional.empty();
    }

    /** Bytes already downloaded for an install of {@code name} that did not finish. */
    public long partialBytes(String name) {
        Path p = partial(name);
        if (!Files.isDirectory(p)) return 0;
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Removes an installed model and any unfinished download of it. The folder is first renamed away in one
     * step, so that the model is gone at once even if deleting its files takes a while.
     *
     * @throws BadInputException when there is neither such a model nor an unfinished download of it
     */
    public void remove(String name) {
        ModelDescriptor.checkName(name);
        try (Lock lock = lock(name)) {
            Optional<InstalledModel> m = find(name);
            Path partial = partial(name);
            boolean stray = Files.isDirectory(root.resolve(name));
            if (m.isEmpty() && !Files.isDirectory(partial) && !stray) {
                throw new BadInputException("No model named '" + name + "' is installed in " + root
                        + installedList() + ".");
            }
            Path target = m.map(InstalledModel::folder).orElse(root.resolve(name));
            ModelChanges.changing(target);
            if (Files.isDirectory(target)) {
                Path trash = root.resolve(TRASH).resolve(target.getFileName() + "-" + System.nanoTime());
                Files.createDirectories(trash.getParent());
                Files.move(target, trash, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(trash);
            }
            deleteTree(partial);
        } catch (IOException e) {
            throw new ModelException("Could not remove model '" + name + "' from " + root + " (" + describe(e)
                    + "); close any program that uses its files and try again.", e);
        }
    }

    /**
     * Checks every file of an installed model against its pinned size and SHA-256, and, where a descriptor
     * publishes hashes, against those too; then checks the folder layout.
     *
     * @param published the model's descriptor, or null (imported models, or models no longer in the catalog)
     */
    public VerifyResult verify(String name, ModelDescriptor published, Monitor monitor) {
        InstalledModel m = find(name).orElseThrow(() -> new BadInputException("No model named '" + name
                + "' is installed in " + root + installedList() + "."));
        List<String> problems = new ArrayList<>();
        Progress progress = new Progress(monitor, "Verifying", m.bytes());
        long hashed = 0;
        for (Manifest.PinnedFile f : m.manifest().files()) {
            Path p = m.folder().resolve(f.path());
            progress.item(f.path());
            try {
                if (!Files.isRegularFile(p)) {
                    problems.add(f.path() + " is missing.");
                    progress.add(f.size());
                    continue;
                }
                long size = Files.size(p);
                if (size != f.size()) {
                    problems.add(f.path() + " has " + size + " bytes; " + f.size() + " were installed.");
                    progress.add(f.size());
                    continue;
                }
                String sha = Hashing.file(p, progress, monitor);
                hashed += size;
                if (!sha.equals(f.sha256())) {
                    problems.add(f.path() + " is damaged: its SHA-256 is " + sha + ", " + f.sha256()
                            + " was pinned when it was installed.");
                }
            } catch (IOException e) {
                problems.add(f.path() + " cannot be read (" + describe(e) + ").");
            }
            if (published != null) {
                ModelDescriptor.SourceFile s = published.file(f.path());
                if (s != null && s.sha256() != null && !s.sha256().equals(f.sha256())) {
                    problems.add(f.path() + " is not the published file: the descriptor's SHA-256 is " + s.sha256()
                            + ".");
                }
            }
        }
        for (String p : ModelLayout.problems(m.folder(), m.kind())) problems.add("Layout: " + p);
        if (problems.isEmpty()) {
            // every file matches: its current time is the one to trust from now on
            java.util.Map<String, Long> times = new java.util.LinkedHashMap<>();
            for (Manifest.PinnedFile f : m.manifest().files()) {
                try {
                    long t = modified(m.folder().resolve(f.path()));
                    if (f.modified() == null || f.modified() != t) times.put(f.path(), t);
                } catch (IOException e) {
                    problems.add(f.path() + " cannot be read (" + describe(e) + ").");
                }
            }
            if (!times.isEmpty()) recordModified(m.name(), times);
        }
        monitor.progress(1, "Verified " + name);
        return new VerifyResult(m.name(), problems, hashed);
    }

    /**
     * Records new modification times for files of an installed model that were hashed again and still match their
     * pins, so that the next run trusts them without hashing. Best effort: when the model is locked by another
     * process or its folder is read-only, nothing is recorded and the next run hashes again.
     */
    void recordModified(String name, java.util.Map<String, Long> times) {
        try (Lock lock = lock(name)) {
            Path folder = folder(name);
            Manifest.read(folder).withModified(times).writeTo(folder);
        } catch (IOException | ModelException e) {
            java.util.logging.Logger.getLogger(ModelStore.class.getName()).fine(() -> "Could not record the new "
                    + "modification times of " + name + ": " + e.getMessage());
        }
    }

    /**
     * Brings a model folder that the user exported or downloaded by hand into the model folder: its layout is
     * checked, its files are copied (hidden files and folders, such as {@code .git}, are left out) with their
     * SHA-256 pinned, and the copy is moved into place only when complete. A folder that is already inside the
     * model folder under the same name is registered where it is, without copying. A LaMa or MI-GAN {@code .onnx}
     * file is imported as a model folder holding that one graph, its kind read from the graph's inputs.
     *
     * @param source the folder to import, or a LaMa or MI-GAN {@code .onnx} file
     * @param name the name to give it, or null for the folder's own name (the file's name without {@code .onnx})
     * @param kind what it is, or null to read it from its configuration files (or graph)
     */
    public InstalledModel importFolder(Path source, String name, ModelKind kind, Monitor monitor) {
        Path src = source.toAbsolutePath().normalize();
        String fileName = src.getFileName() == null ? "" : src.getFileName().toString();
        boolean graphFile = Files.isRegularFile(src);
        if (graphFile && !fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".onnx")) {
            throw new BadInputException("Cannot import " + src + ": it is a file but not an .onnx graph; give a model "
                    + "folder (the one that holds model_index.json) or a LaMa or MI-GAN .onnx file.");
        }
        if (!graphFile && !Files.isDirectory(src)) {
            throw new BadInputException("Cannot import " + src + ": no such " + (fileName.endsWith(".onnx") ? "file."
                    : "folder."));
        }
        String n = name != null ? name : graphFile ? fileName.substring(0, fileName.length() - ".onnx".length())
                : fileName;
        if (name == null && !ModelDescriptor.validName(n)) {
            throw new BadInputException("The " + (graphFile ? "file" : "folder") + " name '" + n + "' is not a valid"
                    + " model name: choose one with --name (letters, digits, '.', '_' or '-').");
        }
        ModelDescriptor.checkName(n);
        ModelKind k;
        if (graphFile || (kind != null ? kind.learned() : ModelLayout.looksLearned(src))) {
            Path graph = graphFile ? src : ModelLayout.learnedGraph(src);
            k = LearnedGraph.read(graph).kind();
            if (kind != null && kind != k) {
                throw new BadInputException(graph + " is a " + k.label() + " graph, not " + kind.label() + "; leave "
                        + "the kind out or give " + ModelKinds.key(k) + ".");
            }
        } else {
            ModelLayout.check(src, kind);
            k = kind != null ? kind : ModelLayout.guessKind(src);
        }
        Path base = graphFile ? src.getParent() : src;
        try (Lock lock = lock(n)) {
            if (find(n).isPresent()) {
                throw new BadInputException("A model named '" + n + "' is already installed; remove it first or "
                        + "choose another name with --name.");
            }
            boolean inPlace = !graphFile && src.equals(root.resolve(n));
            List<Path> files = graphFile ? List.of(src) : listFiles(src);
            long total = 0;
            for (Path f : files) total += Files.size(f);
            List<Manifest.PinnedFile> pinned = new ArrayList<>();
            if (inPlace) {
                Progress progress = new Progress(monitor, "Checking", total);
                for (Path f : files) {
                    String rel = relative(base, f);
                    progress.item(rel);
                    long modified = modified(f);
                    pinned.add(new Manifest.PinnedFile(rel, Files.size(f), Hashing.file(f, progress, monitor),
                            Manifest.BY_IMPORT, modified));
                }
                ModelChanges.changing(src);
                manifestFor(n, k, src, pinned).writeTo(src);
                monitor.progress(1, "Imported " + n);
                return find(n).orElseThrow();
            }
            ensureSpace(total, "import " + src);
            Path staging = partial(n);
            deleteTree(staging);
            Files.createDirectories(staging);
            try {
                Progress progress = new Progress(monitor, "Copying", total);
                for (Path f : files) {
                    String rel = relative(base, f);
                    progress.item(rel);
                    Path out = staging.resolve(rel);
                    Files.createDirectories(out.getParent());
                    String sha = copy(f, out, progress, monitor);
                    pinned.add(new Manifest.PinnedFile(rel, Files.size(out), sha, Manifest.BY_IMPORT, modified(out)));
                }
                manifestFor(n, k, src, pinned).writeTo(staging);
                moveIntoPlace(staging, n);
            } catch (IOException | RuntimeException e) {
                deleteTree(staging);
                throw e;
            }
            monitor.progress(1, "Imported " + n);
            return find(n).orElseThrow();
        } catch (IOException e) {
            throw new ModelException("Could not import " + src + " into " + root + " (" + describe(e) + ").", e);
        }
    }

    private static Manifest manifestFor(String name, ModelKind kind, Path src, List<Manifest.PinnedFile> files) {
        return new Manifest(name, name, kind, Manifest.IMPORT, src.toString(), null,
                new ModelDescriptor.Defaults(null, null, null, null, null), Instant.now(), files);
    }

    private static String copy(Path from, Path to, Progress progress, Monitor monitor) throws IOException {
        MessageDigest md = Hashing.sha256();
        byte[] buf = new byte[Hashing.BUFFER];
        try (InputStream in = Files.newInputStream(from); OutputStream out = Files.newOutputStream(to)) {
            int r;
            while ((r = in.read(buf)) >= 0) {
                monitor.checkCancelled();
                out.write(buf, 0, r);
                md.update(buf, 0, r);
                progress.add(r);
            }
        }
        return Hashing.hex(md);
    }

    /** Regular files under a folder, following links, leaving out hidden files and folders and any manifest. */
    private static List<Path> listFiles(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), 16, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                return !d.equals(dir) && d.getFileName().toString().startsWith(".") ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
                String n = f.getFileName().toString();
                if (a.isRegularFile() && !n.startsWith(".") && !(f.getParent().equals(dir)
                        && n.equals(Manifest.FILE_NAME))) {
                    out.add(f);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** A file's modification time in epoch milliseconds, as the manifest records it. */
    static long modified(Path f) throws IOException {
        return Files.getLastModifiedTime(f).toMillis();
    }

    private static String relative(Path dir, Path f) {
        return dir.relativize(f).toString().replace('\\', '/');
    }

    /**
     * Checks that {@code bytes} more fit in the model folder (with a margin).
     *
     * @throws ModelException naming what is needed and what is free
     */
    void ensureSpace(long bytes, String what) {
        long free;
        try {
            free = disk.usable(root);
        } catch (IOException e) {
            throw new ModelException("Could not find out the free disk space in " + root + " (" + describe(e)
                    + ").", e);
        }
        if (bytes + MARGIN > free) {
            throw new ModelException("Not enough free disk space to " + what + ": it needs about "
                    + Bytes.format(bytes + MARGIN) + " in " + root + " but only " + Bytes.format(free)
                    + " are free; free some space or choose another model folder (models set-folder DIR).");
        }
    }

    /** Moves a complete staged folder into place as model {@code name}, in one atomic rename. */
    void moveIntoPlace(Path staged, String name) throws IOException {
        Path target = folder(name);
        ModelChanges.changing(target);
        if (Files.exists(target)) {
            // a previous install without a manifest (a stray folder): move it out of the way first
            Path trash = root.resolve(TRASH).resolve(name + "-" + System.nanoTime());
            Files.createDirectories(trash.getParent());
            Files.move(target, trash, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(trash);
        }
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new ModelException("The model folder " + root + " does not support atomic renames, which "
                    + "Inpaint-IJ needs so that a half-installed model is never used; choose a local folder.", e);
        }
    }

    /** Takes the lock for work on model {@code name}, so that two processes never write the same model. */
    Lock lock(String name) {
        Path file = root.resolve(LOCKS).resolve(ModelDescriptor.checkName(name) + ".lock");
        try {
            Files.createDirectories(file.getParent());
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                ch.close();
                throw new ModelException("Another install, import or removal of model '" + name + "' is running"
                        + " (lock " + file + "); wait for it to finish.");
            }
            return new Lock(ch, l);
        } catch (IOException e) {
            throw new ModelException("Could not write in the model folder " + root + " (" + describe(e)
                    + "); check that it is writable or choose another one (models set-folder DIR).", e);
        }
    }

    /** A held lock; closing releases it. */
    static final class Lock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private Lock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() throws IOException {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    String installedList() {
        List<String> n = names();
        return n.isEmpty() ? " (no model is installed)" : " (installed: " + String.join(", ", n) + ")";
    }

    private List<Path> modelDirs() {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(root)) return out;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path d : ds) {
                if (Files.isDirectory(d) && !d.getFileName().toString().startsWith(".")) out.add(d);
            }
        } catch (IOException e) {
            throw new ModelException("Could not list the model folder " + root + " (" + describe(e) + ").", e);
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                Files.deleteIfExists(f);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) throw e;
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** An I/O error in a few words ("no such file X", "permission denied", ...). */
    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) return "no such file " + e.getMessage();
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(java.util.Locale.ROOT)
                    + (f.getFile() != null ? ": " + f.getFile() : "");
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
