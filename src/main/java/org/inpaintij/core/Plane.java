package org.inpaintij.core;

/**
 * One image plane as the engines see it: a width x height grid of one or more channels (three for RGB),
 * values in the image's own units. Implementations adapt ImageJ processors or plain arrays.
 */
public interface Plane {

    /** How values are stored, which decides rounding and clamping on write. */
    enum Type {
        /** 0..255 integers (8-bit, and each RGB channel). */
        BYTE(0, 255),
        /** 0..65535 integers. */
        SHORT(0, 65535),
        /** 32-bit floats, no clamping. */
        FLOAT(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

        private final double min, max;

        Type(double min, double max) {
            this.min = min;
            this.max = max;
        }

        /** The value as it will be stored: rounded and clamped for integer types, float precision otherwise. */
        public double store(double v) {
            if (this == FLOAT) return (float) v;
            return Math.max(min, Math.min(max, Math.rint(v)));
        }
    }

    int width();

    int height();

    /** 1, or 3 for RGB. */
    int channels();

    Type type();

    /** The value at (x, y) of channel c. */
    double get(int c, int x, int y);

    /**
     * Channel c of {@code n} pixels of row y from x0, into {@code dst} from {@code off}: what {@link #get} gives
     * for each, which implementations may read faster (crops copy whole rows).
     */
    default void getRow(int c, int y, int x0, int n, double[] dst, int off) {
        for (int i = 0; i < n; i++) dst[off + i] = get(c, x0 + i, y);
    }

    /**
     * Every channel of {@code n} pixels of row y from x0, channel c into {@code dst[c]} from {@code off}: what
     * {@link #getRow} gives for each channel, which implementations may read in one pass (RGB).
     */
    default void getPixels(int y, int x0, int n, double[][] dst, int off) {
        for (int c = 0; c < dst.length; c++) getRow(c, y, x0, n, dst[c], off);
    }

    /** Sets the value at (x, y) of channel c, rounded and clamped as {@link Type#store(double)} does. */
    void set(int c, int x, int y, double v);

    /**
     * Sets channel c of {@code n} pixels of row y from x0 to {@code src} from {@code off}, each as {@link #set}
     * does, which implementations may write faster (fills write runs of pixels).
     */
    default void setRow(int c, int y, int x0, int n, double[] src, int off) {
        for (int i = 0; i < n; i++) set(c, x0 + i, y, src[off + i]);
    }

    /**
     * Sets every channel of {@code n} pixels of row y from x0, channel c from {@code src[c]} from {@code off}: what
     * {@link #setRow} does for each channel, which implementations may write in one pass (RGB).
     */
    default void setPixels(int y, int x0, int n, double[][] src, int off) {
        for (int c = 0; c < src.length; c++) setRow(c, y, x0, n, src[c], off);
    }

    /** Lower end of the displayed range of channel c (what maps to black), for methods that need [0, 1] data. */
    double displayMin(int c);

    /** Upper end of the displayed range of channel c. */
    double displayMax(int c);
}
