package org.inpaintij.models;

/** Byte counts for people: "1.7 GB", "524 KB" (decimal units, as download pages and disks show them). */
public final class Bytes {

    private Bytes() {}

    /** A byte count in B, KB, MB, GB or TB with at most one decimal. */
    public static String format(long bytes) {
        return org.inpaintij.core.Memory.format(bytes);
    }
}
