package org.inpaintij.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.Opener;
import ij.io.TiffDecoder;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.Errors;
import org.inpaintij.core.Memory;

/**
 * Opens images for the command line with ImageJ's readers, safely: the header is read first and the pixels it
 * announces (with room for the result) are checked against Java's memory before anything is allocated, so a
 * file whose header claims 100000 x 100000 pixels is one sentence; a damaged file is one sentence too, never a
 * reader's exception.
 */
final class ImageFiles {

    private ImageFiles() {}

    /** What a header announces. */
    record Header(long width, long height, long planes, int bytesPerPixel, String type) {

        long bytes() {
            return Memory.pixelBytes(width, height, planes, bytesPerPixel);
        }
    }

    /**
     * Opens {@code p}.
     *
     * @param what "image" or "mask", for the sentences
     * @throws BadInputException when it is not an image ImageJ reads, is damaged, or is too large for memory
     */
    static ImagePlus open(Path p, String what) {
        Header h;
        try {
            h = header(p);
        } catch (IOException | RuntimeException e) {
            throw damaged(p, what, e);
        }
        if (h != null) {
            if (h.width() <= 0 || h.height() <= 0 || h.planes() <= 0) {
                throw damaged(p, what, new IOException("header claims " + h.width() + " x " + h.height()));
            }
            // the image and a result of the same size
            long need = h.bytes() > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : 2 * h.bytes();
            Memory.require(need, "The " + what + " " + p + " (" + h.width() + " x " + h.height() + " pixels, "
                    + h.planes() + (h.planes() == 1 ? " plane, " : " planes, ") + h.type() + ") with its result");
        }
        ImagePlus imp;
        try {
            imp = IJ.openImage(p.toString());
        } catch (OutOfMemoryError e) {
            throw new BadInputException("The " + what + " " + p + " does not fit in memory: " + Errors.outOfMemory(),
                    e);
        } catch (RuntimeException e) {
            throw damaged(p, what, e);
        }
        if (imp == null) {
            throw new BadInputException("Cannot open the " + what + " " + p + " as an image (ImageJ's readers "
                    + "accept TIFF, PNG, JPEG, GIF, BMP, PGM, FITS, DICOM and more).");
        }
        return imp;
    }

    private static BadInputException damaged(Path p, String what, Throwable cause) {
        return new BadInputException("Cannot open the " + what + " " + p + ": the file is damaged or is not an "
                + "image ImageJ reads (TIFF, PNG, JPEG, GIF, BMP, PGM, FITS, DICOM and more).", cause);
    }

    /** The header of a TIFF, PNG, JPEG, GIF or BMP file; null for other formats (ImageJ reads them unchecked). */
    static Header header(Path p) throws IOException {
        File f = p.toFile();
        int type = new Opener().getFileType(p.toString());
        if (type == Opener.TIFF) {
            String dir = f.getAbsoluteFile().getParent() + File.separator;
            FileInfo[] info = new TiffDecoder(dir, f.getName()).getTiffInfo();
            if (info == null || info.length == 0) return null;
            FileInfo fi = info[0];
            int bpp = Math.max(1, fi.getBytesPerPixel());
            long planes = fi.nImages > 1 ? fi.nImages : info.length;
            return new Header(fi.width, fi.height, planes, bpp, bpp * 8 + "-bit");
        }
        if (type == Opener.PNG || type == Opener.JPEG || type == Opener.GIF || type == Opener.BMP) {
            // ImageJ has readers of its own for some of these: a header Java cannot read is left to them
            try (ImageInputStream in = ImageIO.createImageInputStream(f)) {
                Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
                if (readers == null || !readers.hasNext()) return null;
                ImageReader r = readers.next();
                try {
                    r.setInput(in);
                    // ImageJ holds these as 8-bit, 16-bit or RGB (4 bytes): count the largest
                    return new Header(r.getWidth(0), r.getHeight(0), 1, 4, "up to RGB");
                } finally {
                    r.dispose();
                }
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
        return null;
    }
}
