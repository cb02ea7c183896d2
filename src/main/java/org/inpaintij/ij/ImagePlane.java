package org.inpaintij.ij;

import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import org.inpaintij.core.Plane;

/**
 * An ImageJ processor seen as a {@link Plane}: 8-bit, 16-bit and 32-bit as one channel in their own units,
 * RGB as three 0..255 channels. Reads and writes go straight to the pixel array.
 */
public final class ImagePlane implements Plane {

    private final ImageProcessor ip;
    private final int width, height;
    private final Type type;
    private final byte[] bytes;
    private final short[] shorts;
    private final float[] floats;
    private final int[] rgb;

    /** A view of the processor (not a copy): writes change it. */
    public ImagePlane(ImageProcessor ip) {
        this.ip = ip;
        this.width = ip.getWidth();
        this.height = ip.getHeight();
        if (ip instanceof ByteProcessor) {
            type = Type.BYTE;
            bytes = (byte[]) ip.getPixels();
            shorts = null;
            floats = null;
            rgb = null;
        } else if (ip instanceof ShortProcessor) {
            type = Type.SHORT;
            shorts = (short[]) ip.getPixels();
            bytes = null;
            floats = null;
            rgb = null;
        } else if (ip instanceof FloatProcessor) {
            type = Type.FLOAT;
            floats = (float[]) ip.getPixels();
            bytes = null;
            shorts = null;
            rgb = null;
        } else if (ip instanceof ColorProcessor) {
            type = Type.BYTE;
            rgb = (int[]) ip.getPixels();
            bytes = null;
            shorts = null;
            floats = null;
        } else {
            throw new IllegalArgumentException("unsupported processor " + ip.getClass().getName());
        }
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
        return rgb != null ? 3 : 1;
    }

    @Override
    public Type type() {
        return type;
    }

    @Override
    public double get(int c, int x, int y) {
        int i = y * width + x;
        if (bytes != null) return bytes[i] & 0xff;
        if (shorts != null) return shorts[i] & 0xffff;
        if (floats != null) return floats[i];
        return (rgb[i] >> (16 - 8 * c)) & 0xff;
    }

    @Override
    public void getRow(int c, int y, int x0, int n, double[] dst, int off) {
        int i0 = y * width + x0;
        if (bytes != null) {
            for (int i = 0; i < n; i++) dst[off + i] = bytes[i0 + i] & 0xff;
        } else if (shorts != null) {
            for (int i = 0; i < n; i++) dst[off + i] = shorts[i0 + i] & 0xffff;
        } else if (floats != null) {
            for (int i = 0; i < n; i++) dst[off + i] = floats[i0 + i];
        } else {
            int shift = 16 - 8 * c;
            for (int i = 0; i < n; i++) dst[off + i] = (rgb[i0 + i] >> shift) & 0xff;
        }
    }

    @Override
    public void getPixels(int y, int x0, int n, double[][] dst, int off) {
        if (rgb == null) {
            getRow(0, y, x0, n, dst[0], off);
            return;
        }
        double[] r = dst[0], g = dst[1], b = dst[2];
        int i0 = y * width + x0;
        for (int i = 0; i < n; i++) {
            int p = rgb[i0 + i];
            r[off + i] = (p >> 16) & 0xff;
            g[off + i] = (p >> 8) & 0xff;
            b[off + i] = p & 0xff;
        }
    }

    @Override
    public void setPixels(int y, int x0, int n, double[][] src, int off) {
        if (rgb == null) {
            setRow(0, y, x0, n, src[0], off);
            return;
        }
        double[] r = src[0], g = src[1], b = src[2];
        int i0 = y * width + x0;
        for (int i = 0; i < n; i++) {
            int j = off + i;
            rgb[i0 + i] = (rgb[i0 + i] & 0xff000000) | (int) type.store(r[j]) << 16 | (int) type.store(g[j]) << 8
                    | (int) type.store(b[j]);
        }
    }

    @Override
    public void setRow(int c, int y, int x0, int n, double[] src, int off) {
        int i0 = y * width + x0;
        if (bytes != null) {
            for (int i = 0; i < n; i++) bytes[i0 + i] = (byte) (int) type.store(src[off + i]);
        } else if (shorts != null) {
            for (int i = 0; i < n; i++) shorts[i0 + i] = (short) (int) type.store(src[off + i]);
        } else if (floats != null) {
            for (int i = 0; i < n; i++) floats[i0 + i] = (float) src[off + i];
        } else {
            int shift = 16 - 8 * c, keep = ~(0xff << shift);
            for (int i = 0; i < n; i++) rgb[i0 + i] = (rgb[i0 + i] & keep) | ((int) type.store(src[off + i]) << shift);
        }
    }

    @Override
    public void set(int c, int x, int y, double v) {
        int i = y * width + x;
        double s = type.store(v);
        if (bytes != null) {
            bytes[i] = (byte) (int) s;
        } else if (shorts != null) {
            shorts[i] = (short) (int) s;
        } else if (floats != null) {
            floats[i] = (float) s;
        } else {
            int shift = 16 - 8 * c;
            rgb[i] = (rgb[i] & ~(0xff << shift)) | ((int) s << shift);
        }
    }

    @Override
    public double displayMin(int c) {
        return rgb != null ? 0 : ip.getMin();
    }

    @Override
    public double displayMax(int c) {
        return rgb != null ? 255 : ip.getMax();
    }
}
