package org.inpaintij.core;

/** A {@link Plane} over plain arrays, one per channel; for tests and for callers without ImageJ. */
public final class ArrayPlane implements Plane {

    private final int width, height;
    private final Type type;
    private final double[][] data;
    private final double[] min, max;

    /** A plane over the given channel arrays (row-major, width x height each), used as is (not copied). */
    public ArrayPlane(int width, int height, Type type, double[]... channels) {
        this.width = width;
        this.height = height;
        this.type = type;
        this.data = channels;
        this.min = new double[channels.length];
        this.max = new double[channels.length];
        for (int c = 0; c < channels.length; c++) {
            if (channels[c].length != width * height) throw new IllegalArgumentException("channel " + c + " size");
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (double v : channels[c]) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            min[c] = type == Type.FLOAT ? lo : 0;
            max[c] = type == Type.FLOAT ? hi : (type == Type.BYTE ? 255 : hi);
        }
    }

    /** The channel's array (live). */
    public double[] channel(int c) {
        return data[c];
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int channels() {
        return data.length;
    }

    @Override
    public Type type() {
        return type;
    }

    @Override
    public double get(int c, int x, int y) {
        return data[c][y * width + x];
    }

    @Override
    public void getRow(int c, int y, int x0, int n, double[] dst, int off) {
        System.arraycopy(data[c], y * width + x0, dst, off, n);
    }

    @Override
    public void set(int c, int x, int y, double v) {
        data[c][y * width + x] = type.store(v);
    }

    @Override
    public double displayMin(int c) {
        return min[c];
    }

    @Override
    public double displayMax(int c) {
        return max[c];
    }
}
