package org.inpaintij.it;

import java.awt.Button;
import java.awt.Choice;
import java.awt.EventQueue;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.util.Vector;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.io.FileSaver;
import ij.plugin.frame.Recorder;

/**
 * Runs inside a real ImageJ (installed into its plugins folder by {@link RealImageJIT}) and is called from the
 * test macro with {@code call(...)}: it plays the user, clicking through the dialogs of a menu command while
 * the macro recorder is on, so that the recorded line can be replayed and compared.
 */
public final class ImageJDriver {

    private ImageJDriver() {}

    /**
     * Runs Inpaint Selection... as if from the menu, answering the first dialog with the method, output, grow
     * and feather, and a second dialog (if the method has one) with its first numeric field = {@code extra};
     * saves the result window as {@code saveAs} and returns the line the recorder wrote.
     */
    public static String recordInteractive(String method, String output, String grow, String feather, String extra,
            String saveAs) throws Exception {
        ImagePlus before = WindowManager.getCurrentImage();
        int lines = recordedCount("Inpaint Selection...");
        GenericDialog gd = startRecorded("Inpaint Selection...", "Inpaint Selection");
        EventQueue.invokeAndWait(() -> {
            Vector<?> choices = gd.getChoices();
            ((Choice) choices.get(0)).select(method);
            ((Choice) choices.get(1)).select(output);
            Vector<?> nums = gd.getNumericFields();
            ((TextField) nums.get(0)).setText(grow);
            ((TextField) nums.get(1)).setText(feather);
        });
        press(gd);
        if (!extra.isEmpty()) {
            GenericDialog second = await("Inpaint Selection: " + method, gd);
            EventQueue.invokeAndWait(() -> ((TextField) second.getNumericFields().get(0)).setText(extra));
            press(second);
        }
        new FileSaver(awaitNewImage(before)).saveAsTiff(saveAs);
        return recorded("Inpaint Selection...", lines);
    }

    /**
     * Runs Inpaint Selection... with method=diffusion as if from the menu: answers the first dialog, then in the
     * method's dialog picks the model folder {@code model} as Browse... would add it (which fills in the values
     * the model recommends), unticks "random seed", and sets the prompt, steps, cfg, seed, resolution and context
     * given (the rest as the dialog offers them); saves the result as {@code saveAs} and returns the line the
     * recorder wrote.
     */
    public static String recordDiffusion(String model, String prompt, String steps, String cfg, String seed,
            String resolution, String context, String saveAs) throws Exception {
        ImagePlus before = WindowManager.getCurrentImage();
        int lines = recordedCount("Inpaint Selection...");
        GenericDialog gd = startRecorded("Inpaint Selection...", "Inpaint Selection");
        EventQueue.invokeAndWait(() -> {
            ((Choice) gd.getChoices().get(0)).select("diffusion");
            ((Choice) gd.getChoices().get(1)).select("new");
        });
        press(gd);
        GenericDialog go = await("Inpaint Selection: diffusion", gd);
        Choice models = (Choice) go.getChoices().get(0);
        java.awt.Label status = (java.awt.Label) go.getMessage();
        EventQueue.invokeAndWait(() -> {
            models.insert(model, 0);
            models.select(model);
            status.setText("");
            go.itemStateChanged(new java.awt.event.ItemEvent(models, java.awt.event.ItemEvent.ITEM_STATE_CHANGED,
                    model, java.awt.event.ItemEvent.SELECTED));
        });
        for (int i = 0; i < 600 && !status.getText().startsWith("Filled in"); i++) Thread.sleep(50);
        EventQueue.invokeAndWait(() -> {
            // text fields in the options' table order: prompt, negative, steps, cfg, strength, context,
            // resolution; numbers: seed, variations
            Vector<?> text = go.getStringFields();
            ((TextField) text.get(0)).setText(prompt);
            ((TextField) text.get(2)).setText(steps);
            ((TextField) text.get(3)).setText(cfg);
            ((TextField) text.get(5)).setText(context);
            ((TextField) text.get(6)).setText(resolution);
            ((TextField) go.getNumericFields().get(0)).setText(seed);
            ((java.awt.Checkbox) go.getCheckboxes().get(0)).setState(false);
        });
        press(go);
        new FileSaver(awaitNewImage(before)).saveAsTiff(saveAs);
        return recorded("Inpaint Selection...", lines);
    }

