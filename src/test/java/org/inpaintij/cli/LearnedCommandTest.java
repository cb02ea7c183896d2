package org.inpaintij.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import org.inpaintij.learned.TinyLearned;
import org.inpaintij.models.ModelsFolder;
import org.inpaintij.models.Settings;
import org.inpaintij.testing.TestMasks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code --method lama} and {@code --method migan} on the command line, and importing a graph file. */
class LearnedCommandTest extends InProcessCli {

    private static final int W = 120, H = 100;

    @BeforeEach
    void ownSettings() {
        System.setProperty(Settings.FILE_PROPERTY, tmp.resolve("settings.properties").toString());
    }

    @AfterEach
    void clear() {
        System.clearProperty(Settings.FILE_PROPERTY);
        System.clearProperty(ModelsFolder.FLAG_PROPERTY);
    }

    /** A 16-bit row ramp and a mask with a 30 x 30 hole, as files. */
    private Path[] files() {
        short[] px = new short[W * H];
        for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) px[y * W + x] = (short) (3000 + 11 * y);
        Path image = tmp.resolve("ramp.tif"), mask = tmp.resolve("mask.png");
        new FileSaver(new ImagePlus("ramp", new ShortProcessor(W, H, px, null))).saveAsTiff(image.toString());
        TestMasks.rectangleFile(mask, W, H, 40, 30, 30, 30);
        return new Path[] {image, mask};
    }

    private static void assertFilledFromRows(Path result) {
        ImageProcessor ip = IJ.openImage(result.toString()).getProcessor();
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                boolean hole = x >= 40 && x < 70 && y >= 30 && y < 60;
                if (hole) assertEquals(3000 + 11 * y, ip.get(x, y), 1.0, x + "," + y);
                else assertEquals(3000 + 11 * y, ip.get(x, y), x + "," + y);
            }
        }
    }

    @Test
    void aGraphImportedOnceIsUsedByTheMethodOfItsKind() {
        Path[] f = files();
        Path models = tmp.resolve("models");
        assertEquals(0, run("models", "import", TinyLearned.graph(TinyLearned.LAMA_DYNAMIC).toString(), "--name",
                "mylama", "--models-dir", models.toString()), err);
        assertTrue(out.startsWith("Imported mylama (lama, "), out);
        assertEquals(0, run("models", "list", "--models-dir", models.toString()), err);
        assertTrue(out.lines().anyMatch(l -> l.matches("mylama +lama +.*imported +installed")), out);

        Path result = tmp.resolve("out.tif");
        assertEquals(0, run("inpaint", "--image", f[0].toString(), "--mask", f[1].toString(), "--out", result.toString(),
                "--method", "lama", "--device", "cpu", "--models-dir", models.toString()), err);
        assertTrue(out.contains("method=lama"), out);
        assertFilledFromRows(result);
        String info = (String) IJ.openImage(result.toString()).getProperty("Info");
        assertTrue(info.contains("model=mylama (lama-dynamic.onnx sha256 "), info);
    }

    @Test
    void aGraphIsUsedByPathAndAMissingModelIsOneLine() {
        Path[] f = files();
        Path result = tmp.resolve("out.tif");
        assertEquals(0, run("inpaint", "--image", f[0].toString(), "--mask", f[1].toString(), "--out", result.toString(),
                "--method", "migan", "--model", TinyLearned.graph(TinyLearned.MIGAN_512).toString(), "--device", "cpu"),
                err);
        // MI-GAN's 8-bit input resolves the window's range (rows 15..74 here) in steps of 1/255
        ImageProcessor ip = IJ.openImage(result.toString()).getProcessor();
        for (int y = 30; y < 60; y++) assertEquals(3000 + 11 * y, ip.get(55, y), 11 * 59 / 255.0 + 1, "row " + y);

        assertEquals(2, run("inpaint", "--image", f[0].toString(), "--mask", f[1].toString(), "--out",
                tmp.resolve("x.tif").toString(), "--method", "migan", "--models-dir", tmp.resolve("empty").toString()));
        assertEquals(1, err.lines().count(), err);
        // the option's key becomes its flag on the command line; the word "model" in the sentence does not
        assertTrue(err.startsWith("inpaint-ij: No MI-GAN model is installed: install one with"), err);
        assertTrue(err.endsWith("or give the path of a MI-GAN .onnx file (or a folder holding one) with --model PATH.\n"),
                err);
    }
}
