package org.inpaintij.cli;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.FileSaver;
import ij.io.RoiEncoder;
import ij.io.TiffEncoder;
import ij.process.ShortProcessor;

import org.inpaintij.core.BadInputException;

/**
 * Writes results. TIFF holds an ImageJ image exactly (type, every plane, calibration, the Info with its
 * provenance line, slice labels and the {@code inpainted} outline as an overlay that is never part of the
 * pixels), so it is the format; PNG and JPEG cannot, and are written only when the user asks for a lossy export
 * ({@code --lossy}), from the pixels alone (the outline is never burnt in). Every file goes through
 * {@link OutputFile}, so it is complete or absent.
 */
final class ImageWriter {

    /** The formats the command line writes. */
    enum Format {
        TIFF, PNG, JPEG
    }

    private ImageWriter() {}

    /**
     * The format {@code dest} asks for by its extension (none, .tif and .tiff: TIFF).
     *
     * @param lossy whether the user asked for a lossy export ({@code --lossy})
     * @throws BadInputException for a lossy format without {@code lossy}, and for formats not written at all
     */
    static Format format(Path dest, boolean lossy) {
        String n = dest.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        String ext = dot > 0 ? n.substring(dot + 1) : "";
        Format f = switch (ext) {
            case "", "tif", "tiff" -> Format.TIFF;
            case "png" -> Format.PNG;
            case "jpg", "jpeg" -> Format.JPEG;
            default -> throw new BadInputException("Cannot write " + dest + ": name the output .tif or .tiff (TIFF"
                    + " keeps the type, calibration and Info), or .png or .jpg with --lossy for a lossy export.");
        };
        if (f != Format.TIFF && !lossy) {
            String loses = f == Format.PNG
                    ? "PNG cannot hold the result exactly (no calibration, no Info with the provenance line, no 32-bit"
                            + " values, one plane only)"
                    : "JPEG changes the pixel values (lossy compression) and keeps no calibration, Info or 16-bit and"
                            + " 32-bit values";
            throw new BadInputException("Cannot write " + dest + ": " + loses + "; name the output .tif (TIFF keeps"
                    + " everything), or add --lossy to export a " + f + " anyway.");
        }
        return f;
    }

    /**
     * Writes {@code imp} to {@code dest} in the format its name asks for.
     *
     * @return what a lossy export lost, one line (null for TIFF)
     * @throws BadInputException when the format cannot be written for this image (a stack as PNG)
     * @throws OutputFile.WriteFailedException when the file could not be written; nothing was left behind
     */
    static String save(ImagePlus imp, Path dest, boolean lossy) throws IOException {
        Format f = format(dest, lossy);
        if (f == Format.TIFF) {
            OutputFile.write(dest, out -> tiff(imp, out));
            return null;
        }
        if (imp.getStackSize() > 1) {
            throw new BadInputException("Cannot write " + dest + ": a " + f + " holds one plane, and the result has "
                    + imp.getStackSize() + "; name the output .tif to keep every plane.");
        }
        BufferedImage bi = pixels(imp, f);
        OutputFile.write(dest, out -> encode(bi, f, out));
        return losses(imp, f, bi);
    }

    /** PNG or JPEG (at ImageJ's JPEG quality) through Java's image writers, buffered in memory, not a cache file. */
    private static void encode(BufferedImage bi, Format f, OutputStream out) throws IOException {
        javax.imageio.ImageWriter w = ImageIO.getImageWritersByFormatName(f == Format.PNG ? "png" : "jpeg").next();
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            w.setOutput(ios);
            ImageWriteParam p = w.getDefaultWriteParam();
            if (f == Format.JPEG) {
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(FileSaver.getJpegQuality() / 100f);
            }
            w.write(null, new IIOImage(bi, null, null), p);
        } finally {
            w.dispose();
        }
    }

    /** TIFF as ImageJ's File > Save As > Tiff writes it, but to a stream this class owns. */
    private static void tiff(ImagePlus imp, OutputStream out) throws IOException {
        FileSaver saver = new FileSaver(imp);
        FileInfo fi = imp.getFileInfo();
        fi.info = imp.getInfoProperty();
        fi.description = saver.getDescriptionString();
        if (imp.getStackSize() > 1) {
            fi.sliceLabels = imp.getStack().getSliceLabels();
        } else if (imp.getStack().getSliceLabel(1) != null) {
            fi.sliceLabels = new String[] {imp.getStack().getSliceLabel(1)};
        }
        fi.roi = RoiEncoder.saveAsByteArray(imp.getRoi());
        fi.overlay = FileSaver.getOverlay(imp);
        fi.properties = imp.getPropertiesAsArray();
        if (imp.isComposite()) saver.saveDisplayRangesAndLuts(imp, fi);
        new TiffEncoder(fi).write(out);
    }

    /** The pixels alone, never the overlay: 16-bit exact in PNG where ImageJ's LUT is the default. */
    private static BufferedImage pixels(ImagePlus imp, Format f) {
        if (f == Format.PNG && exact16(imp)) return ((ShortProcessor) imp.getProcessor()).get16BitBufferedImage();
        BufferedImage bi = imp.getBufferedImage();
        if (f == Format.PNG) return bi;
        // JPEG writers take plain grey or RGB only
        boolean grey = imp.getBitDepth() != 24 && !imp.isComposite() && imp.getProcessor().isDefaultLut()
                && !imp.getProcessor().isInvertedLut();
        BufferedImage plain = new BufferedImage(bi.getWidth(), bi.getHeight(),
                grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = plain.createGraphics();
        g.drawImage(bi, 0, 0, null);
        g.dispose();
        return plain;
    }

    private static boolean exact16(ImagePlus imp) {
        return imp.getBitDepth() == 16 && !imp.isComposite() && imp.getProcessor().isDefaultLut();
    }

    private static String losses(ImagePlus imp, Format f, BufferedImage bi) {
        List<String> lost = new ArrayList<>();
        int depth = imp.getBitDepth();
        if (f == Format.JPEG) lost.add("pixel values changed by JPEG compression");
        if ((depth == 16 && !(f == Format.PNG && exact16(imp))) || depth == 32) {
            lost.add(depth + "-bit values scaled to 8 bits by the display range");
        }
        lost.add("calibration, Info (with the provenance line) and the outline are not kept");
        return "a lossy " + f + " export (" + bi.getWidth() + "x" + bi.getHeight() + "): " + String.join("; ", lost);
    }
}
