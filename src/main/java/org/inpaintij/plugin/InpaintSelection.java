package org.inpaintij.plugin;

import java.util.LinkedHashMap;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.YesNoCancelDialog;
import ij.plugin.PlugIn;
import ij.plugin.frame.Recorder;

import org.inpaintij.core.CancelledException;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Option;
import org.inpaintij.core.Output;
import org.inpaintij.core.Requests;
import org.inpaintij.ij.Feedback;
import org.inpaintij.ij.IJMonitor;
import org.inpaintij.ij.ImageInpainter;
import org.inpaintij.ij.MacroOptions;
import org.inpaintij.ij.MaskSource;

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
        IJMonitor monitor = new IJMonitor(TITLE);
        try {
            String macro = Macro.getOptions();
            Map<String, String> values = macro != null ? fromMacro(macro) : OptionDialogs.inpaint(imp, TITLE);
            if (values == null) return; // the user cancelled the dialog
            InpaintRequest req = Requests.parse(values);
            Feedback.ignoredOptions(TITLE, values);
            if (macro == null && needsConfirmation(imp, req)) {
                if (!confirmNoUndo(imp)) return;
                req = Requests.parse(with(values, Option.NO_UNDO.key(), "true"));
                if (Recorder.record) Recorder.recordOption(Option.NO_UNDO.key());
            }
            ImageInpainter.Result r = ImageInpainter.run(imp, MaskSource.of(imp, req), req, monitor);
            if (req.output() == Output.NEW) r.image().show();
            monitor.done(TITLE + ": done (" + req.method() + ")");
        } catch (CancelledException e) {
            monitor.done(TITLE + ": cancelled; the image is unchanged");
        } catch (RuntimeException | OutOfMemoryError e) {
            monitor.done("");
            Feedback.error(TITLE, e);
        }
    }

    static Map<String, String> fromMacro(String options) {
        Map<String, String> values = MacroOptions.parse(options);
        MacroOptions.checkKeys(values, OptionDialogs.inpaintKeys(), TITLE);
        return values;
    }

    private static boolean needsConfirmation(ImagePlus imp, InpaintRequest req) {
        return req.output() == Output.IN_PLACE && req.stack() && imp.getStackSize() > 1 && !req.noUndo();
    }

    private static boolean confirmNoUndo(ImagePlus imp) {
        YesNoCancelDialog d = new YesNoCancelDialog(IJ.getInstance(), TITLE, "Filling all " + imp.getStackSize()
                + " slices of '" + imp.getTitle() + "' in place cannot be undone.\nContinue?");
        return d.yesPressed();
    }

    private static Map<String, String> with(Map<String, String> m, String k, String v) {
        Map<String, String> out = new LinkedHashMap<>(m);
        out.put(k, v);
        return out;
    }
}
