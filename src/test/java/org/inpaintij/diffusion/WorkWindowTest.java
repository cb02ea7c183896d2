package org.inpaintij.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;

import org.inpaintij.core.FillRegion;
import org.inpaintij.core.Plane;
import org.junit.jupiter.api.Test;

class WorkWindowTest {

    private static FillRegion region(int w, int h, Rectangle hole, Plane.Type type, double lo, double hi, int channels) {
        byte[] s = new byte[w * h];
        double[][] v = new double[channels][w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (hole.contains(x, y)) s[y * w + x] = FillRegion.FILL;
                for (int c = 0; c < channels; c++) v[c][y * w + x] = lo + (hi - lo) * (0.2 + 0.6 * x / (w - 1.0)) * (c + 1) / channels;
            }
        }
        double[] mins = new double[channels], maxs = new double[channels];
        java.util.Arrays.fill(mins, lo);
        java.util.Arrays.fill(maxs, hi);
        return new FillRegion(new Rectangle(100, 50, w, h), s, v, type, mins, maxs);
    }

    @Test
    void squareAroundTheHoleGrownByContextAtTheResolution() {
        FillRegion r = region(300, 200, new Rectangle(120, 80, 40, 20), Plane.Type.BYTE, 0, 255, 3);
        WorkWindow w = WorkWindow.choose(r, 30, 512);
        Rectangle win = w.window();
        assertEquals(100, win.width);
        assertEquals(100, win.height);
        assertTrue(win.contains(new Rectangle(120, 80, 40, 20)));
        assertEquals(512, w.width());
        assertEquals(512, w.height());
        // near an edge of the image the window is shifted inside, not cut
        FillRegion edge = region(300, 200, new Rectangle(2, 2, 10, 10), Plane.Type.BYTE, 0, 255, 3);
        Rectangle e = WorkWindow.choose(edge, 30, 512).window();
        assertEquals(new Rectangle(0, 0, 70, 70), e);
        // a region narrower than the square gives a non-square window with sides in multiples of 8
        FillRegion thin = region(60, 400, new Rectangle(10, 150, 40, 100), Plane.Type.BYTE, 0, 255, 3);
        WorkWindow t = WorkWindow.choose(thin, 40, 512);
        assertEquals(60, t.window().width);
        assertEquals(180, t.window().height);
        assertEquals(512, t.height());
        assertEquals(168, t.width()); // 60 * 512 / 180 = 170.7 -> 168
    }

    @Test
    void valuesMapThroughTheDisplayRangeAndBack() {
        FillRegion r = region(64, 64, new Rectangle(20, 20, 10, 10), Plane.Type.SHORT, 1000, 5000, 1);
        WorkWindow w = WorkWindow.choose(r, 11, 32);
        assertEquals(w.window().width, w.width(), "no resampling in this case");
        float[][] rgb = w.toModel(r);
        Rectangle win = w.window();
        int i = 5 * win.width + 7;
        double data = r.values()[0][(win.y + 5) * 64 + win.x + 7];
        assertEquals((data - 1000) / 4000, rgb[0][i], 1e-6);
        assertEquals(rgb[0][i], rgb[1][i]);
        assertEquals(rgb[0][i], rgb[2][i]);
        double[][] back = w.fromModel(rgb, r);
        assertEquals(data, back[0][i], 1e-3 * 4000);
        float[] m = w.maskToModel(r);
        assertEquals(100, (int) sumOf(m));
    }

    @Test
    void rgbChannelsStaySeparate() {
        FillRegion r = region(40, 40, new Rectangle(15, 15, 6, 6), Plane.Type.BYTE, 0, 255, 3);
        WorkWindow w = WorkWindow.choose(r, 10, 32);
        double[][] back = w.fromModel(w.toModel(r), r);
        Rectangle win = w.window();
        for (int c = 0; c < 3; c++) {
            double orig = r.values()[c][(win.y + 13) * 40 + win.x + 13];
            assertEquals(orig, back[c][13 * win.width + 13], 2.0, "channel " + c);
        }
    }

    private static double sumOf(float[] a) {
        double s = 0;
        for (float f : a) s += f;
        return s;
    }
}
