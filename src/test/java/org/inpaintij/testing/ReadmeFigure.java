package org.inpaintij.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Monitor;
import org.inpaintij.ij.ImageInpainter;
import org.inpaintij.ij.MaskSource;

/**
 * Makes the README's before/after picture from the bundled sample: the damaged image and the default fill side
 * by side, both shown with the same display range. Run once; the PNG is committed.
 */
public final class ReadmeFigure {

    private ReadmeFigure() {}

    /** Writes doc/images/before-after.png (or the path given). */
    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Path dest = Path.of(args.length > 0 ? args[0] : "doc/images/before-after.png");
        Files.createDirectories(dest.getParent());
        ImagePlus in = IJ.openImage("doc/sample/sample.tif");
        ImagePlus mask = IJ.openImage("doc/sample/sample-mask.png");
        ImagePlus out = ImageInpainter.run(in, MaskSource.image(mask), InpaintRequest.defaults("auto"), Monitor.NONE)
                .image();
        ImageProcessor a = in.getProcessor().duplicate(), b = out.getProcessor().duplicate();
        double lo = 250, hi = 4500;
        a.setMinAndMax(lo, hi);
        b.setMinAndMax(lo, hi);
        int w = a.getWidth(), h = a.getHeight(), gap = 8;
        ColorProcessor fig = new ColorProcessor(2 * w + gap, h);
        fig.setColor(java.awt.Color.white);
        fig.fill();
        fig.insert(a.convertToRGB(), 0, 0);
        fig.insert(b.convertToRGB(), w + gap, 0);
        new FileSaver(new ImagePlus("before-after", fig)).saveAsPng(dest.toString());
    }
}
