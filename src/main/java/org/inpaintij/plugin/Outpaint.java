package org.inpaintij.plugin;

import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import org.inpaintij.core.CancelledException;
import org.inpaintij.core.Engines;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Option;
import org.inpaintij.core.Requests;
import org.inpaintij.ij.Feedback;
import org.inpaintij.ij.IJMonitor;
import org.inpaintij.ij.MacroOptions;
import org.inpaintij.ij.Outpainter;

/** Plugins > Inpainting > Outpaint...: a larger canvas whose new border is filled; the original is kept. */
public class Outpaint implements PlugIn {

    static final String TITLE = "Outpaint";

    @Override
    public void run(String arg) {
        ImagePlus imp = WindowManager.getCurrentImage();
        if (imp == null) {
            IJ.error(TITLE, "There is no image open: open the image to extend first.");
            return;
        }
        IJMonitor monitor = new IJMonitor(TITLE);
        try {
            String macro = Macro.getOptions();
            Map<String, String> values;
            if (macro != null) {
                values = MacroOptions.parse(macro);
                MacroOptions.checkKeys(values, OptionDialogs.outpaintKeys(), TITLE);
            } else {
                values = dialog();
                if (values == null) return;
            }
            InpaintRequest req = Requests.parse(values).withSeedDrawn();
            Feedback.ignoredOptions(TITLE, values);
            if (macro == null) {
                if (values.containsKey(Option.SEED.key()) && req.seed() != null) {
                    values.put(Option.SEED.key(), Long.toString(req.seed()));
                }
                Form.record(values);
            }
            Outpainter.Border border = Outpainter.Border.parse(values);
            ImagePlus out = Outpainter.run(imp, req, border, monitor).image();
            out.show();
            monitor.done(TITLE + ": done (" + req.method() + ")");
        } catch (CancelledException e) {
            monitor.done(TITLE + ": cancelled");
        } catch (RuntimeException | OutOfMemoryError e) {
            monitor.done("");
            Feedback.error(TITLE, e);
        }
    }

    private static Map<String, String> dialog() {
        Form f = new Form(new GenericDialog(TITLE));
        f.choice(Option.METHOD, Engines.names(), ij.Prefs.get("inpaintij.outpaint.method", "auto"));
        for (Option o : BORDER) {
            f.number(o, ij.Prefs.get("inpaintij.outpaint." + o.key(), Double.parseDouble(o.defaultValue())), 0);
        }
        f.gd.showDialog();
        if (f.gd.wasCanceled()) return null;
        Map<String, String> v = f.values();
        v.forEach((k, val) -> ij.Prefs.set("inpaintij.outpaint." + k, val));
        return OptionDialogs.methodOptions(v, TITLE) ? v : null;
    }

    private static final Option[] BORDER = {Option.LEFT, Option.RIGHT, Option.TOP, Option.BOTTOM, Option.OVERLAP,
        Option.FEATHER};
}