    /**
     * Plays the user in Generative Fill...'s dialog with the recorder on: checks the prompt comes first, types
     * the prompt, chooses {@code model} (which fills in the values it recommends, read on a worker thread), sets
     * steps, guidance and scheduler, leaves "random seed" as it is, saves a screenshot of the dialog as
     * {@code shot}, presses OK, saves the result as {@code saveAs} and returns the recorded line, or a line
     * starting with "error:" saying what was not as expected.
     */
    public static String recordGenerativeFill(String model, String prompt, String steps, String cfg, String scheduler,
            String shot, String saveAs) throws Exception {
        ImagePlus before = WindowManager.getCurrentImage();
        int lines = recordedCount("Generative Fill...");
        GenericDialog gd = startRecorded("Generative Fill...", "Generative Fill");
        java.awt.TextArea area = gd.getTextArea1();
        if (area == null) return "error: no prompt text area";
        // the prompt is the first field of the dialog (after its heading)
        if (!(gd.getChoices().get(0) instanceof Choice)) return "error: no model choice";
        Choice models = (Choice) gd.getChoices().get(0);
        if (area.getLocationOnScreen().y >= models.getLocationOnScreen().y) return "error: the prompt is not first";
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < models.getItemCount(); i++) items.append(models.getItem(i)).append(',');
        if (!items.toString().contains(model + ",") || !items.toString().endsWith("Browse...,")) {
            return "error: model items " + items;
        }
        Vector<?> text = gd.getStringFields();
        TextField stepsField = (TextField) text.get(1);
        EventQueue.invokeAndWait(() -> {
            area.setText(prompt);
            stepsField.setText("");
            models.select(model);
            gd.itemStateChanged(new java.awt.event.ItemEvent(models, java.awt.event.ItemEvent.ITEM_STATE_CHANGED,
                    model, java.awt.event.ItemEvent.SELECTED));
        });
        // the model's recommended steps arrive from the worker thread
        for (int i = 0; i < 600 && stepsField.getText().isEmpty(); i++) Thread.sleep(50);
        String recommended = stepsField.getText();
        if (recommended.isEmpty()) return "error: the model's recommended values never came";
        EventQueue.invokeAndWait(() -> {
            stepsField.setText(steps);
            ((TextField) text.get(2)).setText(cfg);
            ((Choice) gd.getChoices().get(1)).select(scheduler);
        });
        Thread.sleep(500);
        screenshot(gd, shot);
        press(gd);
        new FileSaver(awaitNewImage(before)).saveAsTiff(saveAs);
        return recorded("Generative Fill...", lines) + "\nrecommended steps=" + recommended;
    }

    /**
     * Runs Generative Fill... with macro options on another thread, waits for the live preview to appear over the
     * image, checks the image itself is untouched then, saves a screenshot of the image window as {@code shot},
     * presses Esc, waits for the command to end, and returns what it saw as key=value lines.
     */
    public static String previewThenCancel(String options, String shot) throws Exception {
        return previewThenCancel(options, shot, "esc");
    }

    /**
     * As {@link #previewThenCancel(String, String)}, cancelling with Esc ({@code how = "esc"}) or with the Cancel
     * button of the run's progress window ({@code how = "button"}).
     */
    public static String previewThenCancel(String options, String shot, String how) throws Exception {
        ImagePlus imp = WindowManager.getCurrentImage();
        Object pixels = imp.getProcessor().getPixelsCopy();
        StringBuilder out = new StringBuilder();
        String[] error = new String[1];
        Thread t = new Thread(() -> {
            IJ.redirectErrorMessages();
            try {
                IJ.run("Generative Fill...", options);
            } finally {
                error[0] = IJ.getErrorMessage();
            }
        }, "driver");
        t.start();
        ij.gui.ImageRoi preview = null;
        for (int i = 0; i < 1200 && preview == null; i++) {
            ij.gui.Overlay shown = imp.getCanvas().getShowAllList();
            if (shown != null && shown.size() == 1 && shown.get(0) instanceof ij.gui.ImageRoi r
                    && "inpainting preview".equals(r.getName())) {
                preview = r;
            } else {
                Thread.sleep(25);
            }
        }
        if (preview == null) {
            t.join(1000);
            StringBuilder why = new StringBuilder("error: no preview appeared; error " + error[0] + "; status "
                    + ij.ImageJ.getStatusBarText()
                    + "; command thread " + t.getState() + "; windows");
            for (Window w : Window.getWindows()) {
                if (w.isShowing()) why.append(" [").append(w instanceof java.awt.Dialog d ? d.getTitle() : w.getName())
                        .append(']');
            }
            for (StackTraceElement e : t.getStackTrace()) why.append("\n  at ").append(e);
            return why.toString();
        }
        // the status bar is repainted on the event thread: give it a moment to show the step
        String status = ij.ImageJ.getStatusBarText();
        for (int i = 0; i < 100 && !status.contains("Denoising step"); i++) {
            Thread.sleep(20);
            status = ij.ImageJ.getStatusBarText();
        }
        out.append("status=").append(status).append('\n');
        out.append("preview.box=").append(preview.getBounds().x).append(',').append(preview.getBounds().y).append(',')
                .append(preview.getBounds().width).append(',').append(preview.getBounds().height).append('\n');
        ij.process.ImageProcessor p = preview.getProcessor();
        out.append("preview.centre=").append(Integer.toHexString(p.get(p.getWidth() / 2, p.getHeight() / 2)))
                .append('\n');
        out.append("preview.corner=").append(Integer.toHexString(p.get(0, 0))).append('\n');
        out.append("during.overlay=").append(imp.getOverlay() == null ? "none" : imp.getOverlay().size()).append('\n');
        out.append("during.same=").append(samePixels(pixels, imp.getProcessor().getPixels())).append('\n');
        Thread.sleep(300);
        screenshot(imp.getWindow(), shot);
        java.awt.Dialog progress = null;
        for (Window w : Window.getWindows()) {
            if (w instanceof java.awt.Dialog d && d.isShowing() && "Generative Fill: running".equals(d.getTitle())) {
                progress = d;
            }
        }
        out.append("progress.window=").append(progress != null).append('\n');
        long t0 = System.nanoTime();
        if (how.equals("button")) {
            if (progress == null) return out + "error: no progress window";
            Button cancel = null;
            for (java.awt.Component c : ((java.awt.Container) progress.getComponent(1)).getComponents()) {
                if (c instanceof Button b && b.getLabel().equals("Cancel")) cancel = b;
            }
            Button b = cancel;
            EventQueue.invokeAndWait(() -> {
                for (java.awt.event.ActionListener l : b.getActionListeners()) {
                    l.actionPerformed(new ActionEvent(b, ActionEvent.ACTION_PERFORMED, "Cancel"));
                }
            });
        } else {
            IJ.setKeyDown(java.awt.event.KeyEvent.VK_ESCAPE);
        }
        t.join(60_000);
        out.append("stopped.ms=").append((System.nanoTime() - t0) / 1_000_000).append('\n');
        IJ.resetEscape();
        out.append("after.status=").append(ij.ImageJ.getStatusBarText())
                .append('\n');
        out.append("after.preview=").append(imp.getCanvas().getShowAllList() == null ? "none" : "shown").append('\n');
        out.append("after.overlay=").append(imp.getOverlay() == null ? "none" : imp.getOverlay().size()).append('\n');
        out.append("after.same=").append(samePixels(pixels, imp.getProcessor().getPixels())).append('\n');
        out.append("after.changes=").append(imp.changes).append('\n');
        out.append("after.windows=").append(WindowManager.getImageCount()).append('\n');
        Thread.sleep(300);
        out.append("after.progress.window=").append(progress != null && progress.isShowing()).append('\n');
        return out.toString();
    }

    private static boolean samePixels(Object a, Object b) {
        return java.util.Arrays.equals((int[]) a, (int[]) b);
    }

    /** Saves what the screen shows of a window as a PNG (the display is Xvfb in CI). */
    private static void screenshot(Window w, String path) throws Exception {
        java.awt.Rectangle r = new java.awt.Rectangle(w.getLocationOnScreen(), w.getSize());
        java.awt.image.BufferedImage img = new java.awt.Robot().createScreenCapture(r);
        javax.imageio.ImageIO.write(img, "png", new java.io.File(path));
    }

    /** Runs the command with macro options on another thread and returns the error message ImageJ showed. */
    public static String errorOf(String options) throws Exception {
        String[] msg = new String[1];
        Thread t = new Thread(() -> {
            IJ.redirectErrorMessages();
            try {
                IJ.run("Inpaint Selection...", options);
            } catch (RuntimeException aborted) {
                // ImageJ aborts the calling macro after an error; here only the message matters
            } finally {
                msg[0] = IJ.getErrorMessage();
            }
        }, "driver");
        t.start();
        t.join(60_000);
        return String.valueOf(msg[0]);
    }

    /** Turns the recorder on, starts the menu command as the menu does, and returns its first dialog. */
    private static GenericDialog startRecorded(String command, String dialogTitle) throws Exception {
        if (Recorder.getInstance() == null) IJ.run("Record...", "");
        Recorder.record = true;
        IJ.doCommand(command);
        return await(dialogTitle, null);
    }

    /** How many lines the recorder has written for the command so far. */
    private static int recordedCount(String command) {
        if (Recorder.getInstance() == null) return 0;
        int n = 0;
        for (String line : Recorder.getInstance().getText().split("\n")) if (line.startsWith("run(\"" + command + "\"")) n++;
        return n;
    }

    /**
     * The next line the recorder writes for the command. ImageJ writes it when the command's thread ends, which
     * can be after the result window appears, so this waits for it (up to a minute).
     */
    private static String recorded(String command, int before) throws InterruptedException {
        for (int k = 0; k < 1200; k++) {
            if (recordedCount(command) > before) {
                String[] lines = Recorder.getInstance().getText().split("\n");
                for (int i = lines.length - 1; i >= 0; i--) {
                    if (lines[i].startsWith("run(\"" + command + "\"")) return lines[i];
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("nothing recorded for " + command + ": " + Recorder.getInstance().getText());
    }

    private static GenericDialog await(String title, Window previous) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            for (Window w : Window.getWindows()) {
                if (w instanceof GenericDialog gd && w != previous && w.isShowing() && title.equals(gd.getTitle())) {
                    return gd;
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no dialog titled '" + title + "' appeared");
    }

    private static void press(GenericDialog gd) throws Exception {
        Button ok = gd.getButtons()[0];
        EventQueue.invokeAndWait(() -> gd.actionPerformed(new ActionEvent(ok, ActionEvent.ACTION_PERFORMED, "OK")));
    }

    private static ImagePlus awaitNewImage(ImagePlus before) throws InterruptedException {
        for (int i = 0; i < 1200; i++) {
            ImagePlus now = WindowManager.getCurrentImage();
            if (now != null && now != before && now.getTitle().contains("-inpainted")) return now;
            Thread.sleep(50);
        }
        throw new IllegalStateException("no result window appeared");
    }
}
