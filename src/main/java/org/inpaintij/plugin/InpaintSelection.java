package org.inpaintij.plugin;

import java.util.List;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.YesNoCancelDialog;
import ij.plugin.PlugIn;

import org.inpaintij.core.CancelledException;
import org.inpaintij.core.Engines;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Option;
import org.inpaintij.core.Output;
import org.inpaintij.core.Requests;
import org.inpaintij.ij.Feedback;
import org.inpaintij.ij.IJMonitor;
import org.inpaintij.ij.ImageInpainter;
import org.inpaintij.ij.MacroOptions;

/** Plugins > Inpainting > Inpaint Selection...: fills the active image's selection (or mask). */
public class InpaintSelection implements PlugIn {

    static final String TITLE = "Inpaint Selection";

    @Override
    public void run(String arg) {
        ImagePlus imp = WindowManager.getCurrentImage();
        if (imp == null) {
            IJ.error(TITLE, "There is no image open: open the image to repair and select the region to fill.");
            return;
        }
        String macro = Macro.getOptions();
        fill(TITLE, imp, macro, OptionDialogs.inpaintKeys(), () -> OptionDialogs.inpaint(imp, TITLE));
    }

    /**
     * What Inpaint Selection... and Generative Fill... do once they have an image: the values from the macro
     * options or the dialog, a random seed drawn and the full option set recorded (so the recorded line gives the
     * same pixels again), the fill with its live preview, and the result shown.
     */
    static void fill(String title, ImagePlus imp, String macro, List<String> keys,
            java.util.function.Supplier<Map<String, String>> dialog) {
        IJMonitor monitor = new IJMonitor(title);
        try {
            Map<String, String> values;
            if (macro != null) {
                values = MacroOptions.parse(macro);
                MacroOptions.checkKeys(values, keys, title);
                if (!keys.contains(Option.METHOD.key())) values.put(Option.METHOD.key(), "diffusion");
            } else {
                values = dialog.get();
                if (values == null) return; // the user cancelled the dialog
            }
            InpaintRequest req = Requests.parse(values).withSeedDrawn();
            Feedback.ignoredOptions(title, values);
            if (macro == null) {
                if (needsConfirmation(imp, req)) {
                    if (!confirmNoUndo(imp, title)) return;
                    values.put(Option.NO_UNDO.key(), "true");
                    req = Requests.parse(values).withSeedDrawn();
                }
                if (values.containsKey(Option.SEED.key()) && req.seed() != null) {
                    values.put(Option.SEED.key(), Long.toString(req.seed()));
                }
                if (!keys.contains(Option.METHOD.key())) values.remove(Option.METHOD.key());
                Form.record(values);
            }
            ImageInpainter.Result r;
            // a model's run is long: a window with a Cancel button beside it
            try (ProgressWindow window = Engines.get(req.method()).modelKinds().isEmpty() ? null
                    : ProgressWindow.open(title, imp, monitor)) {
                r = ImageInpainter.runWatched(imp, req, window != null ? window : monitor);
            }
            if (req.output() == Output.NEW) r.image().show();
            monitor.done(title + ": done (" + req.method() + (req.seed() != null ? ", seed " + req.seed() : "")
                    + ")");
        } catch (CancelledException e) {
            monitor.done(title + ": cancelled; the image is unchanged");
        } catch (RuntimeException | OutOfMemoryError e) {
            monitor.done("");
            Feedback.error(title, e);
        }
    }

    private static boolean needsConfirmation(ImagePlus imp, InpaintRequest req) {
        return req.output() == Output.IN_PLACE && req.stack() && imp.getStackSize() > 1 && !req.noUndo();
    }

    private static boolean confirmNoUndo(ImagePlus imp, String title) {
        YesNoCancelDialog d = new YesNoCancelDialog(IJ.getInstance(), title, "Filling all " + imp.getStackSize()
                + " slices of '" + imp.getTitle() + "' in place cannot be undone.\nContinue?");
        return d.yesPressed();
    }
}
