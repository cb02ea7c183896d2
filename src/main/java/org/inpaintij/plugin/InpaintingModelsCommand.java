package org.inpaintij.plugin;

import java.util.LinkedHashMap;
import java.util.Map;

import org.inpaintij.core.CancelledException;
import org.inpaintij.ij.Feedback;
import org.inpaintij.ij.IJMonitor;
import org.inpaintij.models.ModelManager;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * The model manager as a SciJava command: one action per call, with the keys of
 * {@code run("Inpainting Models...", ...)}, done by the same {@link ModelsMacro}; the report (the list, or one
 * line) comes back as an output.
 */
@Plugin(type = Command.class, label = "Inpainting Models", headless = true,
        description = "Lists, installs, verifies, imports and removes inpainting models; sets the model folder")
public class InpaintingModelsCommand extends ContextCommand {

    @Parameter(label = "Action", description = "list, install, verify, remove, import or set-folder",
            choices = {"list", "install", "verify", "remove", "import", "set-folder"}, persist = false)
    String action = "list";

    @Parameter(label = "Model", description = "the model to install, verify or remove", required = false,
            persist = false)
    String model;

    @Parameter(label = "Folder", description = "the folder to import, or the new model folder", required = false,
            persist = false)
    String folder;

    @Parameter(label = "Name", description = "the name of an imported model (default: its folder's name)",
            required = false, persist = false)
    String name;

    @Parameter(label = "Kind", description = "the kind of an imported model (default: read from its files)",
            required = false, persist = false)
    String kind;

    @Parameter(label = "Accept the licence", description = "accepts the model's licence, which install needs",
            required = false, persist = false)
    boolean accept_license;

    @Parameter(label = "Mirror", description = "a base URL that replaces every download source", required = false,
            persist = false)
    String base_url;

    @Parameter(type = ItemIO.OUTPUT, label = "Report")
    String report;

    @Override
    public void run() {
        Map<String, String> options = new LinkedHashMap<>();
        put(options, ModelsMacro.ACTION, action);
        put(options, ModelsMacro.MODEL, model);
        put(options, ModelsMacro.FOLDER, folder);
        put(options, ModelsMacro.NAME, name);
        put(options, ModelsMacro.KIND, kind);
        put(options, ModelsMacro.BASE_URL, base_url);
        if (accept_license) options.put(ModelsMacro.ACCEPT, "true");
        IJMonitor monitor = new IJMonitor(InpaintingModels.TITLE);
        try {
            report = ModelsMacro.run(options, ModelManager.standard(null, ModelsMacro.mirror(options)), monitor);
            monitor.done(InpaintingModels.TITLE + ": done");
        } catch (CancelledException e) {
            monitor.done("");
            cancel(InpaintingModels.TITLE + " was cancelled; what was downloaded is kept, and installing again "
                    + "resumes it.");
        } catch (RuntimeException | OutOfMemoryError e) {
            monitor.done("");
            Feedback.debug(e);
            cancel(Feedback.sentence(e));
        }
    }

    private static void put(Map<String, String> m, String key, String value) {
        if (value != null && !value.isBlank()) m.put(key, value);
    }
}
