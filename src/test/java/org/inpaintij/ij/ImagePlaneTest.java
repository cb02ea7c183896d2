package org.inpaintij.ij;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;

import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import org.junit.jupiter.api.Test;

class ImagePlaneTest {

    /** Values that need rounding, clamping below 0 and above the type's maximum, and float precision. */
    private static double[] values(int n, Random rnd) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = rnd.nextDouble() * 70000 - 500 + (i % 3 == 0 ? 0.5 : 0.123456789);
        return v;
    }

    /** A copy of proto; an RGB one gets random pixels (the bits in {@code bits}). */
    private static ImageProcessor filled(ImageProcessor proto, Random rnd, int bits) {
        ImageProcessor ip = proto.duplicate();
        if (ip instanceof ColorProcessor) {
            int[] px = (int[]) ip.getPixels();
            for (int i = 0; i < px.length; i++) px[i] = rnd.nextInt() & bits;
        }
        return ip;
    }

    private static void assertSamePixels(ImageProcessor expected, ImageProcessor actual) {
        String what = expected.getClass().getSimpleName();
        Object e = expected.getPixels(), a = actual.getPixels();
        if (e instanceof byte[]) assertArrayEquals((byte[]) e, (byte[]) a, what);
        if (e instanceof short[]) assertArrayEquals((short[]) e, (short[]) a, what);
        if (e instanceof float[]) assertArrayEquals((float[]) e, (float[]) a, what);
        if (e instanceof int[]) assertArrayEquals((int[]) e, (int[]) a, what);
    }

    @Test
    void aRowWrittenAtOnceIsWhatWritingEachPixelGives() {
        Random rnd = new Random(3);
        for (ImageProcessor proto : new ImageProcessor[] {new ByteProcessor(40, 5), new ShortProcessor(40, 5),
                new FloatProcessor(40, 5), new ColorProcessor(40, 5)}) {
            // RGB: the other channels' bits must survive a channel's row
            ImageProcessor a = filled(proto, rnd, 0xffffff), b = a.duplicate();
            ImagePlane pa = new ImagePlane(a), pb = new ImagePlane(b);
            for (int c = 0; c < pa.channels(); c++) {
                double[] v = values(30, rnd);
                pa.setRow(c, 2, 7, 25, v, 5);
                for (int i = 0; i < 25; i++) pb.set(c, 7 + i, 2, v[5 + i]);
            }
            assertSamePixels(b, a);
        }
    }

    @Test
    void allChannelsOfARowAtOnceAreWhatEachChannelGives() {
        Random rnd = new Random(4);
        for (ImageProcessor proto : new ImageProcessor[] {new ByteProcessor(40, 5), new ShortProcessor(40, 5),
                new FloatProcessor(40, 5), new ColorProcessor(40, 5)}) {
            // RGB: alpha bits too, which a write must keep as a write per channel does
            ImageProcessor a = filled(proto, rnd, -1), b = a.duplicate();
            ImagePlane pa = new ImagePlane(a), pb = new ImagePlane(b);
            int nc = pa.channels();
            double[][] read = new double[nc][30], each = new double[nc][30];
            pa.getPixels(1, 3, 25, read, 5);
            for (int c = 0; c < nc; c++) for (int i = 0; i < 25; i++) each[c][5 + i] = pb.get(c, 3 + i, 1);
            for (int c = 0; c < nc; c++) assertArrayEquals(each[c], read[c], proto.getClass().getSimpleName());
            double[][] v = new double[nc][];
            for (int c = 0; c < nc; c++) v[c] = values(30, rnd);
            pa.setPixels(2, 7, 25, v, 5);
            for (int c = 0; c < nc; c++) for (int i = 0; i < 25; i++) pb.set(c, 7 + i, 2, v[c][5 + i]);
            assertSamePixels(b, a);
        }
    }
}
