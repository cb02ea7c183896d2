package org.inpaintij.models;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file size as the hub's pages show it: a rounded number and an SI unit ({@code 1.73 GB}, {@code 525 kB},
 * {@code 528 Bytes}; 1 kB = 1000 bytes). The digits shown bound the real size: {@code 1.73 GB} is any size from
 * 1.725 GB up to (not including) 1.735 GB. Descriptors keep such a size where no exact one was published, and
 * the installer holds the hub's exact size against it.
 *
 * @param number the number as shown
 * @param unit {@code Bytes}, {@code kB}, {@code MB}, {@code GB} or {@code TB}
 */
public record ShownSize(BigDecimal number, String unit) {

    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?) (Bytes|kB|MB|GB|TB)");
    private static final String[] UNITS = {"Bytes", "kB", "MB", "GB", "TB"};

    /**
     * Reads a shown size.
     *
     * @throws IllegalArgumentException when the text is not of the form "1.73 GB"
     */
    public static ShownSize parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size as the hub shows it (e.g. 1.73 GB, "
                    + "525 kB, 528 Bytes)");
        }
        return new ShownSize(new BigDecimal(m.group(1)), m.group(2));
    }

    /** Whether a text is a shown size. */
    public static boolean valid(String text) {
        return text != null && FORM.matcher(text.trim()).matches();
    }

    private BigDecimal scale() {
        int power = java.util.Arrays.asList(UNITS).indexOf(unit);
        return BigDecimal.TEN.pow(3 * power);
    }

    /** The size in bytes the text reads as (its midpoint). */
    public long bytes() {
        return number.multiply(scale()).longValue();
    }

    /** Whether an exact size rounds to what is shown: within half a unit of the last digit shown. */
    public boolean contains(long size) {
        BigDecimal half = BigDecimal.ONE.movePointLeft(Math.max(0, number.scale())).divide(BigDecimal.valueOf(2));
        BigDecimal lo = number.subtract(half).multiply(scale());
        BigDecimal hi = number.add(half).multiply(scale());
        BigDecimal s = BigDecimal.valueOf(size);
        return s.compareTo(lo) >= 0 && s.compareTo(hi) < 0;
    }

    @Override
    public String toString() {
        return number.toPlainString() + " " + unit;
    }
}
