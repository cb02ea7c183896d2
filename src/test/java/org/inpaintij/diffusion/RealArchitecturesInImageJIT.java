package org.inpaintij.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;

import org.inpaintij.testing.Fixtures;
import org.inpaintij.testing.RealImageJ;
import org.junit.jupiter.api.Test;

/**
 * The real SD 1.5 inpainting topology (../shared/fixtures/realarch) in a real ImageJ with the built plugin: the
 * diffusers script's export by its folder path, and optimum's imported through Inpainting Models... and used by
 * its name, each filling a 64 x 48 selection of an RGB photograph. Every pixel outside the selection comes back
 * bit-identical and the selection is repainted; the provenance names each model and its UNet's files.
 */
class RealArchitecturesInImageJIT {

    @Test
    void bothExportLayoutsRunFromAMacro() throws Exception {
        RealImageJ imagej = RealImageJ.install("it-imagej-realarch", "org.inpaintij.it", n -> false);
        Path image = Fixtures.file("images/astronaut.png").toAbsolutePath();
        Path out = imagej.runMacro("/it/realarch.ijm", Map.of("IMAGE", image.toString(),
                "SCRIPT", Fixtures.file("realarch/sd15-script").toAbsolutePath().toString(),
                "OPTIMUM", Fixtures.file("realarch/sd15-optimum").toAbsolutePath().toString()), 300);

        // the original's pixels, read without AWT (this JVM may not reach the display; ImageJ's PNG reader needs it)
        double[][] rgb = Fixtures.channels("astronaut.png");
        int[] before = new int[rgb[0].length];
        for (int i = 0; i < before.length; i++) {
            before[i] = 0xff000000 | (int) rgb[0][i] << 16 | (int) rgb[1][i] << 8 | (int) rgb[2][i];
        }
        for (String layout : new String[] {"script", "optimum"}) {
            ImagePlus res = IJ.openImage(out.resolve(layout + ".tif").toString());
            int[] after = (int[]) res.getProcessor().getPixels();
            assertEquals(before.length, after.length);
            int changed = 0;
            for (int i = 0; i < before.length; i++) {
                int x = i % 512, y = i / 512;
                boolean hole = x >= 200 && x < 264 && y >= 120 && y < 168;
                if (!hole) assertEquals(before[i], after[i], layout + " outside the selection at " + x + "," + y);
                else if (before[i] != after[i]) changed++;
            }
            assertTrue(changed > 64 * 48 / 2, layout + ": the selection was repainted (" + changed + " pixels)");
            String info = (String) res.getProperty("Info");
            assertTrue(info != null && info.contains("method=diffusion"), layout + ": " + info);
            assertTrue(info.contains(layout.equals("script") ? "unet/weights.pb sha256" : "realarch-optimum (unet/"
                    + "model.onnx sha256 "), layout + ": " + info);
        }
        String log = Files.readString(out.resolve("log.txt"));
        assertTrue(log.contains("Imported realarch-optimum (inpainting, "), log);
    }
}
