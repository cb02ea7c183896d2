package org.inpaintij.diffusion.zimage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.OvalRoi;
import ij.process.ImageProcessor;

import org.inpaintij.core.CancelledException;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Monitor;
import org.inpaintij.core.Requests;
import org.inpaintij.ij.ImageInpainter;
import org.inpaintij.ij.MaskSource;
import org.inpaintij.ij.Outpainter;
import org.inpaintij.testing.Monitors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * method=diffusion with a Z-Image model through the same facade as every method: every image type, an oval
 * selection, stacks, outputs, provenance, cancel, progress and outpainting keep the plugin's promises (pixels
 * outside the mask bit-identical, the image untouched on cancel). The tiny random model paints noise-like
 * textures; what is checked is the plumbing, not the picture.
 */
class ZImageInImageJTest {

    private static Path model;

    @BeforeAll
    static void copy() {
        model = ZImageModels.folder("imagej");
    }

    private static InpaintRequest req(String... kv) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("method", "diffusion");
        m.put("model", model.toString());
        m.put("steps", "2");
        m.put("seed", "3");
        m.put("resolution", "64");
        m.put("context", "16");
        m.put("prompt", "a red brick wall");
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return Requests.parse(m);
    }

    /** A 96 x 80 image of the given type with a diagonal ramp and an oval selection. */
    private static ImagePlus ramp(int depth, int slices) {
        String type = depth == 24 ? "RGB" : depth + "-bit";
        ImagePlus imp = IJ.createImage("ramp", type + " black", 96, 80, slices);
        for (int s = 1; s <= slices; s++) {
            ImageProcessor ip = imp.getStack().getProcessor(s);
            for (int y = 0; y < 80; y++) {
                for (int x = 0; x < 96; x++) {
                    double v = (x + y + 10 * s) / 200.0;
                    if (depth == 24) ip.set(x, y, 0xff000000 | ((int) (255 * v) << 16) | ((int) (200 * v) << 8) | (int) (100 * v));
                    else ip.setf(x, y, (float) (depth == 32 ? v * 3 - 1 : depth == 16 ? 1000 + 4000 * v : 255 * v));
                }
            }
        }
        if (depth == 16) imp.getProcessor().setMinAndMax(1000, 5000);
        if (depth == 32) imp.getProcessor().setMinAndMax(-1, 2);
        imp.setRoi(new OvalRoi(30, 20, 28, 22));
        return imp;
    }

    private static void assertOutsideUnchanged(ImageProcessor a, ImageProcessor b, ij.gui.Roi roi) {
        int changed = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                boolean in = roi.contains(x, y);
                boolean same = Float.floatToRawIntBits(a.getf(x, y)) == Float.floatToRawIntBits(b.getf(x, y))
                        && a.get(x, y) == b.get(x, y);
                if (!in) assertTrue(same, "outside the selection at " + x + "," + y);
                else if (!same) changed++;
            }
        }
        assertTrue(changed > 100, "the selection is repainted: " + changed + " pixels changed");
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 32, 24})
    void everyTypeIsFilledInsideTheSelectionOnly(int depth) {
        ImagePlus imp = ramp(depth, 1);
        ImagePlus out = ImageInpainter.run(imp, MaskSource.of(imp, req()), req(), Monitor.NONE).image();
        assertEquals(depth, out.getBitDepth());
        assertOutsideUnchanged(imp.getProcessor(), out.getProcessor(), imp.getRoi());
        String info = (String) out.getProperty("Info");
        assertTrue(info.contains("method=diffusion") && info.contains("prompt=\"a red brick wall\"")
                && info.contains("seed=3") && info.contains("seam=match")
                && info.contains("transformer/model.onnx sha256 ") && info.contains("flow_match_euler"), info);
    }

    @Test
    void stacksFillEverySliceAndProgressIsReported() {
        ImagePlus imp = ramp(8, 3);
        List<String> status = new ArrayList<>();
        ImagePlus out = ImageInpainter.run(imp, MaskSource.of(imp, req()), req("stack", "true"),
                Monitors.recording(status)).image();
        assertEquals(3, out.getStackSize());
        for (int s = 1; s <= 3; s++) {
            assertOutsideUnchanged(imp.getStack().getProcessor(s), out.getStack().getProcessor(s), imp.getRoi());
        }
        assertTrue(status.stream().anyMatch(l -> l.contains("Denoising step 2 of 2")), status.toString());
    }

    @Test
    void seamNoneTakesTheModelsPixelsAndMatchCorrectsThem() {
        ImagePlus imp = ramp(8, 1);
        byte[] none = (byte[]) ImageInpainter.run(imp, MaskSource.of(imp, req()), req("seam", "none"), Monitor.NONE)
                .image().getProcessor().getPixels();
        byte[] match = (byte[]) ImageInpainter.run(imp, MaskSource.of(imp, req()), req(), Monitor.NONE).image()
                .getProcessor().getPixels();
        byte[] again = (byte[]) ImageInpainter.run(imp, MaskSource.of(imp, req()), req("seam", "none"), Monitor.NONE)
                .image().getProcessor().getPixels();
        assertArrayEquals(none, again, "same seed, same fill");
        assertNotEquals(java.util.Arrays.hashCode(none), java.util.Arrays.hashCode(match));
    }

    @Test
    void cancelLeavesTheImageExactlyAsItWas() {
        ImagePlus imp = ramp(16, 1);
        short[] before = ((short[]) imp.getProcessor().getPixels()).clone();
        Monitor cancel = Monitors.cancelAfter(3);
        assertThrows(CancelledException.class, () -> ImageInpainter.run(imp, MaskSource.of(imp, req()),
                req("output", "in-place"), cancel));
        assertArrayEquals(before, (short[]) imp.getProcessor().getPixels());
    }

    @Test
    void outpaintingFillsTheNewBorderAndKeepsTheOriginal() {
        ImagePlus imp = ramp(8, 1);
        imp.deleteRoi();
        ImagePlus out = Outpainter.run(imp, req("context", "32"), new Outpainter.Border(0, 32, 0, 16, 0),
                Monitor.NONE).image();
        assertEquals(128, out.getWidth());
        assertEquals(96, out.getHeight());
        ImageProcessor a = imp.getProcessor(), b = out.getProcessor();
        for (int y = 0; y < 80; y++) for (int x = 0; x < 96; x++) assertEquals(a.get(x, y), b.get(x, y), x + "," + y);
        int nonBlack = 0;
        for (int y = 80; y < 96; y++) for (int x = 0; x < 128; x++) if (b.get(x, y) != 0) nonBlack++;
        assertTrue(nonBlack > 1000, "the new border is painted: " + nonBlack);
    }
}
