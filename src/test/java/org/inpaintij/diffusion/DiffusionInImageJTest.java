package org.inpaintij.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;
import ij.process.ImageProcessor;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.CancelledException;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Monitor;
import org.inpaintij.diffusion.model.TinyModels;
import org.inpaintij.testing.Metrics;
import org.inpaintij.diffusion.scheduler.Scheduler;
import org.inpaintij.diffusion.scheduler.SchedulerConfig;
import org.inpaintij.diffusion.scheduler.Schedulers;
import org.inpaintij.ij.ImageInpainter;
import org.inpaintij.ij.MaskSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * method=diffusion through the facade on ImageJ images of every type, with the project's analytic model: its
 * UNet is the exact noise prediction of a Gaussian prior on the latents (mean -0.3 per channel, "red" adds 0.2
 * to channel 0, spread 0.15) and its VAE maps a latent l to the pixel (l + 1) / 2 on 8 x 8 blocks. On a flat
 * image with a hole on the 8-pixel grid of a window the model sees at its own size, the hole's mean is therefore
 * known: 0.35 of the display range in green and blue, 0.45 in red with the prompt "red".
 */
class DiffusionInImageJTest {

    private static Path sd15;

    @BeforeAll
    static void models() {
        sd15 = TinyModels.folder(TinyModels.SD15_SCRIPT, "imagej");
    }

    /** A 256 x 256 image of the given type, flat at the given fraction of its display range. */
    private static ImagePlus flat(int depth, double lo, double hi, double frac) {
        String type = depth == 24 ? "RGB" : depth + "-bit";
        ImagePlus imp = IJ.createImage("flat", type + " black", 256, 256, 1);
        ImageProcessor ip = imp.getProcessor();
        if (depth == 24) {
            int v = (int) Math.round(frac * 255);
            ip.setColor(new java.awt.Color(v, v, v));
            ip.fill();
        } else {
            ip.setValue(lo + frac * (hi - lo));
            ip.fill();
            ip.setMinAndMax(lo, hi);
        }
        // window: hole 128 + 2 x context 32 = 192 at (32, 32); the hole starts at 32 in it, on the 8-pixel grid
        imp.setRoi(new Roi(64, 64, 128, 128));
        return imp;
    }

    private static InpaintRequest req(String... kv) {
        return TinyModels.request(sd15.toString(), kv);
    }

