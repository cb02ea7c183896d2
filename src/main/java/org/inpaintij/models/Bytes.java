package org.inpaintij.models;

import java.util.Locale;

/** Byte counts for people: "1.7 GB", "524 KB" (decimal units, as download pages and disks show them). */
public final class Bytes {

    private Bytes() {}

    /** A byte count in B, KB, MB, GB or TB with at most one decimal. */
    public static String format(long bytes) {
        if (bytes < 1000) return bytes + " B";
        String[] units = {"KB", "MB", "GB", "TB"};
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
