package org.inpaintij.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import ij.IJ;

import org.inpaintij.diffusion.model.TinyModels;
import org.inpaintij.testing.RealImageJ;
import org.junit.jupiter.api.Test;

/**
 * Generative Fill... in a real ImageJ on the display (Xvfb in CI), installed from the drop-in folder, with the
 * tiny analytic model imported into the model folder: the menu entries are in ImageJ's command table (what Find
 * Commands lists); the dialog, played by a driver with the recorder on, has the prompt first, lists the model,
 * fills in its recommended values, and records a line with the seed it drew, which replays twice to the same
 * pixels; the live preview shows over the selection while the image stays untouched, and Esc, or the progress
 * window's Cancel button, leaves the image bit-identical with no preview and no overlay. Screenshots of the dialog and of the preview are written to
 * target/ (and to doc/images with {@code -Dinpaintij.screenshots=doc/images}).
 */
class GenerativeFillIT {

    @Test
    void dialogRecorderReplayPreviewAndCancel() throws Exception {
        RealImageJ imagej = RealImageJ.install("it-imagej-generative", "org.inpaintij.it",
                n -> n.startsWith("ImageJDriver"));
        Path model = TinyModels.folder(TinyModels.SD15_SCRIPT, "it-generative");
        Path out = imagej.runMacro("/it/generative-fill.ijm", Map.of("MODEL", model.toString()), 300);
        Map<String, String> r = read(out.resolve("results.txt"));

        // the command table Find Commands lists
        assertEquals("org.inpaintij.plugin.GenerativeFill", r.get("command.fill"));
        assertEquals("org.inpaintij.plugin.InpaintSelection", r.get("command.inpaint"));
        assertEquals("org.inpaintij.plugin.Outpaint", r.get("command.outpaint"));
        assertEquals("org.inpaintij.plugin.InpaintingModels", r.get("command.models"));

        // the recorded line: every option of the dialog, the seed drawn as a number, the prompt on one line
        String rec = Files.readString(out.resolve("recorded.txt"));
        assertTrue(rec.startsWith("run(\"Generative Fill...\", \"prompt=[a red bench] negative=[] model=tiny-sd "
                + "steps=12 cfg=1 strength=1 seed="), rec);
        Matcher seed = Pattern.compile(" seed=(\\d+) ").matcher(rec);
        assertTrue(seed.find(), "a drawn seed: " + rec);
        for (String key : new String[] {"variations=1", "scheduler=ddim", "device=auto", "output=new"}) {
            assertTrue(rec.contains(" " + key), key + " in " + rec);
        }
        assertTrue(rec.contains("recommended steps=25"), "the model's recommended steps filled in: " + rec);
        int[] interactive = pixels(out.resolve("interactive.tif"));
        assertArrayEquals(interactive, pixels(out.resolve("replay1.tif")), "first replay");
        assertArrayEquals(interactive, pixels(out.resolve("replay2.tif")), "second replay");
        assertFalse(java.util.Arrays.equals(interactive, pixels(out.resolve("before-cancel.tif"))), "it painted");

        // the preview: over the selection's window, coloured inside the selection, transparent outside
        Map<String, String> p = read(out.resolve("preview.txt"));
        assertTrue(p.get("status").matches("Generative Fill: Denoising step \\d+ of 500 on CPU.*, about \\d+ s left.*"),
                p.get("status"));
        // the work window: the selection grown by the default context (half its side, 64), clipped to the image
        assertEquals("0,0,256,256", p.get("preview.box"));
        assertTrue((Long.parseLong(p.get("preview.centre"), 16) & 0xffffff) != 0, "drawn in the selection");
        assertEquals("0", p.get("preview.corner"), "transparent outside the selection");
        assertEquals("none", p.get("during.overlay"), "never in the image's overlay");
        assertEquals("true", p.get("during.same"), "never in the image's pixels");
        // Esc: stopped within a step or so, the preview gone, the image as it was
        assertTrue(Long.parseLong(p.get("stopped.ms")) < 5000, p.get("stopped.ms"));
        assertEquals("Generative Fill: cancelled; the image is unchanged", p.get("after.status"));
        assertEquals("none", p.get("after.preview"));
        assertEquals("none", p.get("after.overlay"));
        assertEquals("true", p.get("after.same"));
        assertEquals("false", p.get("after.changes"));
        assertArrayEquals(pixels(out.resolve("before-cancel.tif")), pixels(out.resolve("after-cancel.tif")));
        assertEquals("true", p.get("progress.window"), "a progress window with a Cancel button beside the run");
        assertEquals("false", p.get("after.progress.window"), "and gone after");
        // the progress window's Cancel button does what Esc does
        Map<String, String> b = read(out.resolve("button.txt"));
        assertTrue(Long.parseLong(b.get("stopped.ms")) < 5000, b.get("stopped.ms"));
        assertEquals("Generative Fill: cancelled; the image is unchanged", b.get("after.status"));
        assertEquals("none", b.get("after.preview"));
        assertEquals("true", b.get("after.same"));
        assertEquals("false", b.get("after.progress.window"));
        assertArrayEquals(pixels(out.resolve("before-button.tif")), pixels(out.resolve("after-button.tif")));

        BufferedImage dialog = ImageIO.read(out.resolve("dialog.png").toFile());
        BufferedImage preview = ImageIO.read(out.resolve("preview.png").toFile());
        assertTrue(dialog.getWidth() > 300 && dialog.getHeight() > 300, dialog.getWidth() + "x" + dialog.getHeight());
        assertTrue(preview.getWidth() >= 256 && preview.getHeight() >= 256);
        String shots = System.getProperty("inpaintij.screenshots");
        if (shots != null && !shots.isBlank()) {
            Files.copy(out.resolve("dialog.png"), Path.of(shots, "generative-fill-dialog.png"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.copy(out.resolve("preview.png"), Path.of(shots, "generative-fill-preview.png"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static int[] pixels(Path tif) {
        return (int[]) IJ.openImage(tif.toString()).getProcessor().getPixels();
    }

    private static Map<String, String> read(Path f) throws java.io.IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(f)) {
            int eq = line.indexOf('=');
            if (eq > 0) m.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return m;
    }
}
