package org.inpaintij.ij;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.ImageRoi;
import ij.gui.OvalRoi;
import ij.gui.Roi;
import ij.measure.Calibration;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.CancelledException;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Monitor;
import org.inpaintij.core.Requests;
import org.inpaintij.testing.Fixtures;
import org.inpaintij.testing.Metrics;
import org.inpaintij.testing.Monitors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The facade on real ImageJ images of every type: what changes, what must not, and what is recorded. */
class ImageInpainterTest {

    private static InpaintRequest req(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return Requests.parse(m);
    }

    /** camera.png as 8-bit, 16-bit (x257), 32-bit (/255 + 10) or, for 24, astronaut as RGB. */
    static ImagePlus image(int bitDepth) {
        ImagePlus imp = IJ.openImage(Fixtures.file("images/" + (bitDepth == 24 ? "astronaut.png" : "camera.png")).toString());
        if (bitDepth == 16) {
            ImageProcessor ip = imp.getProcessor().convertToShort(false);
            ip.multiply(257);
            imp = new ImagePlus("camera16", ip);
        } else if (bitDepth == 32) {
            FloatProcessor fp = imp.getProcessor().convertToFloatProcessor();
            fp.multiply(1 / 255.0);
            fp.add(10);
            imp = new ImagePlus("camera32", fp);
        } else if (bitDepth == 24 && imp.getBitDepth() != 24) {
            imp = new ImagePlus("astronaut", imp.getProcessor().convertToRGB());
        }
        imp.getProcessor().resetMinAndMax();
        return imp;
    }

    private static Object copyPixels(ImageProcessor ip) {
        return ip.duplicate().getPixels();
    }

