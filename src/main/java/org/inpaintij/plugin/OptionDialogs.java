package org.inpaintij.plugin;

import java.awt.AWTEvent;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.EventQueue;
import java.awt.Label;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ij.ImagePlus;
import ij.Prefs;
import ij.WindowManager;
import ij.gui.DialogListener;
import ij.gui.GenericDialog;
import ij.gui.PointRoi;
import ij.io.DirectoryChooser;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.Engines;
import org.inpaintij.core.InpaintEngine;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Option;
import org.inpaintij.models.ModelException;
import org.inpaintij.models.ModelStore;

/**
 * The dialogs, built from {@link Option} so that labels, macro keys and defaults cannot drift. Inpaint
 * Selection asks first for what every method shares, then for the options of the chosen method; Generative Fill
 * asks for everything at once, the prompt first. A model is chosen from the installed models of the method's
 * kinds (or a folder, with "Browse..."), and choosing one fills in the values it recommends. The last values are
 * remembered in ImageJ's preferences. Nothing here decides anything: the values go to
 * {@link org.inpaintij.core.Requests} as a macro's would.
 */
final class OptionDialogs {

    /** The model choice's last item: pick a model folder. */
    static final String BROWSE = "Browse...";

    private OptionDialogs() {}

    /** Every macro key Inpaint Selection... accepts. */
    static List<String> inpaintKeys() {
        return Option.forInpaint().stream().map(Option::key).toList();
    }

    /** Every macro key Outpaint... accepts. */
    static List<String> outpaintKeys() {
        return Option.forOutpaint().stream().map(Option::key).toList();
    }

    /** Every macro key Generative Fill... accepts: those of Inpaint Selection but the method, always diffusion. */
    static List<String> generativeFillKeys() {
        return Option.forGenerativeFill().stream().map(Option::key).toList();
    }

    /** Asks for the options of Inpaint Selection...; null when the user cancels. */
    static Map<String, String> inpaint(ImagePlus imp, String title) {
        Form f = new Form(new GenericDialog(title));
        f.choice(Option.METHOD, Engines.names(), last(Option.METHOD));
        f.choice(Option.OUTPUT, Option.OUTPUT.choices(), last(Option.OUTPUT));
        f.choice(Option.MASK, maskChoices(imp), null);
        if (imp.getStackSize() > 1) f.flag(Option.STACK, Boolean.parseBoolean(last(Option.STACK)));
        number(f, Option.GROW);
        number(f, Option.FEATHER);
        if (imp.getRoi() instanceof PointRoi) number(f, Option.POINT_RADIUS);
        f.gd.showDialog();
        if (f.gd.wasCanceled()) return null;
        Map<String, String> v = f.values();
        remember(v);
        return methodOptions(v, title) ? v : null;
    }

    /**
     * Generative Fill...'s one dialog: the prompt (several lines), then negative prompt, model, steps, guidance,
     * strength, seed (or random), variations, scheduler, device and output, with a Help button that shows the
     * user guide's section. Null when the user cancels.
     */
    static Map<String, String> generativeFill(String title) {
        InpaintEngine engine = Engines.get("diffusion");
        Form f = new Form(new GenericDialog(title));
        Fields fields = fields(f, engine, Option.GENERATIVE_FILL, Map.of());
        f.gd.addHelp(UserGuide.html("Generative Fill"));
        f.gd.showDialog();
        if (f.gd.wasCanceled()) return null;
        Map<String, String> v = fields.values();
        remember(v);
        v.put(Option.METHOD.key(), "diffusion");
        return v;
    }

    /** The second dialog: the chosen method's own options, if it has any. False when the user cancels. */
    static boolean methodOptions(Map<String, String> v, String title) {
        String method = v.get(Option.METHOD.key());
        InpaintEngine engine = Engines.get(method);
        Set<Option> opts = engine.options();
        if (opts.isEmpty()) return true;
        List<Option> order = new ArrayList<>(opts);
        order.sort(null);
        Form f = new Form(new GenericDialog(title + ": " + method));
        Fields fields = fields(f, engine, order, v);
        f.gd.showDialog();
        if (f.gd.wasCanceled()) return false;
        Map<String, String> own = fields.values();
        remember(own);
        v.putAll(own);
        return true;
    }

