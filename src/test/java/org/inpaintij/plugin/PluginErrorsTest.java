package org.inpaintij.plugin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.Roi;

import org.inpaintij.core.Monitor;
import org.inpaintij.diffusion.model.TinyModels;
import org.inpaintij.models.ModelStore;
import org.inpaintij.models.ModelsFolder;
import org.inpaintij.testing.Snapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The menu commands from a macro, headless: every failure, foreseen or not, is the one sentence ImageJ's error
 * shows (never an exception window), and the image is left as it was.
 */
class PluginErrorsTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @AfterEach
    void clear() {
        System.clearProperty(ModelsFolder.FLAG_PROPERTY);
    }

    /** Runs Inpaint Selection... on {@code imp} as run("Inpaint Selection...", options) does; the error shown. */
    private static String run(ImagePlus imp, String options) throws InterruptedException {
        String[] shown = new String[1];
        Throwable[] escaped = new Throwable[1];
        // ImageJ gives macro options to threads named as its macro threads are
        Thread t = new Thread(() -> {
            WindowManager.setTempCurrentImage(imp);
            Macro.setOptions(options);
            IJ.redirectErrorMessages();
            try {
                new InpaintSelection().run("");
            } catch (Throwable e) {
                escaped[0] = e;
            } finally {
                shown[0] = IJ.getErrorMessage();
                Macro.setOptions(null);
                WindowManager.setTempCurrentImage(null);
            }
        }, "Run$_plugin-test");
        t.start();
        t.join(120_000);
        if (escaped[0] != null) throw new AssertionError("an exception left the command", escaped[0]);
        return shown[0];
    }

    private static ImagePlus image() {
        ImagePlus imp = IJ.createImage("flat", "8-bit ramp", 128, 128, 1);
        imp.setRoi(new Roi(40, 40, 30, 20));
        return imp;
    }

    @Test
    void aBugIsASentenceAndTheImageIsUnchanged() throws Exception {
        ImagePlus imp = image();
        byte[] before = ((byte[]) imp.getProcessor().getPixels()).clone();
        String shown = run(imp, "method=test-fail output=in-place");
        assertTrue(shown.startsWith("Inpaint-IJ failed unexpectedly (an internal error in FailingTestEngine.fill); "
                + "turn on Edit > Options > Misc... > Debug mode"), shown);
        Snapshot.assertNoJavaNames(shown);
        assertArrayEquals(before, (byte[]) imp.getProcessor().getPixels());
        assertEquals(null, imp.getProperty("Info"));
    }

    @Test
    void aDamagedInstalledModelIsASentence() throws Exception {
        ModelStore store = new ModelStore(tmp.resolve("models"));
        store.importFolder(TinyModels.folder(TinyModels.SD15_SCRIPT, "plugin-errors"), "mine", null, Monitor.NONE);
        Files.write(store.folder("mine").resolve("unet/model.onnx"), new byte[10]);
        System.setProperty(ModelsFolder.FLAG_PROPERTY, store.root().toString());
        ImagePlus imp = image();
        byte[] before = ((byte[]) imp.getProcessor().getPixels()).clone();
        String shown = run(imp, "method=diffusion model=mine output=in-place");
        assertTrue(shown.startsWith("Model 'mine' is damaged (unet/model.onnx changed size since it was installed)"),
                shown);
        assertArrayEquals(before, (byte[]) imp.getProcessor().getPixels());
    }

    @Test
    void aPromptWithAnUnpairedBracketPassesInSingleQuotesAndIgnoredOptionsAreLogged() throws Exception {
        ImagePlus imp = image();
        // headless, ImageJ's Log is the standard output
        java.io.PrintStream out = System.out;
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        String shown;
        try {
            System.setOut(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
            shown = run(imp, "method=harmonic output=in-place prompt='a ] b' steps=3");
        } finally {
            System.setOut(out);
        }
        assertEquals(null, shown, "no error");
        assertTrue(((String) imp.getProperty("Info")).contains("method=harmonic"));
        assertTrue(log.toString(java.nio.charset.StandardCharsets.UTF_8).contains(
                "Inpaint Selection: prompt, steps are ignored: method harmonic does not read them."), log.toString());
    }
}
