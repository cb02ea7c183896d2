package org.inpaintij.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class MaskTest {

    @Test
    void componentsAreEightConnectedWithTightBoxes() {
        int w = 70, h = 20;
        byte[] m = new byte[w * h];
        // an L shape, a diagonal pair (one component under 8-connectivity), and a lone pixel past bit 64
        for (int x = 2; x < 6; x++) m[3 * w + x] = 1;
        for (int y = 3; y < 8; y++) m[y * w + 2] = 1;
        m[10 * w + 10] = 1;
        m[11 * w + 11] = 1;
        m[15 * w + 66] = 1;
        List<Mask.Component> cs = Mask.fromFull(w, h, m).components();
        assertEquals(3, cs.size());
        assertEquals(new Rectangle(2, 3, 4, 5), cs.get(0).bounds());
        assertEquals(8, cs.get(0).count());
        assertEquals(new Rectangle(10, 10, 2, 2), cs.get(1).bounds());
        assertArrayEquals(new byte[] {1, 0, 0, 1}, cs.get(1).local());
        assertEquals(new Rectangle(66, 15, 1, 1), cs.get(2).bounds());
    }

    @Test
    void componentsMatchAFloodFillOnRandomMasks() {
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 20; trial++) {
            int w = 1 + r.nextInt(150), h = 1 + r.nextInt(60);
            byte[] m = new byte[w * h];
            for (int i = 0; i < m.length; i++) m[i] = (byte) (r.nextDouble() < 0.3 ? 1 : 0);
            Mask mask = Mask.fromFull(w, h, m);
            List<Mask.Component> cs = mask.components();
            // every set pixel in exactly one component, and the count of components equals a flood fill's
            int[] seen = new int[w * h];
            long total = 0;
            for (int c = 0; c < cs.size(); c++) {
                Mask.Component comp = cs.get(c);
                Rectangle b = comp.bounds();
                for (int j = 0; j < b.height; j++) {
                    for (int i = 0; i < b.width; i++) {
                        if (comp.local()[j * b.width + i] == 0) continue;
                        int idx = (b.y + j) * w + b.x + i;
                        assertEquals(1, m[idx]);
                        assertEquals(0, seen[idx]);
                        seen[idx] = c + 1;
                        total++;
                    }
                }
            }
            assertEquals(mask.count(), total);
            assertEquals(floodFillCount(m, w, h), cs.size());
        }
    }

    private static int floodFillCount(byte[] m, int w, int h) {
        boolean[] v = new boolean[m.length];
        int n = 0;
        int[] stack = new int[m.length];
        for (int s = 0; s < m.length; s++) {
            if (m[s] == 0 || v[s]) continue;
            n++;
            int sp = 0;
            stack[sp++] = s;
            v[s] = true;
            while (sp > 0) {
                int p = stack[--sp], x = p % w, y = p / w;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int qx = x + dx, qy = y + dy;
                        if (qx < 0 || qy < 0 || qx >= w || qy >= h) continue;
                        int q = qy * w + qx;
                        if (m[q] != 0 && !v[q]) {
                            v[q] = true;
                            stack[sp++] = q;
                        }
                    }
                }
            }
        }
        return n;
    }

    @Test
    void growIsAEuclideanDiskDilationClippedToTheImage() {
        int w = 40, h = 30;
        byte[] m = new byte[w * h];
        m[5 * w + 20] = 1;
        m[28 * w + 1] = 1;
        Mask g = Mask.fromFull(w, h, m).grow(3);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean expect = (x - 20) * (x - 20) + (y - 5) * (y - 5) <= 9 || (x - 1) * (x - 1) + (y - 28) * (y - 28) <= 9;
                assertEquals(expect, g.get(x, y), x + "," + y);
            }
        }
        assertFalse(g.get(-1, 28));
    }

    @Test
    void growMergesNearbyParts() {
        byte[] m = new byte[20 * 5];
        m[2 * 20 + 5] = 1;
        m[2 * 20 + 9] = 1;
        Mask mask = Mask.fromFull(20, 5, m);
        assertEquals(2, mask.components().size());
        assertEquals(1, mask.grow(2).components().size());
    }

    @Test
    void fullAndEmpty() {
        byte[] all = new byte[12];
        java.util.Arrays.fill(all, (byte) 1);
        assertTrue(Mask.fromFull(4, 3, all).isFull());
        assertTrue(Mask.fromFull(4, 3, new byte[12]).isEmpty());
        assertEquals(new Rectangle(), Mask.empty(4, 3).bounds());
    }

    @Test
    void localPartsOutsideTheImageAreDropped() {
        Mask m = Mask.fromLocal(10, 10, -2, 8, 4, 4, null);
        assertEquals(new Rectangle(0, 8, 2, 2), m.bounds());
        assertEquals(4, m.count());
    }

    @Test
    void thicknessOfADiskAndALine() {
        byte[] m = new byte[41 * 41];
        for (int y = 0; y < 41; y++) for (int x = 0; x < 41; x++) if ((x - 20) * (x - 20) + (y - 20) * (y - 20) <= 400) m[y * 41 + x] = 1;
        double t = Mask.fromFull(41, 41, m).components().get(0).thickness();
        assertEquals(41, t, 2.0);
        for (int width : new int[] {1, 3, 5}) {
            byte[] line = new byte[50 * 10];
            for (int y = 2; y < 2 + width; y++) for (int x = 0; x < 50; x++) line[y * 50 + x] = 1;
            assertEquals(width, Mask.fromFull(50, 10, line).components().get(0).thickness(), 1e-9);
        }
    }
}
