package org.inpaintij.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ImageProcessor;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Monitor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class OutpainterTest {

    @ParameterizedTest
    @ValueSource(strings = {"harmonic", "telea", "auto"})
    void growsByExactlyTheRequestedAmountsAndKeepsTheOriginal(String method) {
        ImagePlus imp = ImageInpainterTest.image(16);
        imp.getCalibration().pixelWidth = 0.5;
        imp.getCalibration().pixelHeight = 0.5;
        short[] orig = ((short[]) imp.getProcessor().getPixels()).clone();
        Outpainter.Border b = new Outpainter.Border(10, 20, 5, 0, 3);
        ImagePlus out = Outpainter.run(imp, InpaintRequest.defaults(method), b, Monitor.NONE).image();
        assertNotSame(imp, out);
        assertEquals(512 + 30, out.getWidth());
        assertEquals(512 + 5, out.getHeight());
        assertEquals(16, out.getBitDepth());
        assertEquals(0.5, out.getCalibration().pixelWidth);
        assertEquals(10, out.getCalibration().xOrigin);
        ImageProcessor ip = out.getProcessor();
        int changedInside = 0;
        for (int y = 0; y < 512; y++) {
            for (int x = 0; x < 512; x++) {
                boolean band = x < 3 || x >= 512 - 3 || y < 3; // bottom did not grow: no band there
                int v = ip.get(x + 10, y + 5), o = orig[y * 512 + x] & 0xffff;
                if (!band) assertEquals(o, v, "original pixel " + x + "," + y);
                else if (v != o) changedInside++;
            }
        }
        assertTrue(changedInside > 0, "the overlap band is repainted");
        // the new border is filled with values in the range of the image, not left at 0
        for (int y = 0; y < out.getHeight(); y += 50) assertTrue(ip.get(0, y) > 0 && ip.get(out.getWidth() - 1, y) > 0);
        assertTrue(((String) out.getProperty("Info")).contains("outpaint border (left=10, right=20, top=5, bottom=0, overlap=3)"));
        assertEquals(orig.length, ((short[]) imp.getProcessor().getPixels()).length);
        assertTrue(java.util.Arrays.equals(orig, (short[]) imp.getProcessor().getPixels()), "input untouched");
    }

    @Test
    void everyPlaneOfAStackGrows() {
        ImagePlus imp = IJ.createImage("st", "32-bit ramp", 40, 30, 3);
        ImagePlus out = Outpainter.run(imp, InpaintRequest.defaults("harmonic"), new Outpainter.Border(4, 4, 4, 4, 0),
                Monitor.NONE).image();
        assertEquals(3, out.getStackSize());
        for (int s = 1; s <= 3; s++) {
            ImageProcessor ip = out.getStack().getProcessor(s);
            // a membrane extends the ramp by its edge values: the right border is near the right edge's value
            assertEquals(ip.getf(43, 15), ip.getf(47, 15), 0.02, "slice " + s);
            assertTrue(ip.getf(47, 15) > 0.9f, "slice " + s + ": " + ip.getf(47, 15));
        }
    }

    @Test
    void badBordersAreRefused() {
        ImagePlus imp = IJ.createImage("x", "8-bit ramp", 40, 30, 1);
        assertThrows(BadInputException.class, () -> Outpainter.run(imp, InpaintRequest.defaults("auto"),
                new Outpainter.Border(0, 0, 0, 0, 4), Monitor.NONE));
        BadInputException e = assertThrows(BadInputException.class, () -> Outpainter.run(imp,
                InpaintRequest.defaults("auto"), new Outpainter.Border(5, 0, 0, 0, 20), Monitor.NONE));
        assertTrue(e.getMessage().startsWith("overlap must be less than half"), e.getMessage());
    }
}
