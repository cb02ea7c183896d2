package org.inpaintij.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.ShortProcessor;

/**
 * Makes the bundled sample (doc/sample): a synthetic 16-bit fluorescence-like micrograph, calibrated in
 * micrometres, with a burnt-in scale bar, a scratch and dust specks, and the mask of those defects. Run once;
 * its output is committed, so the README's first command needs nothing else.
 */
public final class SampleMaker {

    private SampleMaker() {}

    /** Writes sample.tif, sample-mask.png and sample-clean.tif into the given folder. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "doc/sample");
        Files.createDirectories(dir);
        int w = 384, h = 384;
        SplittableRandom rnd = new SplittableRandom(2026);
        double[] img = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) img[y * w + x] = 300 + 0.4 * x + 0.25 * y;
        }
        for (int k = 0; k < 28; k++) {
            double cx = rnd.nextDouble() * w, cy = rnd.nextDouble() * h;
            double a = 9 + rnd.nextDouble() * 12, b = a * (0.6 + 0.4 * rnd.nextDouble());
            double th = rnd.nextDouble() * Math.PI, amp = 1500 + rnd.nextDouble() * 2500;
            double c = Math.cos(th), s = Math.sin(th);
            for (int y = (int) Math.max(0, cy - 3 * a); y < Math.min(h, cy + 3 * a); y++) {
                for (int x = (int) Math.max(0, cx - 3 * a); x < Math.min(w, cx + 3 * a); x++) {
                    double u = ((x - cx) * c + (y - cy) * s) / a, v = (-(x - cx) * s + (y - cy) * c) / b;
                    double r2 = u * u + v * v;
                    // a nucleus: a soft-edged disc with some inner texture
                    double edge = 1 / (1 + Math.exp((Math.sqrt(r2) - 1) * 12));
                    double tex = 1 + 0.15 * Math.sin(x * 0.9 + k) * Math.cos(y * 0.7 - k);
                    img[y * w + x] += amp * edge * tex;
                }
            }
        }
        short[] clean = new short[w * h];
        for (int i = 0; i < img.length; i++) {
            double noisy = img[i] + Math.sqrt(img[i]) * gaussian(rnd);
            clean[i] = (short) Math.max(0, Math.min(65535, Math.round(noisy)));
        }
        short[] damaged = clean.clone();
        byte[] mask = new byte[w * h];
        // scale bar, bottom right, saturated
        paint(damaged, mask, w, h, w - 90, h - 24, 64, 7, 65535);
        // a thin diagonal scratch
        for (int t = 0; t < 170; t++) {
            int x = 40 + t, y = 60 + (int) Math.round(t * 0.45);
            paint(damaged, mask, w, h, x, y, 1, 2, 12000);
        }
        // dust specks
        for (int k = 0; k < 12; k++) {
            int x = 10 + rnd.nextInt(w - 20), y = 10 + rnd.nextInt(h - 20), r = 1 + rnd.nextInt(3);
            for (int dy = -r; dy <= r; dy++) {
                for (int dx = -r; dx <= r; dx++) {
                    if (dx * dx + dy * dy <= r * r) paint(damaged, mask, w, h, x + dx, y + dy, 1, 1, 150);
                }
            }
        }
        Calibration cal = new Calibration();
        cal.pixelWidth = cal.pixelHeight = 0.1625;
        cal.setUnit("micron");
        ImagePlus sample = new ImagePlus("sample", new ShortProcessor(w, h, damaged, null));
        sample.setCalibration(cal);
        sample.setProperty("Info", "Synthetic fluorescence-like micrograph made by Inpaint-IJ's SampleMaker "
                + "(seed 2026): nuclei, a burnt-in scale bar, a scratch and dust.");
        sample.getProcessor().resetMinAndMax();
        IJ.saveAsTiff(sample, dir.resolve("sample.tif").toString());
        ImagePlus truth = new ImagePlus("sample-clean", new ShortProcessor(w, h, clean, null));
        truth.setCalibration(cal);
        IJ.saveAsTiff(truth, dir.resolve("sample-clean.tif").toString());
        byte[] m8 = new byte[w * h];
        for (int i = 0; i < m8.length; i++) m8[i] = (byte) (mask[i] != 0 ? 255 : 0);
        new FileSaver(new ImagePlus("sample-mask", new ByteProcessor(w, h, m8)))
                .saveAsPng(dir.resolve("sample-mask.png").toString());
    }

    private static void paint(short[] img, byte[] mask, int w, int h, int x0, int y0, int bw, int bh, int value) {
        for (int y = y0; y < y0 + bh; y++) {
            for (int x = x0; x < x0 + bw; x++) {
                if (x < 0 || y < 0 || x >= w || y >= h) continue;
                img[y * w + x] = (short) value;
                mask[y * w + x] = 1;
            }
        }
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
