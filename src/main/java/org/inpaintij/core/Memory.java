package org.inpaintij.core;

import java.util.Locale;

/**
 * Checks that pixels fit in Java's memory before they are allocated, so that an image too large for this
 * machine (or a file whose header claims one, a "header bomb") is one sentence instead of an
 * {@link OutOfMemoryError} that ends a whole batch.
 */
public final class Memory {

    private Memory() {}

    /** Bytes Java can still allocate: what is free in the heap plus what the heap may still grow by. */
    public static long available() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - rt.totalMemory() + rt.freeMemory();
    }

    /**
     * Throws unless {@code bytes} more fit in memory; garbage is collected once before giving up, since
     * uncollected garbage counts as used.
     *
     * @param bytes what is about to be allocated
     * @param what what needs it, for the sentence: "the result of 'cells.tif' (2048 x 2048 pixels, 16-bit)"
     * @throws BadInputException naming the need, what is available and what to do
     */
    public static void require(long bytes, String what) {
        if (bytes <= available()) return;
        System.gc();
        long free = available();
        if (bytes <= free) return;
        throw new BadInputException(what + " needs about " + format(bytes) + " of memory, but Java has only "
                + format(free) + " available (at most " + format(Runtime.getRuntime().maxMemory())
                + "); give Java more memory (java -Xmx..., or Edit > Options > Memory & Threads in ImageJ), or split"
                + " the image.");
    }

    /** The bytes of pixels of an image: width x height x planes x bytes per pixel, without overflow. */
    public static long pixelBytes(long width, long height, long planes, int bytesPerPixel) {
        try {
            return Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(width, height), planes), bytesPerPixel);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** A byte count as people read it: "512 B", "1.7 GB" (decimal units, as disks and download pages show them). */
    public static String format(long bytes) {
        if (bytes < 1000) return bytes + " B";
        String[] units = {"KB", "MB", "GB", "TB", "PB", "EB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return (v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v)) + " "
                + units[u];
    }
}
