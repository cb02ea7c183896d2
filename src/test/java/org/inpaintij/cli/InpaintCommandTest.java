package org.inpaintij.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import org.inpaintij.testing.Metrics;
import org.junit.jupiter.api.Test;

/** The command line on files and folders: results, exit status and messages. */
class InpaintCommandTest extends InProcessCli {

    @Test
    void bundledSampleIsRepairedKeepingTypeAndCalibration() {
        Path dest = tmp.resolve("out.tif");
        assertEquals(0, run("inpaint", "--image", "doc/sample/sample.tif", "--mask", "doc/sample/sample-mask.png",
                "--out", dest.toString()), err);
        assertTrue(out.contains("method=auto"), out);
        ImagePlus in = IJ.openImage("doc/sample/sample.tif");
        ImagePlus res = IJ.openImage(dest.toString());
        ImagePlus clean = IJ.openImage("doc/sample/sample-clean.tif");
        ImagePlus mask = IJ.openImage("doc/sample/sample-mask.png");
        assertEquals(16, res.getBitDepth());
        assertEquals(in.getCalibration().pixelWidth, res.getCalibration().pixelWidth);
        assertEquals("micron", res.getCalibration().getUnit());
        assertTrue(((String) res.getProperty("Info")).contains("Inpaint-IJ"), "provenance kept in the TIFF");
        short[] a = (short[]) in.getProcessor().getPixels(), b = (short[]) res.getProcessor().getPixels();
        byte[] m = new byte[a.length];
        double[] t = new double[a.length], r = new double[a.length], d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            m[i] = (byte) (mask.getProcessor().get(i) != 0 ? 1 : 0);
            if (m[i] == 0) assertEquals(a[i], b[i], "outside the mask at " + i);
            t[i] = clean.getProcessor().get(i);
            r[i] = b[i] & 0xffff;
            d[i] = a[i] & 0xffff;
        }
        double repaired = Metrics.psnr(t, r, m, 65535), damaged = Metrics.psnr(t, d, m, 65535);
        assertTrue(repaired > damaged + 20 && repaired > 40, "repaired " + repaired + " dB, damaged " + damaged);
    }

    @Test
    void foldersPairMasksByName() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in")), masks = Files.createDirectories(tmp.resolve("masks"));
        for (String name : new String[] {"a", "b"}) {
            ShortProcessor sp = new ShortProcessor(40, 30);
            for (int i = 0; i < 1200; i++) sp.set(i, 1000 + (i % 40) * (name.equals("a") ? 1 : 3));
            new FileSaver(new ImagePlus(name, sp)).saveAsTiff(in.resolve(name + ".tif").toString());
            ByteProcessor mp = new ByteProcessor(40, 30);
            mp.set(name.equals("a") ? 10 : 20, 15, 255);
            new FileSaver(new ImagePlus(name, mp)).saveAsPng(masks.resolve(name + ".png").toString());
        }
        Path outDir = tmp.resolve("out");
        assertEquals(0, run("inpaint", "--image", in.toString(), "--mask", masks.toString(), "--out", outDir.toString(),
                "--method", "harmonic"), err);
        assertTrue(out.contains("2 of 2 images done"), out);
        // linear rows: the harmonic fill of one pixel is exact
        assertEquals(1010, IJ.openImage(outDir.resolve("a.tif").toString()).getProcessor().get(10, 15));
        assertEquals(1060, IJ.openImage(outDir.resolve("b.tif").toString()).getProcessor().get(20, 15));
    }

    @Test
    void badInputExitsTwoWithOneLine() {
        assertEquals(2, run("inpaint", "--image", "doc/sample/sample.tif", "--mask", "doc/sample/sample-mask.png",
                "--out", tmp.resolve("x.tif").toString(), "--method", "blur"));
        assertEquals("inpaint-ij: Unknown method 'blur'; accepted: ", err.substring(0, 45));
        assertEquals(1, err.strip().lines().count(), err);
        assertEquals(2, run("inpaint", "--image", "nope.tif", "--mask", "doc/sample/sample-mask.png", "--out", "x.tif"));
        assertTrue(err.contains("--image nope.tif does not exist."), err);
        assertEquals(2, run("inpaint", "--image", "doc/sample/sample.tif", "--out", tmp.resolve("x.tif").toString()));
        assertTrue(err.contains("No mask"), err);
        assertEquals(2, run("inpaint", "--image", "doc/sample/sample.tif", "--mask", "nan", "--out",
                tmp.resolve("x.tif").toString()));
        assertTrue(err.contains("--mask nan needs a 32-bit image"), err);
        assertEquals(2, run("inpaint", "--image", "doc/sample/sample.tif", "--mask", "doc/sample/sample-mask.png",
                "--out", tmp.resolve("x.tif").toString(), "--grow", "-3"));
        assertTrue(err.contains("--grow must be a whole number from 0 to 1000, not -3."), err);
        assertEquals(2, run("inpaint", "--bogus"));
        assertEquals(2, run());
        assertEquals(0, run("inpaint", "--help"));
        assertTrue(out.contains("--method") && out.contains("--feather") && out.contains("--prompt"), out);
    }

    @Test
    void aMaskOfTheWrongSizeIsRefused() throws Exception {
        Path small = tmp.resolve("small.png");
        new FileSaver(new ImagePlus("s", new ByteProcessor(5, 5))).saveAsPng(small.toString());
        assertEquals(2, run("inpaint", "--image", "doc/sample/sample.tif", "--mask", small.toString(), "--out",
                tmp.resolve("x.tif").toString()));
        assertTrue(err.contains("is 5x5 but") && err.contains("must be the same size"), err);
        assertArrayEquals(new String[0], tmp.toFile().list((d, n) -> n.equals("x.tif")));
    }

    @Test
    void diffusionInBatchLoadsTheModelOnce() throws Exception {
        Path model = org.inpaintij.diffusion.model.TinyModels.folder(org.inpaintij.diffusion.model.TinyModels.SD15_SCRIPT, "cli");
        Path in = Files.createDirectories(tmp.resolve("din")), masks = Files.createDirectories(tmp.resolve("dmasks"));
        for (String name : new String[] {"a", "b"}) {
            ByteProcessor img = new ByteProcessor(128, 128);
            img.setValue(153);
            img.fill();
            new FileSaver(new ImagePlus(name, img)).saveAsTiff(in.resolve(name + ".tif").toString());
            ByteProcessor mp = new ByteProcessor(128, 128);
            mp.setValue(255);
            mp.setRoi(32, 32, 64, 64);
            mp.fill();
            new FileSaver(new ImagePlus(name, mp)).saveAsPng(masks.resolve(name + ".png").toString());
        }
        org.inpaintij.diffusion.PipelineCache cache = org.inpaintij.diffusion.PipelineCache.shared();
        int before = cache.size();
        Path outDir = tmp.resolve("dout");
        assertEquals(0, run("inpaint", "--image", in.toString(), "--mask", masks.toString(), "--out", outDir.toString(),
                "--method", "diffusion", "--model", model.toString(), "--prompt", "red", "--steps", "10",
                "--cfg", "1", "--seed", "3", "--resolution", "128", "--context", "32"), err);
        assertEquals(before + 1, cache.size(), "one pipeline opened for the whole batch");
        assertTrue(cache.isOpen(model, "auto"));
        for (String name : new String[] {"a", "b"}) {
            ImageProcessor r = IJ.openImage(outDir.resolve(name + ".tif").toString()).getProcessor();
            assertEquals(153, r.get(5, 5), "outside the mask");
            double sum = 0;
            for (int y = 32; y < 96; y++) for (int x = 32; x < 96; x++) sum += r.get(x, y);
            // the analytic model's closed form: luminance of (0.45, 0.35, 0.35)
            assertEquals(255 * (0.299 * 0.45 + 0.701 * 0.35), sum / 4096, 0.03 * 255);
        }
        assertTrue(out.contains("prompt=\"red\""), out);
    }
}
