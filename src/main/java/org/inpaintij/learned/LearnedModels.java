package org.inpaintij.learned;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.inpaintij.core.Closing;
import org.inpaintij.onnx.DeviceSpec;

/**
 * Open learned-fill models kept between fills, one per graph file and device, because opening LaMa's 200 MB graph
 * takes seconds and a stack or a batch fills many planes with it. The cache owns them: callers use a model and
 * never close it. A file that changed on disk (size or modification time) since it was opened is opened again,
 * and the old session closed; the model manager's removal of a model closes its sessions first
 * ({@link org.inpaintij.models.ModelChanges}).
 */
public final class LearnedModels implements AutoCloseable {

    private static final LearnedModels SHARED = new LearnedModels();

    static {
        // a model about to be removed or replaced is closed first, so it is never used from a stale session
        org.inpaintij.models.ModelChanges.onChange(SHARED::release);
    }

    private record Entry(String stamp, LearnedModel model) {}

    private final Map<String, Entry> open = new LinkedHashMap<>();

    /** An empty cache; the engines use {@link #shared()}. */
    public LearnedModels() {
        // models are opened on demand by get()
    }

    /** The process-wide cache the engines use. */
    public static LearnedModels shared() {
        return SHARED;
    }

    private static String key(Path file, String device) {
        return file.toAbsolutePath().normalize() + "|" + DeviceSpec.parse(device);
    }

    private static String stamp(Path file) {
        try {
            return Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            // a missing file is reported by the open that follows, in its own words
            return "missing";
        }
    }

    /** Whether {@code file} is open on {@code device} and unchanged (the next {@link #get} is quick). */
    public synchronized boolean isOpen(Path file, String device) {
        Entry e = open.get(key(file, device));
        return e != null && e.stamp().equals(stamp(file));
    }

    /** The model of {@code file} on {@code device}, opened on first use or when the file changed. */
    public synchronized LearnedModel get(Path file, String device) {
        String k = key(file, device), stamp = stamp(file);
        Entry e = open.get(k);
        if (e != null && e.stamp().equals(stamp)) return e.model();
        if (e != null) {
            open.remove(k);
            e.model().close();
        }
        LearnedModel m = LearnedModel.open(file, device);
        open.put(k, new Entry(stamp, m));
        return m;
    }

    /** Closes the models whose graph is in {@code folder} (a model being removed or replaced), on every device. */
    public synchronized void release(Path folder) {
        Path f = folder.toAbsolutePath().normalize();
        List<Entry> gone = new ArrayList<>();
        open.values().removeIf(e -> {
            if (!e.model().file().toAbsolutePath().normalize().startsWith(f)) return false;
            gone.add(e);
            return true;
        });
        Closing.all(gone, e -> e.model().close());
    }

    /** How many models are open. */
    public synchronized int size() {
        return open.size();
    }

    /** Closes every model. */
    @Override
    public synchronized void close() {
        List<Entry> gone = new ArrayList<>(open.values());
        open.clear();
        Closing.all(gone, e -> e.model().close());
    }
}
