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

    @Test
    void aRowWrittenAtOnceIsWhatWritingEachPixelGives() {
        Random rnd = new Random(3);
        for (ImageProcessor proto : new ImageProcessor[] {new ByteProcessor(40, 5), new ShortProcessor(40, 5),
                new FloatProcessor(40, 5), new ColorProcessor(40, 5)}) {
            ImageProcessor a = proto.duplicate(), b = proto.duplicate();
            // RGB: the other channels' bits must survive a channel's row
            if (proto instanceof ColorProcessor) {
                int[] px = (int[]) a.getPixels();
                for (int i = 0; i < px.length; i++) px[i] = rnd.nextInt() & 0xffffff;
                System.arraycopy(px, 0, (int[]) b.getPixels(), 0, px.length);
            }
            ImagePlane pa = new ImagePlane(a), pb = new ImagePlane(b);
            for (int c = 0; c < pa.channels(); c++) {
                double[] v = values(30, rnd);
                pa.setRow(c, 2, 7, 25, v, 5);
                for (int i = 0; i < 25; i++) pb.set(c, 7 + i, 2, v[5 + i]);
            }
            String what = proto.getClass().getSimpleName();
            if (proto instanceof ByteProcessor) assertArrayEquals((byte[]) b.getPixels(), (byte[]) a.getPixels(), what);
            if (proto instanceof ShortProcessor) assertArrayEquals((short[]) b.getPixels(), (short[]) a.getPixels(), what);
            if (proto instanceof FloatProcessor) assertArrayEquals((float[]) b.getPixels(), (float[]) a.getPixels(), what);
            if (proto instanceof ColorProcessor) assertArrayEquals((int[]) b.getPixels(), (int[]) a.getPixels(), what);
        }
    }

    @Test
    void allChannelsOfARowAtOnceAreWhatEachChannelGives() {
        Random rnd = new Random(4);
        for (ImageProcessor proto : new ImageProcessor[] {new ByteProcessor(40, 5), new ShortProcessor(40, 5),
                new FloatProcessor(40, 5), new ColorProcessor(40, 5)}) {
            ImageProcessor a = proto.duplicate(), b = proto.duplicate();
            if (proto instanceof ColorProcessor) {
                // alpha bits too: a write must keep them as a write per channel does
                int[] px = (int[]) a.getPixels();
                for (int i = 0; i < px.length; i++) px[i] = rnd.nextInt();
                System.arraycopy(px, 0, (int[]) b.getPixels(), 0, px.length);
            }
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
            String what = proto.getClass().getSimpleName();
            if (proto instanceof ByteProcessor) assertArrayEquals((byte[]) b.getPixels(), (byte[]) a.getPixels(), what);
            if (proto instanceof ShortProcessor) assertArrayEquals((short[]) b.getPixels(), (short[]) a.getPixels(), what);
            if (proto instanceof FloatProcessor) assertArrayEquals((float[]) b.getPixels(), (float[]) a.getPixels(), what);
            if (proto instanceof ColorProcessor) assertArrayEquals((int[]) b.getPixels(), (int[]) a.getPixels(), what);
        }
    }
}