    private static double[] holeMean(ImageProcessor ip, double lo, double hi) {
        return Metrics.unitMeans(ip, new java.awt.Rectangle(64, 64, 128, 128), lo, hi);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 32, 24})
    void holeStatisticsAsTheorySaysInEveryTypeAndNothingElseChanges(int depth) {
        double lo = depth == 16 ? 1000 : depth == 32 ? -2 : 0, hi = depth == 16 ? 5000 : depth == 32 ? 3 : 255;
        ImagePlus imp = flat(depth, lo, hi, 0.6);
        ImagePlus out = ImageInpainter.run(imp, MaskSource.of(imp, req()), req("prompt", "a red car"), Monitor.NONE).image();
        ImageProcessor a = imp.getProcessor(), b = out.getProcessor();
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                if (x >= 64 && x < 192 && y >= 64 && y < 192) continue;
                assertEquals(Float.floatToRawIntBits(a.getf(x, y)), Float.floatToRawIntBits(b.getf(x, y)), x + "," + y);
            }
        }
        double[] m = holeMean(b, lo, hi);
        // 256 latent blocks of spread 0.15 / 2 in pixel units (DDIM shrinks it a little): 4 standard errors < 0.02
        if (depth == 24) {
            assertEquals(0.45, m[0], 0.02, "red");
            assertEquals(0.35, m[1], 0.02, "green");
            assertEquals(0.35, m[2], 0.02, "blue");
        } else {
            // grayscale comes back as luminance: 0.299 R + 0.587 G + 0.114 B
            assertEquals(0.299 * 0.45 + 0.701 * 0.35, m[0], 0.02, "luminance");
        }
        String info = (String) out.getProperty("Info");
        assertTrue(info.contains("method=diffusion") && info.contains("prompt=\"a red car\"") && info.contains("seed=5")
                && info.contains("unet/model.onnx sha256 ") && info.contains("unet/weights.pb sha256 ") && info.contains("device=CPU"), info);
    }

    @Test
    void guidanceMovesTheMeanByThePredictedAmount() {
        ImagePlus imp = flat(24, 0, 255, 0.6);
        double r1 = holeMean(ImageInpainter.run(imp, MaskSource.of(imp, req()), req("prompt", "red"), Monitor.NONE).image().getProcessor(), 0, 255)[0];
        double r2 = holeMean(ImageInpainter.run(imp, MaskSource.of(imp, req()), req("prompt", "red", "cfg", "2"), Monitor.NONE).image().getProcessor(), 0, 255)[0];
        double none = holeMean(ImageInpainter.run(imp, MaskSource.of(imp, req()), req("prompt", ""), Monitor.NONE).image().getProcessor(), 0, 255)[0];
        // each unit of guidance adds the prompt's shift 0.2 / 2 = 0.1 to red, in pixel units
        assertEquals(0.35, none, 0.02);
        assertEquals(none + 0.1, r1, 0.02);
        assertEquals(none + 0.2, r2, 0.02);
    }

    @Test
    void sameSeedSameResultAndVariationsDiffer() {
        ImagePlus imp = flat(8, 0, 255, 0.5);
        byte[] a = (byte[]) ImageInpainter.run(imp, MaskSource.of(imp, req()), req(), Monitor.NONE).image().getProcessor().getPixels();
        byte[] b = (byte[]) ImageInpainter.run(imp, MaskSource.of(imp, req()), req(), Monitor.NONE).image().getProcessor().getPixels();
        assertTrue(java.util.Arrays.equals(a, b), "bit-identical for the same seed");
        ImagePlus v = ImageInpainter.run(imp, MaskSource.of(imp, req()), req("variations", "3", "seed", "11"), Monitor.NONE).image();
        assertEquals(3, v.getStackSize());
        assertEquals("seed=12", v.getStack().getSliceLabel(2));
        assertNotEquals(java.util.Arrays.hashCode((byte[]) v.getStack().getPixels(1)), java.util.Arrays.hashCode((byte[]) v.getStack().getPixels(2)));
        ImagePlus again = ImageInpainter.run(imp, MaskSource.of(imp, req()), req("variations", "3", "seed", "11"), Monitor.NONE).image();
        for (int s = 1; s <= 3; s++) assertTrue(java.util.Arrays.equals((byte[]) v.getStack().getPixels(s), (byte[]) again.getStack().getPixels(s)));
    }

    @Test
    void smallStrengthKeepsTheHoleCloseToTheInput() {
        ImagePlus imp = flat(8, 0, 255, 0.8);
        double m = holeMean(ImageInpainter.run(imp, MaskSource.of(imp, req()), req("strength", "0.1"), Monitor.NONE).image().getProcessor(), 0, 255)[0];
        // theory: DDIM from the image latent (2 * 0.8 - 1) noised to the strength's first timestep, towards the prior
        Scheduler s = Schedulers.create("ddim", SchedulerConfig.read(sd15.resolve("scheduler/scheduler_config.json")));
        s.setTimesteps(20, 0.1);
        double abs = GaussianPriorTheory.ABAR[(int) s.timesteps()[s.startIndex()]];
        double latent = GaussianPriorTheory.ddim(s.timesteps(), s.startIndex(), Math.sqrt(abs) * 0.6, 1 - abs, -0.3, 0.15).mean();
        assertEquals((latent + 1) / 2, m, 0.01);
        assertTrue(m > 0.5, "much closer to the input 0.8 than a full repaint (0.35): " + m);
        double full = holeMean(ImageInpainter.run(imp, MaskSource.of(imp, req()), req("strength", "1"), Monitor.NONE).image().getProcessor(), 0, 255)[0];
        assertEquals(0.35, full, 0.02);
    }

    @Test
    void badInputAndCancelLeaveTheImageUntouched() {
        ImagePlus imp = flat(8, 0, 255, 0.5);
        byte[] before = ((byte[]) imp.getProcessor().getPixels()).clone();
        BadInputException e = assertThrows(BadInputException.class, () -> ImageInpainter.run(imp,
                MaskSource.of(imp, req()), req("model", "/nonexistent/model"), Monitor.NONE));
        assertTrue(e.getMessage().contains("/nonexistent/model"), e.getMessage());
        Monitor cancel = new Monitor() {
            int n;

            @Override
            public void progress(double fraction, String status) {
                n++;
            }

            @Override
            public boolean isCancelled() {
                return n > 4;
            }
        };
        assertThrows(CancelledException.class, () -> ImageInpainter.run(imp, MaskSource.of(imp, req()),
                req("output", "in-place"), cancel));
        assertTrue(java.util.Arrays.equals(before, (byte[]) imp.getProcessor().getPixels()));
    }

    @Test
    void outpaintingWithTheModelFillsTheNewBorderAndKeepsTheRest() {
        ImagePlus imp = IJ.createImage("o", "8-bit black", 128, 128, 1);
        imp.getProcessor().setValue(153);
        imp.getProcessor().fill();
        ImagePlus out = org.inpaintij.ij.Outpainter.run(imp, req("resolution", "256", "prompt", ""),
                new org.inpaintij.ij.Outpainter.Border(0, 64, 0, 0, 0), Monitor.NONE).image();
        assertEquals(192, out.getWidth());
        ImageProcessor ip = out.getProcessor();
        for (int y = 0; y < 128; y++) for (int x = 0; x < 128; x++) assertEquals(153, ip.get(x, y));
        // the new border is the model's (0.35 grey for this model) brought towards the original's 0.6 by the seam
        // correction, which provenance reports; a plain copy of the edge would be 0.6 exactly
        double m = Metrics.unitMeans(ip, new java.awt.Rectangle(136, 8, 48, 112), 0, 255)[0];
        assertTrue(m > 0.36 && m < 0.58, "border mean " + m);
        String info = (String) out.getProperty("Info");
        assertTrue(info.contains("fill matched to its surroundings"), info);
    }

    @Test
    void outOfMemoryIsRecognisedInOnnxRuntimesWords() {
        assertTrue(DiffusionEngine.outOfMemory(new IllegalStateException("The UNet failed: ",
                new RuntimeException("[ErrorCode:RuntimeException] Failed to allocate memory for requested buffer"))));
        assertTrue(DiffusionEngine.outOfMemory(new OutOfMemoryError("Java heap space")));
        assertTrue(!DiffusionEngine.outOfMemory(new IllegalStateException("The UNet failed: shape mismatch")));
    }

    @Test
    void aPromptLongerThanTheModelTakesIsReported() {
        ImagePlus imp = flat(8, 0, 255, 0.5);
        String longPrompt = "red ".repeat(100).trim();
        String info = (String) ImageInpainter.run(imp, MaskSource.of(imp, req()), req("prompt", longPrompt, "steps", "2"),
                Monitor.NONE).image().getProperty("Info");
        assertTrue(info.contains("cut to the model's 77 tokens"), info);
        String shortInfo = (String) ImageInpainter.run(imp, MaskSource.of(imp, req()), req("prompt", "red", "steps", "2"),
                Monitor.NONE).image().getProperty("Info");
        assertTrue(!shortInfo.contains("77 tokens"), shortInfo);
    }
}
