package org.inpaintij.plugin;

import java.util.LinkedHashMap;
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
            InpaintRequest req = Requests.parse(values);
            Feedback.ignoredOptions(TITLE, values);
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
        GenericDialog gd = new GenericDialog(TITLE);
        String[] methods = Engines.names().toArray(new String[0]);
        gd.addChoice(Option.METHOD.label(), methods, ij.Prefs.get("inpaintij.outpaint.method", "auto"));
        for (Option o : new Option[] {Option.LEFT, Option.RIGHT, Option.TOP, Option.BOTTOM, Option.OVERLAP,
                Option.FEATHER}) {
            gd.addNumericField(o.label(), ij.Prefs.get("inpaintij.outpaint." + o.key(),
                    Double.parseDouble(o.defaultValue())), 0);
        }
        gd.showDialog();
        if (gd.wasCanceled()) return null;
        Map<String, String> v = new LinkedHashMap<>();
        v.put(Option.METHOD.key(), gd.getNextChoice());
        ij.Prefs.set("inpaintij.outpaint.method", v.get(Option.METHOD.key()));
        for (Option o : new Option[] {Option.LEFT, Option.RIGHT, Option.TOP, Option.BOTTOM, Option.OVERLAP,
                Option.FEATHER}) {
            double d = gd.getNextNumber();
            ij.Prefs.set("inpaintij.outpaint." + o.key(), d);
            v.put(o.key(), d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d));
        }
        return OptionDialogs.methodOptions(v, TITLE) ? v : null;
    }
}
