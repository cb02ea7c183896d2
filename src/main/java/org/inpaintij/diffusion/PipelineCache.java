package org.inpaintij.diffusion;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.inpaintij.core.Closing;
import org.inpaintij.diffusion.zimage.ZImagePipeline;
import org.inpaintij.models.ZImageFolder;
import org.inpaintij.onnx.DeviceSpec;

/**
 * Open pipelines kept between runs, one per model folder and device, because opening the sessions of a real
 * model takes seconds. The cache owns them: callers use a pipeline and never close it; {@link #release}
 * closes the ones of a folder (the shared cache is told by {@link org.inpaintij.models.ModelChanges} when the
 * model manager removes or replaces one), {@link #close} all.
 */
public final class PipelineCache implements AutoCloseable {

    private static final PipelineCache SHARED = new PipelineCache();

    static {
        // a model removed or reinstalled by the model manager must not go on running from its old sessions
        org.inpaintij.models.ModelChanges.onChange(SHARED::release);
    }

    private final Map<String, Pipeline> open = new LinkedHashMap<>();

    /** An empty cache; the plugin uses {@link #shared()}. */
    public PipelineCache() {
        // pipelines are opened on demand by get()
    }

    /** The process-wide cache the plugin and the command line use. */
    public static PipelineCache shared() {
        return SHARED;
    }

    private static String key(Path folder, String device) {
        return folder.toAbsolutePath().normalize() + "|" + DeviceSpec.parse(device);
    }

    /**
     * Opens the pipeline of a model folder: {@link ZImagePipeline} for a Z-Image export, {@link DiffusionPipeline}
     * for a Stable Diffusion folder. The caller owns it.
     */
    public static Pipeline open(Path folder, String device) {
        return ZImageFolder.isZImage(folder) ? ZImagePipeline.open(folder, device) : DiffusionPipeline.open(folder, device);
    }

    /** The pipeline of {@code folder} on {@code device}, opened on first use. */
    public synchronized Pipeline get(Path folder, String device) {
        String k = key(folder, device);
        Pipeline p = open.get(k);
        if (p == null) {
            p = open(folder, device);
            open.put(k, p);
        }
        return p;
    }

    /** Whether the pipeline of {@code folder} on {@code device} is open already (the next get is quick). */
    public synchronized boolean isOpen(Path folder, String device) {
        return open.containsKey(key(folder, device));
    }

    /** How many pipelines are open. */
    public synchronized int size() {
        return open.size();
    }

    /** Closes the pipelines of {@code folder}, on every device. */
    public synchronized void release(Path folder) {
        String prefix = folder.toAbsolutePath().normalize() + "|";
        List<Pipeline> gone = new ArrayList<>();
        open.entrySet().removeIf(e -> {
            if (!e.getKey().startsWith(prefix)) return false;
            gone.add(e.getValue());
            return true;
        });
        Closing.all(gone, Pipeline::close);
    }

    /** Closes every pipeline. */
    @Override
    public synchronized void close() {
        List<Pipeline> gone = new ArrayList<>(open.values());
        open.clear();
        Closing.all(gone, Pipeline::close);
    }
}
