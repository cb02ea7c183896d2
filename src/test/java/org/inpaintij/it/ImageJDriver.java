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
     * Runs Inpaint Selection... with method=diffusion as if from the menu: answers the first dialog, the model
     * dialog with {@code model}, and the options dialog with the prompt, steps, cfg, seed, resolution and
     * context given (the rest as the dialog offers them); saves the result as {@code saveAs} and returns the
     * line the recorder wrote.
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
        GenericDialog gm = await("Inpaint Selection: diffusion model", gd);
        EventQueue.invokeAndWait(() -> ((TextField) gm.getStringFields().get(0)).setText(model));
        press(gm);
        GenericDialog go = await("Inpaint Selection: diffusion", gm);
        EventQueue.invokeAndWait(() -> {
            // text fields: prompt, negative, context, device; numbers: steps, cfg, strength, seed, variations,
            // resolution (the order of the options' table)
            Vector<?> text = go.getStringFields();
            ((TextField) text.get(0)).setText(prompt);
            ((TextField) text.get(2)).setText(context);
            Vector<?> nums = go.getNumericFields();
            ((TextField) nums.get(0)).setText(steps);
            ((TextField) nums.get(1)).setText(cfg);
            ((TextField) nums.get(3)).setText(seed);
            ((TextField) nums.get(5)).setText(resolution);
        });
        press(go);
        new FileSaver(awaitNewImage(before)).saveAsTiff(saveAs);
        return recorded("Inpaint Selection...", lines);
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