    /** Asserts that pixels outside the roi's mask are identical and returns in-mask PSNR against truth. */
    private static double compare(ImageProcessor truth, ImageProcessor result, Roi roi, double peak) {
        byte[] mask = new byte[truth.getPixelCount()];
        for (java.awt.Point p : roi.getContainedPoints()) mask[p.y * truth.getWidth() + p.x] = 1;
        int nc = truth instanceof ColorProcessor ? 3 : 1;
        double psnr = 0;
        for (int c = 0; c < nc; c++) {
            double[] t = new double[mask.length], r = new double[mask.length];
            for (int i = 0; i < mask.length; i++) {
                t[i] = nc == 3 ? (truth.get(i) >> (16 - 8 * c)) & 0xff : truth.getf(i);
                r[i] = nc == 3 ? (result.get(i) >> (16 - 8 * c)) & 0xff : result.getf(i);
                if (mask[i] == 0) assertEquals(Float.floatToRawIntBits(truth.getf(i)), Float.floatToRawIntBits(result.getf(i)), "pixel " + i);
            }
            psnr += Metrics.psnr(t, r, mask, peak) / nc;
        }
        return psnr;
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 32, 24})
    void everyTypeNewWindowOutsideUntouched(int depth) {
        ImagePlus imp = image(depth);
        Calibration cal = imp.getCalibration();
        cal.pixelWidth = 0.25;
        cal.setUnit("micron");
        imp.setProperty("Info", "acquired by test");
        imp.setProp("Objective", "63x");
        Object before = copyPixels(imp.getProcessor());
        Roi roi = new OvalRoi(depth == 24 ? 420 : 200, depth == 24 ? 60 : 180, 14, 9);
        imp.setRoi(roi);
        for (String method : new String[] {"harmonic", "telea", "auto"}) {
            ImageInpainter.Result r = ImageInpainter.run(imp, MaskSource.of(imp, req("method", method)),
                    req("method", method), Monitor.NONE);
            ImagePlus out = r.image();
            assertNotSame(imp, out);
            assertEquals(depth, out.getBitDepth());
            assertTrue(out.getTitle().endsWith("-inpainted"), out.getTitle());
            assertEquals(0.25, out.getCalibration().pixelWidth);
            assertEquals("micron", out.getCalibration().getUnit());
            assertEquals("63x", out.getProp("Objective"));
            String info = (String) out.getProperty("Info");
            assertTrue(info.startsWith("acquired by test\n"), info);
            assertTrue(info.contains("Inpaint-IJ ") && info.contains("method=" + method), info);
            assertEquals(imp.getDisplayRangeMin(), out.getDisplayRangeMin());
            assertEquals(imp.getDisplayRangeMax(), out.getDisplayRangeMax());
            assertNotNull(out.getOverlay());
            assertEquals(Rois.INPAINTED, out.getOverlay().get(0).getName());
            double peak = depth == 16 ? 65535 : depth == 32 ? 1 : 255;
            double psnr = compare(imp.getProcessor(), out.getProcessor(), roi, peak);
            assertTrue(psnr > 20, depth + " " + method + " psnr " + psnr);
            // the source image is untouched, pixel for pixel
            assertTrue(java.util.Objects.deepEquals(before, imp.getProcessor().getPixels()));
        }
    }

    @Test
    void inPlaceChangesOnlyTheMaskAndSnapshotsForUndo() {
        ImagePlus imp = image(16);
        ImageProcessor orig = imp.getProcessor().duplicate();
        Roi roi = new Roi(100, 100, 20, 12);
        imp.setRoi(roi);
        ImageInpainter.Result r = ImageInpainter.run(imp, MaskSource.of(imp, req()), req("output", "in-place"), Monitor.NONE);
        assertSame(imp, r.image());
        compare(orig, imp.getProcessor(), roi, 65535);
        // the snapshot Undo restores from is the original
        ImageProcessor ip = imp.getProcessor();
        ip.reset();
        assertArrayEquals((short[]) orig.getPixels(), (short[]) ip.getPixels());
    }

    @Test
    void undoTakesTheProvenanceLineAwayWithThePixelsAndRedoBringsItBack() {
        ImagePlus imp = image(16);
        imp.setProperty("Info", "acquired on scope 3\n");
        short[] orig = ((short[]) imp.getProcessor().getPixels()).clone();
        imp.setRoi(new Roi(100, 100, 20, 12));
        ImageInpainter.run(imp, MaskSource.of(imp, req()), req("output", "in-place"), Monitor.NONE);
        String filledInfo = (String) imp.getProperty("Info");
        assertTrue(filledInfo.startsWith("acquired on scope 3\nInpaint-IJ "), filledInfo);
        short[] filled = ((short[]) imp.getProcessor().getPixels()).clone();
        ij.WindowManager.setTempCurrentImage(imp);
        try {
            // Edit > Undo from the menu (or Ctrl+Z): the pixels and the Info come back together
            undoAsTheMenuDoes();
            assertArrayEquals(orig, (short[]) imp.getProcessor().getPixels());
            assertEquals("acquired on scope 3\n", imp.getProperty("Info"));
            // a second Undo is ImageJ's redo: the fill and its line return
            undoAsTheMenuDoes();
            assertArrayEquals(filled, (short[]) imp.getProcessor().getPixels());
            assertEquals(filledInfo, imp.getProperty("Info"));
            // another change of those pixels (a filter) ends the tracking: its undo leaves the Info alone
            imp.getProcessor().snapshot();
            ij.Undo.setup(ij.Undo.FILTER, imp);
            imp.getProcessor().invert();
            undoAsTheMenuDoes();
            assertArrayEquals(filled, (short[]) imp.getProcessor().getPixels());
            assertEquals(filledInfo, imp.getProperty("Info"));
        } finally {
            ij.WindowManager.setTempCurrentImage(null);
        }
        // an image without Info gets none back
        ImagePlus bare = image(8);
        bare.setRoi(new Roi(10, 10, 5, 5));
        ImageInpainter.run(bare, MaskSource.of(bare, req()), req("output", "in-place"), Monitor.NONE);
        assertNotNull(bare.getProperty("Info"));
        ij.WindowManager.setTempCurrentImage(bare);
        try {
            undoAsTheMenuDoes();
        } finally {
            ij.WindowManager.setTempCurrentImage(null);
        }
        assertEquals(null, bare.getProperty("Info"));
    }

    /**
     * What ImageJ's Executer does for the Undo command, without the menus a headless test cannot build: the
     * command listeners first, then Edit > Undo itself (the macro's run("Undo") is driven in {@code RealImageJIT}).
     */
    private static void undoAsTheMenuDoes() {
        assertEquals("Undo", ProvenanceUndo.listener().commandExecuting("Undo"));
        ij.Undo.undo();
    }

    @Test
    void overlayModeLeavesPixelsAndAddsALayerWithTheResult() {
        ImagePlus imp = image(8);
        Object before = copyPixels(imp.getProcessor());
        Roi roi = new Roi(300, 40, 16, 16);
        imp.setRoi(roi);
        ImageInpainter.run(imp, MaskSource.of(imp, req()), req("output", "overlay"), Monitor.NONE);
        assertArrayEquals((byte[]) before, (byte[]) imp.getProcessor().getPixels());
        ImageRoi layer = null;
        for (Roi o : imp.getOverlay()) if (o instanceof ImageRoi ir) layer = ir;
        assertNotNull(layer);
        assertEquals(new java.awt.Rectangle(300, 40, 16, 16), layer.getBounds());
        // the layer shows the same fill as output=new
        ImagePlus fresh = image(8);
        fresh.setRoi(roi);
        ImagePlus out = ImageInpainter.run(fresh, MaskSource.of(fresh, req()), req(), Monitor.NONE).image();
        ImageProcessor lp = layer.getProcessor();
        for (int y = 0; y < 16; y++) for (int x = 0; x < 16; x++) assertEquals(out.getProcessor().get(300 + x, 40 + y), lp.get(x, y));
    }

    @Test
    void stacksFillTheCurrentSliceOrAllOfThem() {
        ImageStack st = new ImageStack(64, 48);
        for (int s = 1; s <= 3; s++) {
            FloatProcessor fp = new FloatProcessor(64, 48);
            for (int i = 0; i < 64 * 48; i++) fp.setf(i, 100 * s + (i % 64));
            st.addSlice("slice-" + s, fp);
        }
        ImagePlus imp = new ImagePlus("stack", st);
        imp.setSlice(2);
        Roi roi = new Roi(20, 20, 6, 6);
        imp.setRoi(roi);
        ImagePlus one = ImageInpainter.run(imp, MaskSource.of(imp, req()), req("method", "harmonic"), Monitor.NONE).image();
        assertEquals(3, one.getStackSize());
        assertEquals("slice-2", one.getStack().getSliceLabel(2));
        // slice 2 filled: the field is linear in x, so the harmonic fill is exact
        assertEquals(200 + 22, one.getStack().getProcessor(2).getf(22, 22), 1e-3);
        // slices 1 and 3 identical to the input
        assertArrayEquals((float[]) st.getPixels(1), (float[]) one.getStack().getPixels(1));
        ImagePlus all = ImageInpainter.run(imp, MaskSource.of(imp, req()), req("method", "harmonic", "stack", "true"), Monitor.NONE).image();
        for (int s = 1; s <= 3; s++) assertEquals(100 * s + 23, all.getStack().getProcessor(s).getf(23, 21), 1e-3);
    }

    @Test
    void hyperstackChannelsAreFilledFromTheirOwnData() {
        ImagePlus imp = IJ.createHyperStack("hs", 40, 30, 2, 2, 1, 16);
        ImageStack st = imp.getStack();
        for (int n = 1; n <= 4; n++) {
            int c = (n - 1) % 2 + 1;
            st.getProcessor(n).set(c == 1 ? 100 : 1000);
        }
        imp.setRoi(new Roi(10, 10, 5, 5));
        ImagePlus out = ImageInpainter.run(imp, MaskSource.of(imp, req()), req("stack", "true"), Monitor.NONE).image();
        for (int n = 1; n <= 4; n++) {
            int c = (n - 1) % 2 + 1;
            assertEquals(c == 1 ? 100 : 1000, out.getStack().getProcessor(n).get(12, 12), "plane " + n);
        }
        assertTrue(out.isHyperStack());
    }

    @Test
    void inPlaceOnAWholeStackNeedsConfirmationAndLeavesItUntouched() {
        ImagePlus imp = IJ.createImage("s", "8-bit noise", 30, 30, 3);
        imp.setRoi(new Roi(5, 5, 4, 4));
        byte[] before = ((byte[]) imp.getStack().getPixels(3)).clone();
        BadInputException e = assertThrows(BadInputException.class, () -> ImageInpainter.run(imp,
                MaskSource.of(imp, req()), req("output", "in-place", "stack", "true"), Monitor.NONE));
        assertTrue(e.getMessage().contains("no_undo"), e.getMessage());
        assertArrayEquals(before, (byte[]) imp.getStack().getPixels(3));
        ImageInpainter.run(imp, MaskSource.of(imp, req()), req("output", "in-place", "stack", "true", "no_undo", "true"), Monitor.NONE);
        assertFalse(java.util.Arrays.equals(before, (byte[]) imp.getStack().getPixels(3)));
    }

    @Test
    void nanNeverSpreadsAndMaskNanFillsIt() {
        FloatProcessor fp = new FloatProcessor(50, 40);
        for (int y = 0; y < 40; y++) for (int x = 0; x < 50; x++) fp.setf(x, y, 0.5f + 0.01f * x);
        // NaN and infinity right next to the hole, outside the mask
        fp.setf(19, 20, Float.NaN);
        fp.setf(26, 20, Float.POSITIVE_INFINITY);
        ImagePlus imp = new ImagePlus("f", fp);
        imp.setRoi(new Roi(20, 18, 6, 5));
        for (String method : new String[] {"harmonic", "telea"}) {
            ImageProcessor out = ImageInpainter.run(imp, MaskSource.of(imp, req()), req("method", method), Monitor.NONE).image().getProcessor();
            for (int y = 18; y < 23; y++) for (int x = 20; x < 26; x++) assertTrue(Float.isFinite(out.getf(x, y)), method + " " + x + "," + y);
            assertTrue(Float.isNaN(out.getf(19, 20)));
            assertEquals(Float.POSITIVE_INFINITY, out.getf(26, 20));
            assertEquals(0.5 + 0.01 * 22, out.getf(22, 20), 2e-3);
        }
        ImageProcessor filled = ImageInpainter.run(imp, MaskSource.nan(), req("mask", "nan", "method", "harmonic"), Monitor.NONE).image().getProcessor();
        assertEquals(0.5 + 0.01 * 19, filled.getf(19, 20), 1e-4);
        assertEquals(Float.POSITIVE_INFINITY, filled.getf(26, 20));
    }

    @ParameterizedTest
    @ValueSource(strings = {"harmonic", "telea", "auto"})
    void unitsFloatEqualsByteOver255(String method) {
        ImagePlus b = image(8);
        FloatProcessor fp = b.getProcessor().convertToFloatProcessor();
        fp.multiply(1 / 255.0);
        ImagePlus f = new ImagePlus("f", fp);
        Roi roi = new OvalRoi(150, 150, 30, 20);
        b.setRoi(roi);
        f.setRoi(roi);
        // 8-bit results are rounded on write: compare the float fill with the unrounded 8-bit fill instead
        ImagePlus bf = new ImagePlus("bf", b.getProcessor().convertToFloatProcessor());
        bf.setRoi(roi);
        ImageProcessor rb = ImageInpainter.run(bf, MaskSource.of(bf, req()), req("method", method), Monitor.NONE).image().getProcessor();
        ImageProcessor rf = ImageInpainter.run(f, MaskSource.of(f, req()), req("method", method), Monitor.NONE).image().getProcessor();
        for (java.awt.Point p : roi.getContainedPoints()) {
            double expect = rb.getf(p.x, p.y) / 255.0;
            assertEquals(expect, rf.getf(p.x, p.y), 1e-4 * Math.abs(expect), method + " at " + p);
        }
    }

    @Test
    void badInputLeavesTheImageUntouched() {
        ImagePlus imp = image(16);
        short[] before = ((short[]) imp.getProcessor().getPixels()).clone();
        assertBad(() -> MaskSource.of(imp, req()), "There is no selection");
        imp.setRoi(new Roi(600, 600, 10, 10));
        assertBad(() -> ImageInpainter.run(imp, MaskSource.of(imp, req()), req(), Monitor.NONE), "The selection lies outside the image");
        imp.setRoi(new Roi(0, 0, 512, 512));
        assertBad(() -> ImageInpainter.run(imp, MaskSource.of(imp, req()), req("output", "in-place"), Monitor.NONE), "The mask covers the whole image");
        assertBad(() -> MaskSource.nan().maskFor(imp, 1), "mask=nan needs a 32-bit image");
        ImagePlus small = IJ.createImage("m", "8-bit black", 10, 10, 1);
        assertBad(() -> ImageInpainter.run(imp, MaskSource.image(small), req(), Monitor.NONE), "The mask image 'm' is 10x10");
        ImagePlus gray = IJ.createImage("g", "8-bit ramp", 512, 512, 1);
        assertBad(() -> ImageInpainter.run(imp, MaskSource.image(gray), req(), Monitor.NONE), "The mask image 'g' is not binary");
        ImagePlus indexed = IJ.createImage("lut", "8-bit black", 20, 20, 1);
        byte[] r = new byte[256], g = new byte[256], b = new byte[256];
        for (int i = 0; i < 256; i++) {
            r[i] = (byte) (i * 37);
            g[i] = (byte) (i * 91);
            b[i] = (byte) (i * 13);
        }
        indexed.getProcessor().setColorModel(new java.awt.image.IndexColorModel(8, 256, r, g, b));
        indexed.setTypeToColor256();
        assertEquals(ImagePlus.COLOR_256, indexed.getType());
        indexed.setRoi(new Roi(2, 2, 3, 3));
        assertBad(() -> ImageInpainter.run(indexed, MaskSource.of(indexed, req()), req(), Monitor.NONE), "'lut' is an 8-bit indexed-colour image");
        assertArrayEquals(before, (short[]) imp.getProcessor().getPixels());
    }

    private static void assertBad(org.junit.jupiter.api.function.Executable x, String start) {
        BadInputException e = assertThrows(BadInputException.class, x);
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }

    @Test
    void cancelLeavesTheImageExactlyAsItWas() {
        ImagePlus imp = IJ.createImage("s", "16-bit ramp", 200, 200, 4);
        imp.setRoi(new OvalRoi(50, 50, 80, 80));
        short[][] before = new short[4][];
        for (int s = 1; s <= 4; s++) before[s - 1] = ((short[]) imp.getStack().getPixels(s)).clone();
        Monitor cancelLater = Monitors.cancelAfter(3);
        assertThrows(CancelledException.class, () -> ImageInpainter.run(imp, MaskSource.of(imp, req()),
                req("output", "in-place", "stack", "true", "no_undo", "true"), cancelLater));
        for (int s = 1; s <= 4; s++) assertArrayEquals(before[s - 1], (short[]) imp.getStack().getPixels(s));
        assertEquals(null, imp.getProperty("Info"));
    }

    @Test
    void explicitSeedGivesEachPlaneItsOwnReproducibleSeed() {
        ImagePlus imp = IJ.createImage("s", "32-bit black", 20, 20, 3);
        imp.setRoi(new Roi(5, 5, 2, 2));
        ImagePlus out = ImageInpainter.run(imp, MaskSource.of(imp, req()), req("method", "test-seed", "seed", "40",
                "stack", "true"), Monitor.NONE).image();
        for (int s = 1; s <= 3; s++) assertEquals(40 + s - 1, out.getStack().getProcessor(s).getf(5, 5));
        assertTrue(((String) out.getProperty("Info")).contains("seed=40; seed=41; seed=42"), (String) out.getProperty("Info"));
    }

    @Test
    void variationsMakeAStackLabelledBySeedOrOneLayerEach() {
        ImagePlus imp = IJ.createImage("v", "16-bit black", 30, 20, 1);
        imp.setRoi(new Roi(3, 3, 4, 4));
        ImagePlus out = ImageInpainter.run(imp, MaskSource.of(imp, req()), req("method", "test-seed", "seed", "7",
                "variations", "3"), Monitor.NONE).image();
        assertEquals(3, out.getStackSize());
        for (int s = 1; s <= 3; s++) {
            assertEquals("seed=" + (7 + s - 1), out.getStack().getSliceLabel(s));
            assertEquals(7 + s - 1, out.getStack().getProcessor(s).get(4, 4));
            assertEquals(0, out.getStack().getProcessor(s).get(10, 10));
        }
        // without a seed, three drawn seeds, shown in the labels, and the same three again when given back
        ImagePlus drawn = ImageInpainter.run(imp, MaskSource.of(imp, req()), req("method", "test-seed", "seed", "-1",
                "variations", "3"), Monitor.NONE).image();
        long first = Long.parseLong(drawn.getStack().getSliceLabel(1).substring(5));
        ImagePlus again = ImageInpainter.run(imp, MaskSource.of(imp, req()), req("method", "test-seed", "seed",
                Long.toString(first), "variations", "3"), Monitor.NONE).image();
        for (int s = 1; s <= 3; s++) assertEquals(drawn.getStack().getSliceLabel(s), again.getStack().getSliceLabel(s));
        ImageInpainter.run(imp, MaskSource.of(imp, req()), req("method", "test-seed", "seed", "7", "variations", "2",
                "output", "overlay"), Monitor.NONE);
        assertEquals("inpainted layer seed=7", imp.getOverlay().get(0).getName());
        assertEquals("inpainted layer seed=8", imp.getOverlay().get(1).getName());
        assertEquals(0, imp.getProcessor().get(4, 4), "overlay leaves the pixels");
        assertBad(() -> ImageInpainter.run(imp, MaskSource.of(imp, req()), req("method", "harmonic", "variations", "2"),
                Monitor.NONE), "Method 'harmonic' gives the same result every time");
        assertBad(() -> ImageInpainter.run(imp, MaskSource.of(imp, req()), req("method", "test-seed", "variations", "2",
                "output", "in-place"), Monitor.NONE), "variations=2 gives several results");
    }
}
