package org.inpaintij.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ImageProcessor;

import org.inpaintij.diffusion.model.TinyModels;
import org.inpaintij.testing.Metrics;
import org.inpaintij.testing.RealImageJ;
import org.junit.jupiter.api.Test;

/**
 * method=diffusion from a macro in a real ImageJ with the built plugin installed, on 8-bit, 16-bit, 32-bit and RGB
 * images in every output mode, with the analytic model given by its folder path: pixels outside the mask come
 * back bit-identical, the hole's mean is the model's closed form (0.45 of the display range in red with the
 * prompt "red", 0.35 in green and blue, luminance for grayscale), and variations=3 gives three different slices,
 * the same three again for the same seed; and the dialogs, clicked through with the recorder on, record a line
 * that replays to the same pixels in batch mode.
 */
class DiffusionInRealImageJIT {

    @Test
    void everyTypeEveryOutputModeAndVariations() throws Exception {
        RealImageJ imagej = RealImageJ.install("it-imagej-diffusion", "org.inpaintij.it",
                n -> n.startsWith("ImageJDriver"));
        Path model = TinyModels.folder(TinyModels.SD15_SCRIPT, "it");
        Path out = imagej.runMacro("/it/diffusion.ijm", Map.of("MODEL", model.toString()), 300);

        String overlays = Files.readString(out.resolve("overlays.txt"));
        for (String type : new String[] {"8-bit", "16-bit", "32-bit", "RGB"}) {
            double lo = type.equals("16-bit") ? 1000 : type.equals("32-bit") ? -2 : 0;
            double hi = type.equals("16-bit") ? 5000 : type.equals("32-bit") ? 3 : 255;
            for (String mode : new String[] {"new", "in-place", "overlay"}) {
                String tag = type + "-" + mode;
                ImageProcessor before = IJ.openImage(out.resolve(tag + "-before.tif").toString()).getProcessor();
                ImageProcessor after = IJ.openImage(out.resolve(tag + ".tif").toString()).getProcessor();
                for (int y = 0; y < 256; y++) {
                    for (int x = 0; x < 256; x++) {
                        boolean hole = x >= 64 && x < 192 && y >= 64 && y < 192;
                        if (!hole || mode.equals("overlay")) {
                            assertEquals(Float.floatToRawIntBits(before.getf(x, y)),
                                    Float.floatToRawIntBits(after.getf(x, y)), tag + " at " + x + "," + y);
                        }
                    }
                }
                if (mode.equals("overlay")) {
                    assertTrue(overlays.contains(tag + "=2"), "a layer and the outline: " + overlays);
                    continue;
                }
                double[] m = Metrics.unitMeans(after, new java.awt.Rectangle(64, 64, 128, 128), lo, hi);
                if (type.equals("RGB")) {
                    assertEquals(0.45, m[0], 0.02, tag + " red");
                    assertEquals(0.35, m[1], 0.02, tag + " green");
                    assertEquals(0.35, m[2], 0.02, tag + " blue");
                } else {
                    assertEquals(0.299 * 0.45 + 0.701 * 0.35, m[0], 0.02, tag + " luminance");
                }
            }
        }
        // every option of the three dialogs was recorded, and the line replays to the same pixels
        String rec = Files.readString(out.resolve("recorded.txt"));
        for (String key : new String[] {"method=diffusion", "model=" + model, "prompt=red", "steps=10", "cfg=1",
                "seed=21", "resolution=192", "context=32", "scheduler=default", "device=auto"}) {
            assertTrue(rec.contains(key), key + " in " + rec);
        }
        assertArrayEquals((int[]) IJ.openImage(out.resolve("interactive.tif").toString()).getProcessor().getPixels(),
                (int[]) IJ.openImage(out.resolve("replay.tif").toString()).getProcessor().getPixels());
        ImagePlus v1 = IJ.openImage(out.resolve("variations1.tif").toString());
        ImagePlus v2 = IJ.openImage(out.resolve("variations2.tif").toString());
        assertEquals(3, v1.getStackSize());
        for (int s = 1; s <= 3; s++) {
            assertArrayEquals((int[]) v1.getStack().getPixels(s), (int[]) v2.getStack().getPixels(s), "slice " + s);
            for (int t = s + 1; t <= 3; t++) {
                assertFalse(Arrays.equals((int[]) v1.getStack().getPixels(s), (int[]) v1.getStack().getPixels(t)),
                        "slices " + s + " and " + t + " differ");
            }
        }
    }
}
