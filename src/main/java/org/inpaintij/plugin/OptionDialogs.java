package org.inpaintij.plugin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ij.ImagePlus;
import ij.Prefs;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.PointRoi;

import org.inpaintij.core.Engines;
import org.inpaintij.core.InpaintEngine;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Option;

/**
 * The dialogs, built from {@link Option} so that labels, macro keys and defaults cannot drift. A first dialog
 * asks for what every method shares; a second one for the options of the chosen method. ImageJ's recorder
 * records both into one macro line. The last values are remembered in ImageJ's preferences.
 */
final class OptionDialogs {

    /** Every macro key Inpaint Selection... accepts. */
    static List<String> inpaintKeys() {
        return Option.forInpaint().stream().map(Option::key).toList();
    }

    /** Every macro key Outpaint... accepts. */
    static List<String> outpaintKeys() {
        return Option.forOutpaint().stream().map(Option::key).toList();
    }

    /** Asks for the options of Inpaint Selection...; null when the user cancels. */
    static Map<String, String> inpaint(ImagePlus imp, String title) {
        GenericDialog gd = new GenericDialog(title);
        choice(gd, Option.METHOD, Engines.names());
        choice(gd, Option.OUTPUT, Option.OUTPUT.choices());
        List<String> masks = maskChoices(imp);
        gd.addChoice(Option.MASK.label(), masks.toArray(new String[0]), masks.get(0));
        boolean stack = imp.getStackSize() > 1;
        if (stack) gd.addCheckbox(Option.STACK.label(), Prefs.get(pref(Option.STACK), false));
        number(gd, Option.GROW);
        number(gd, Option.FEATHER);
        boolean points = imp.getRoi() instanceof PointRoi;
        if (points) number(gd, Option.POINT_RADIUS);
        gd.showDialog();
        if (gd.wasCanceled()) return null;
        Map<String, String> v = new LinkedHashMap<>();
        v.put(Option.METHOD.key(), remember(Option.METHOD, gd.getNextChoice()));
        v.put(Option.OUTPUT.key(), remember(Option.OUTPUT, gd.getNextChoice()));
        v.put(Option.MASK.key(), gd.getNextChoice());
        if (stack) v.put(Option.STACK.key(), remember(Option.STACK, Boolean.toString(gd.getNextBoolean())));
        v.put(Option.GROW.key(), remember(Option.GROW, integer(gd.getNextNumber())));
        v.put(Option.FEATHER.key(), remember(Option.FEATHER, integer(gd.getNextNumber())));
        if (points) v.put(Option.POINT_RADIUS.key(), remember(Option.POINT_RADIUS, integer(gd.getNextNumber())));
        return methodOptions(v, title) ? v : null;
    }

    /** The second dialog: the chosen method's own options, if it has any. False when the user cancels. */
    static boolean methodOptions(Map<String, String> v, String title) {
        String method = v.get(Option.METHOD.key());
        InpaintEngine engine = Engines.get(method);
        Set<Option> opts = engine.options();
        if (opts.isEmpty()) return true;
        List<Option> order = new ArrayList<>(opts);
        order.sort(null);
        if (opts.contains(Option.MODEL)) {
            // the model decides the other defaults, so it is asked first
            GenericDialog gm = new GenericDialog(title + ": " + method + " model");
            List<String> installed = engine.installedModels();
            String last = Prefs.get(pref(Option.MODEL), "");
            // the last model when this method can run it (or it is a path), else the method's first installed one
            boolean lastFits = installed.contains(last) || (!last.isEmpty() && (installed.isEmpty()
                    || last.contains("/") || last.contains(java.io.File.separator)));
            gm.addStringField(Option.MODEL.label(), lastFits || installed.isEmpty() ? last : installed.get(0), 40);
            gm.addMessage(installed.isEmpty()
                    ? "No model for " + method + " is installed: type the path of one, or install one with "
                            + "Inpainting Models..."
                    : "Installed for " + method + ": " + String.join(", ", installed) + "; or type the path of one.");
            gm.showDialog();
            if (gm.wasCanceled()) return false;
            v.put(Option.MODEL.key(), remember(Option.MODEL, gm.getNextString().trim()));
            order.remove(Option.MODEL);
        }
        ij.IJ.showStatus(title + ": reading the defaults of " + method + "...");
        Map<Option, String> defaults = engine.dialogDefaults(v);
        GenericDialog gd = new GenericDialog(title + ": " + method);
        // numbers whose default is the method's own and that it did not supply: a text field, blank = its own
        Set<Option> asText = java.util.EnumSet.noneOf(Option.class);
        for (Option o : order) {
            String def = defaults.get(o);
            switch (o.kind()) {
                case CHOICE -> choice(gd, o, o.choices());
                case FLAG -> gd.addCheckbox(o.label(), Prefs.get(pref(o), false));
                case TEXT -> gd.addStringField(o.label(), def != null ? def : Prefs.get(pref(o),
                        o.defaultValue() == null ? "" : o.defaultValue()), 40);
                default -> {
                    if (def != null) {
                        gd.addNumericField(o.label(), Double.parseDouble(def), o.kind() == Option.Kind.DECIMAL ? 2 : 0);
                    } else if (o.defaultValue() == null) {
                        asText.add(o);
                        gd.addStringField(o.label(), "", 8);
                    } else {
                        number(gd, o);
                    }
                }
            }
        }
        gd.showDialog();
        if (gd.wasCanceled()) return false;
        for (Option o : order) {
            String val;
            if (asText.contains(o)) {
                val = gd.getNextString().trim();
            } else {
                val = switch (o.kind()) {
                    case CHOICE -> gd.getNextChoice();
                    case FLAG -> Boolean.toString(gd.getNextBoolean());
                    case TEXT -> gd.getNextString();
                    case DECIMAL -> Double.toString(gd.getNextNumber());
                    default -> integer(gd.getNextNumber());
                };
            }
            v.put(o.key(), remember(o, val));
        }
        return true;
    }

    private static List<String> maskChoices(ImagePlus imp) {
        List<String> out = new ArrayList<>();
        out.add(InpaintRequest.MASK_SELECTION);
        if (imp.getBitDepth() == 32) out.add(InpaintRequest.MASK_NAN);
        for (int id : WindowManager.getIDList() == null ? new int[0] : WindowManager.getIDList()) {
            ImagePlus other = WindowManager.getImage(id);
            if (other != null && other != imp && other.getWidth() == imp.getWidth()
                    && other.getHeight() == imp.getHeight()) {
                out.add(other.getTitle());
            }
        }
        // no selection on a float image with NaNs: NaN is the likely intent
        if (imp.getRoi() == null && out.contains(InpaintRequest.MASK_NAN)) {
            out.remove(InpaintRequest.MASK_NAN);
            out.add(0, InpaintRequest.MASK_NAN);
        }
        return out;
    }

    private static void choice(GenericDialog gd, Option o, List<String> items) {
        String last = Prefs.get(pref(o), o.defaultValue());
        gd.addChoice(o.label(), items.toArray(new String[0]), items.contains(last) ? last : o.defaultValue());
    }

    /** A numeric field for an option with a default of its own. */
    private static void number(GenericDialog gd, Option o) {
        double d = Prefs.get(pref(o), Double.parseDouble(o.defaultValue()));
        gd.addNumericField(o.label(), d, o.kind() == Option.Kind.DECIMAL ? 2 : 0);
    }

    private static String integer(double d) {
        return d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static String remember(Option o, String value) {
        Prefs.set(pref(o), value);
        return value;
    }

    private static String pref(Option o) {
        return "inpaintij." + o.key();
    }
}
