package org.inpaintij.plugin;

import java.util.Map;

import ij.IJ;
import ij.Macro;
import ij.plugin.PlugIn;

import org.inpaintij.core.CancelledException;
import org.inpaintij.ij.Feedback;
import org.inpaintij.ij.IJMonitor;
import org.inpaintij.ij.MacroOptions;
import org.inpaintij.models.ModelManager;

/**
 * Plugins > Inpainting > Inpainting Models...: lists, installs, verifies, imports and removes diffusion models
 * and sets the model folder, in a window; from a macro, one action per call (see {@link ModelsMacro}).
 */
public class InpaintingModels implements PlugIn {

    static final String TITLE = "Inpainting Models";

    @Override
    public void run(String arg) {
        String macro = Macro.getOptions();
        if (macro == null && !java.awt.GraphicsEnvironment.isHeadless()) {
            ModelsWindow.open();
            return;
        }
        IJMonitor monitor = new IJMonitor(TITLE);
        try {
            Map<String, String> options = MacroOptions.parse(macro == null ? "" : macro);
            String result = ModelsMacro.run(options, ModelManager.standard(null, ModelsMacro.mirror(options)), monitor);
            monitor.done(TITLE + ": done");
            IJ.log(result.strip());
        } catch (CancelledException e) {
            monitor.done(TITLE + ": cancelled; what was downloaded is kept, and installing again resumes it");
        } catch (RuntimeException | OutOfMemoryError e) {
            monitor.done("");
            Feedback.error(TITLE, e);
        }
    }
}
