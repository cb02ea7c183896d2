package org.inpaintij.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;

import org.inpaintij.diffusion.zimage.ZImageModels;
import org.inpaintij.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The command line on the committed tiny Z-Image export: {@code inpaint --method diffusion --model DIR
 * --seam none --cfg 0 --steps N --strength S --seed K --resolution 128 --context 128} reproduces each of diffusers'
 * reference cases inside the mask (mean absolute difference under 1/255, 99th percentile under 4/255, the 8-bit
 * rounding included), and every pixel outside the mask is the input's. With
 * {@code -Dinpaintij.zimage.model=DIR} it runs on another export instead, e.g. a fresh one of
 * {@code tools/export-zimage ../shared/fixtures/zimage-tiny/pipeline DIR} (with or without --fp16).
 */
class ZImageCommandLineTest extends InProcessCli {

    private static Path model;

    @BeforeAll
    static void setUp() {
        String other = System.getProperty("inpaintij.zimage.model");
        model = other != null ? Path.of(other) : ZImageModels.folder("cli");
    }

    @Test
    void reproducesEveryReferenceCaseInsideTheMaskAndKeepsEveryOtherPixel() {
        Path image = Fixtures.file("zimage-tiny/reference/image.png"), mask = Fixtures.file("zimage-tiny/reference/mask.png");
        double[][] in = ZImageModels.image();
        boolean[] m = ZImageModels.mask();
        int n = ZImageModels.SIZE;
        for (ZImageModels.Case c : ZImageModels.cases()) {
            Path dest = tmp.resolve("case" + c.index() + ".tif");
            assertEquals(0, run("inpaint", "--image", image.toString(), "--mask", mask.toString(), "--out",
                    dest.toString(), "--method", "diffusion", "--model", model.toString(), "--prompt", c.prompt(),
                    "--seam", "none", "--cfg", "0", "--steps", Integer.toString(c.steps()), "--strength",
                    Double.toString(c.strength()), "--seed", Long.toString(c.seed()), "--resolution",
                    Integer.toString(n), "--context", Integer.toString(n)), err);
            ImagePlus res = IJ.openImage(dest.toString());
            assertEquals(24, res.getBitDepth());
            int[] px = (int[]) res.getProcessor().getPixels();
            double[][] got = new double[3][n * n];
            for (int i = 0; i < n * n; i++) {
                int[] rgb = {(px[i] >> 16) & 255, (px[i] >> 8) & 255, px[i] & 255};
                for (int ch = 0; ch < 3; ch++) {
                    got[ch][i] = rgb[ch] / 255.0;
                    if (!m[i]) assertEquals(in[ch][i], rgb[ch], 0.0, "outside the mask, pixel " + i);
                }
            }
            ZImageModels.Diff d = ZImageModels.inside(got, c.expected(), m);
            assertTrue(d.mean() < 1 && d.p99() < 4, "case " + c.index() + ": " + d);
            String info = (String) res.getProperty("Info");
            assertTrue(info.contains("seam=none;"), info);
            assertTrue(info.contains("seed=" + c.seed()), info);
            System.out.println("Z-Image reference case " + c.index() + " through the command line on " + model + ": " + d);
        }
    }
}
