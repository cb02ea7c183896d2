package org.inpaintij.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.io.FileSaver;
import ij.process.ByteProcessor;

/** Hostile image files, made byte by byte: what a user's disk or a careless exporter can hold. */
public final class BadFiles {

    private BadFiles() {}

    /**
     * A valid little-endian TIFF whose header claims {@code width} x {@code height} 8-bit pixels in one strip,
     * with almost no bytes behind it (a "header bomb").
     */
    public static Path headerBomb(Path file, int width, int height) throws IOException {
        int[][] entries = {
            {256, 4, 1, width}, {257, 4, 1, height}, {258, 3, 1, 8}, {259, 3, 1, 1}, {262, 3, 1, 1},
            {273, 4, 1, 300}, {277, 3, 1, 1}, {278, 4, 1, height}, {279, 4, 1, width * height},
        };
        ByteBuffer b = ByteBuffer.allocate(400).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        b.putShort((short) entries.length);
        for (int[] e : entries) {
            b.putShort((short) e[0]).putShort((short) e[1]).putInt(e[2]);
            if (e[1] == 3) b.putShort((short) e[3]).putShort((short) 0);
            else b.putInt(e[3]);
        }
        b.putInt(0);
        Files.write(file, b.array());
        return file;
    }

    /**
     * An ImageJ TIFF (with a selection stored in its metadata) whose metadata byte count is made negative: ImageJ's
     * decoder then fails inside with an array of negative size.
     */
    public static Path negativeMetadataCount(Path file) throws IOException {
        ImagePlus imp = new ImagePlus("x", new ByteProcessor(20, 10));
        imp.setRoi(new Roi(2, 2, 5, 5));
        new FileSaver(imp).saveAsTiff(file.toString());
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(bytes[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int ifd = b.getInt(4);
        int n = b.getShort(ifd) & 0xffff;
        boolean done = false;
        for (int i = 0; i < n; i++) {
            int at = ifd + 2 + 12 * i;
            // META_DATA_BYTE_COUNTS: the first count is the header's, the second the selection's
            if ((b.getShort(at) & 0xffff) == 50838) {
                int offset = b.getInt(at + 8);
                b.putInt(offset + 4, -16);
                done = true;
            }
        }
        if (!done) throw new IllegalStateException("no ImageJ metadata in " + file);
        Files.write(file, bytes);
        return file;
    }
}
