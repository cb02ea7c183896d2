package org.inpaintij.models;

import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The text of {@code Inpainting Info} and {@code info}: versions, Java and memory, the model folder with the
 * installed models, and the device section that the ONNX layer writes (execution providers, the result of
 * actually trying CUDA, and so the device a run will use). Plain text, so that it can be pasted into a bug
 * report as it is.
 */
public final class InfoReport {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private InfoReport() {}

    /**
     * What the caller knows that this layer does not.
     *
     * @param pluginVersion the plugin's version
     * @param onnxRuntimeBuilt the ONNX Runtime version the plugin was built against
     * @param host where it runs, e.g. "ImageJ 1.54p" or "command line"
     * @param devices gives the ONNX layer's own description of providers, the CUDA probe and the device used; it
     *     is called once, and when ONNX Runtime cannot even load, that failure becomes the section
     */
    public record Inputs(String pluginVersion, String onnxRuntimeBuilt, String host, Supplier<String> devices) {}

    /** The report for a model folder. */
    public static String build(Inputs in, ModelsFolder.Resolved folder, DiskSpace disk) {
        StringBuilder sb = new StringBuilder();
        sb.append("Inpaint-IJ ").append(in.pluginVersion()).append(" (").append(in.host()).append(")\n");
        sb.append("Built against ONNX Runtime ").append(in.onnxRuntimeBuilt()).append('\n');
        sb.append("Java ").append(System.getProperty("java.version")).append(" (")
                .append(System.getProperty("java.vendor")).append(", ").append(System.getProperty("java.home"))
                .append(")\n");
        sb.append("OS ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(' ').append(System.getProperty("os.arch")).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" CPU cores\n");
        Runtime rt = Runtime.getRuntime();
        sb.append("Memory: ").append(Bytes.format(rt.maxMemory())).append(" maximum heap, ")
                .append(Bytes.format(rt.totalMemory() - rt.freeMemory())).append(" in use\n");
        sb.append('\n');
        sb.append("Model folder: ").append(folder.describe()).append('\n');
        try {
            sb.append("Free disk space there: ").append(Bytes.format(disk.usable(folder.path()))).append('\n');
        } catch (IOException e) {
            sb.append("Free disk space there: unknown (").append(ModelStore.describe(e)).append(")\n");
        }
        ModelStore store = new ModelStore(folder.path(), disk);
        List<InstalledModel> models = store.installed();
        if (models.isEmpty()) {
            sb.append("Installed models: none (install one with Plugins > Inpainting > Inpainting Models... or "
                    + "`java -jar inpaint-ij.jar models install NAME`)\n");
        } else {
            sb.append("Installed models (the first is used when no model is given):\n");
            int w = models.stream().mapToInt(m -> m.name().length()).max().orElse(4);
            for (InstalledModel m : models) {
                String note = m.manifest().trustNote();
                sb.append(String.format(Locale.ROOT, "  %-" + w + "s  %-10s  %8s  installed %s  checksum %s%s%n",
                        m.name(), ModelKinds.key(m.kind()), Bytes.format(m.bytes()),
                        DATE.format(m.manifest().installedAt()), m.manifest().checksum().substring(0, 12),
                        note == null ? "" : "  (" + note + ")"));
            }
        }
        for (String p : store.problems()) sb.append("Note: ").append(p).append('\n');
        sb.append('\n');
        sb.append(devices(in.devices()).strip()).append('\n');
        return sb.toString();
    }

    private static String devices(Supplier<String> probe) {
        try {
            return probe.get();
        } catch (RuntimeException | LinkageError e) {
            // a missing native library is exactly what this report is for: say it instead of failing
            return "ONNX Runtime could not be loaded, so diffusion cannot run here: " + e
                    + "\n(the model-free methods do not need it)";
        }
    }
}