    /**
     * The fields of {@code order} for {@code engine}: a model choice (installed models of its kinds, the last
     * folder used, Browse...), the model's recommended numbers as text (blank = the model's own), a seed with a
     * random choice, a device choice, the prompt as several lines where it comes first.
     */
    private static Fields fields(Form f, InpaintEngine engine, List<Option> order, Map<String, String> chosen) {
        Fields out = new Fields(f, engine);
        Map<String, String> ask = new LinkedHashMap<>(chosen);
        if (order.contains(Option.MODEL)) {
            out.models = modelChoices(engine);
            ask.put(Option.MODEL.key(), modelValue(pick(out.models, last(Option.MODEL))));
            ask.put(Option.DEVICE.key(), last(Option.DEVICE));
        }
        Map<Option, String> defaults = Map.of();
        String note = null;
        if (out.models != null) {
            ij.IJ.showStatus(f.gd.getTitle() + ": reading the values the model recommends...");
            try {
                defaults = engine.dialogDefaults(ask);
            } catch (BadInputException | ModelException e) {
                note = e.getMessage();
            }
            ij.IJ.showStatus("");
        }
        for (Option o : order) {
            String def = defaults.get(o);
            if (o == Option.PROMPT && o == order.get(0)) {
                f.area(o, last(o), 4, 60);
            } else if (o == Option.MODEL) {
                out.model = f.choice(o, out.models, ask.get(Option.MODEL.key()));
            } else if (o == Option.DEVICE) {
                List<String> devices = new ArrayList<>(o.choices());
                if (!devices.contains(last(o))) devices.add(last(o));
                f.choice(o, devices, last(o));
            } else if (o == Option.SEED) {
                f.number(o, parseOr(Prefs.get(pref(o), "0"), 0), 0);
                f.gd.addToSameRow();
                f.gd.addCheckbox(Option.RANDOM_SEED_LABEL, Prefs.get(RANDOM_PREF, out.models != null));
                out.random = lastOf(f.gd.getCheckboxes());
            } else {
                switch (o.kind()) {
                    case CHOICE -> f.choice(o, o.choices(), last(o));
                    case FLAG -> f.flag(o, Boolean.parseBoolean(last(o)));
                    case TEXT -> f.text(o, last(o), 40);
                    default -> {
                        if (def != null || o.defaultValue() == null) {
                            // the method's own default: blank keeps it
                            f.text(o, def != null ? Form.trimZeros(def) : "", 8);
                        } else {
                            number(f, o);
                        }
                    }
                }
            }
        }
        if (out.models != null) {
            f.gd.addMessage(note != null ? note : out.models.size() == 1
                    ? "No model is installed: choose Browse... for a model folder, or install one with Inpainting "
                    + "Models..." : "Choosing a model fills in the values it recommends.");
            out.status = (Label) f.gd.getMessage();
            f.gd.addDialogListener(out);
        }
        return out;
    }

    /** The model choice's items: the installed models of the engine's kinds, the last folder used, Browse... */
    private static List<String> modelChoices(InpaintEngine engine) {
        List<String> items = new ArrayList<>(ModelStore.standard().names(engine.modelKinds()));
        String lastModel = last(Option.MODEL);
        if (lastModel != null && !lastModel.isBlank() && !items.contains(lastModel)) items.add(lastModel);
        items.add(BROWSE);
        return items;
    }

    private static String pick(List<String> items, String wanted) {
        return items.contains(wanted) ? wanted : items.get(0);
    }

    /** A model choice's item as the model option: Browse... (nothing chosen) is blank, the first installed model. */
    private static String modelValue(String item) {
        return BROWSE.equals(item) ? "" : item;
    }

    /**
     * The live part of a dialog with a model: choosing another model (or a folder with Browse...) reads the
     * values it recommends on a worker thread and fills them in, so the dialog never waits for a model to load.
     */
    private static final class Fields implements DialogListener {
        final Form form;
        final InpaintEngine engine;
        List<String> models;
        Choice model;
        Checkbox random;
        Label status;
        private String previous;

        Fields(Form form, InpaintEngine engine) {
            this.form = form;
            this.engine = engine;
        }

        /** The values as a macro would give them: random seed as -1, Browse... as blank. */
        Map<String, String> values() {
            Map<String, String> v = form.values();
            if (random != null) {
                Prefs.set(RANDOM_PREF, random.getState());
                if (random.getState()) v.put(Option.SEED.key(), "-1");
            }
            if (model != null) v.put(Option.MODEL.key(), modelValue(model.getSelectedItem()));
            return v;
        }

        @Override
        public boolean dialogItemChanged(GenericDialog gd, AWTEvent e) {
            // e is null when the dialog opens and closes: nothing changed then, and nothing is read here (reading
            // through getNext... would make ImageJ record the fields under their labels)
            if (e == null || model == null || e.getSource() != model) return true;
            String item = model.getSelectedItem();
            if (BROWSE.equals(item)) {
                String dir = new DirectoryChooser("Choose a model folder (the one with model_index.json)")
                        .getDirectory();
                if (dir == null) {
                    if (previous != null) model.select(previous);
                    return true;
                }
                item = addFolder(dir);
            }
            previous = item;
            load(item);
            return true;
        }

        /** Adds a model folder to the choice (before Browse...) and selects it. */
        String addFolder(String dir) {
            String path = dir.endsWith("/") || dir.endsWith("\\") ? dir.substring(0, dir.length() - 1) : dir;
            if (!models.contains(path)) {
                model.insert(path, model.getItemCount() - 1);
                models.add(models.size() - 1, path);
            }
            model.select(path);
            return path;
        }

        /** Reads the values {@code item} recommends off the event thread, and fills them in if still chosen. */
        private void load(String item) {
            Map<String, String> ask = new LinkedHashMap<>();
            ask.put(Option.MODEL.key(), item);
            if (form.has(Option.DEVICE)) ask.put(Option.DEVICE.key(), form.value(Option.DEVICE));
            status.setText("Reading the values " + item + " recommends...");
            Thread t = new Thread(() -> {
                Map<Option, String> d;
                String message;
                try {
                    d = engine.dialogDefaults(ask);
                    message = "Filled in the values " + item + " recommends.";
                } catch (BadInputException | ModelException ex) {
                    d = Map.of();
                    message = ex.getMessage();
                }
                Map<Option, String> found = d;
                String text = message;
                EventQueue.invokeLater(() -> {
                    if (!item.equals(model.getSelectedItem())) return;
                    found.forEach((o, val) -> {
                        if (o != Option.SEED) form.set(o, Form.trimZeros(val));
                    });
                    status.setText(text);
                });
            }, "Inpaint-IJ model defaults");
            t.setDaemon(true);
            t.start();
        }
    }

    private static final String RANDOM_PREF = "inpaintij.random_seed";

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

    /** A numeric field for an option with a default of its own. */
    private static void number(Form f, Option o) {
        f.number(o, parseOr(last(o), Double.parseDouble(o.defaultValue())), o.kind() == Option.Kind.DECIMAL ? 2 : 0);
    }

    private static double parseOr(String s, double d) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException | NullPointerException e) {
            return d;
        }
    }

    /** The value last used, else the option's default. */
    private static String last(Option o) {
        return Prefs.get(pref(o), o.defaultValue() == null ? "" : o.defaultValue());
    }

    /** Remembers the values for the next dialog (not the mask, which belongs to the image, nor a random seed). */
    private static void remember(Map<String, String> v) {
        v.forEach((k, val) -> {
            if (!k.equals(Option.MASK.key()) && !(k.equals(Option.SEED.key()) && "-1".equals(val))) {
                Prefs.set("inpaintij." + k, val);
            }
        });
    }

    private static String pref(Option o) {
        return "inpaintij." + o.key();
    }

    @SuppressWarnings("unchecked")
    private static <T> T lastOf(java.util.Vector<?> v) {
        return (T) v.get(v.size() - 1);
    }
}
