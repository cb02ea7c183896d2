package org.inpaintij.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Polygon;
import java.awt.Rectangle;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Line;
import ij.gui.OvalRoi;
import ij.gui.PointRoi;
import ij.gui.PolygonRoi;
import ij.gui.Roi;
import ij.gui.ShapeRoi;
import ij.gui.Wand;
import ij.process.ByteProcessor;

import org.inpaintij.core.Mask;
import org.junit.jupiter.api.Test;

/** Every kind of selection becomes the pixels a user would expect to be filled. */
class MaskSourceTest {

    private static final int W = 100, H = 80;

    private static Mask mask(Roi roi, int pointRadius) {
        return MaskSource.fromRoi(roi, W, H, pointRadius);
    }

    @Test
    void rectangleAndOvalMatchImageJsOwnMasks() {
        Mask r = mask(new Roi(10, 12, 7, 5), 0);
        assertEquals(35, r.count());
        assertEquals(new Rectangle(10, 12, 7, 5), r.bounds());
        OvalRoi oval = new OvalRoi(30, 20, 21, 15);
        Mask o = mask(oval, 0);
        assertEquals(oval.getContainedPoints().length, o.count());
        for (java.awt.Point p : oval.getContainedPoints()) assertTrue(o.get(p.x, p.y));
    }

    @Test
    void polygonFreehandAndTraced() {
        PolygonRoi poly = new PolygonRoi(new Polygon(new int[] {5, 40, 20}, new int[] {5, 10, 50}, 3), Roi.POLYGON);
        assertEquals(poly.getContainedPoints().length, mask(poly, 0).count());
        PolygonRoi free = new PolygonRoi(new Polygon(new int[] {50, 60, 70, 65, 55}, new int[] {50, 45, 55, 70, 68}, 5), Roi.FREEROI);
        assertEquals(free.getContainedPoints().length, mask(free, 0).count());
        ByteProcessor bp = new ByteProcessor(W, H);
        bp.setColor(255);
        bp.fill(new OvalRoi(20, 20, 30, 30));
        Wand wand = new Wand(bp);
        wand.autoOutline(35, 35, 255.0, 255.0);
        Roi traced = new PolygonRoi(wand.xpoints, wand.ypoints, wand.npoints, Roi.TRACED_ROI);
        Mask t = mask(traced, 0);
        int filled = 0;
        for (int i = 0; i < W * H; i++) if (bp.get(i) == 255) filled++;
        assertEquals(filled, t.count());
    }

    @Test
    void compositeWithAHoleLeavesTheHoleOut() {
        ShapeRoi outer = new ShapeRoi(new Roi(10, 10, 40, 40));
        ShapeRoi inner = new ShapeRoi(new Roi(20, 20, 10, 10));
        Roi donut = outer.not(inner);
        Mask m = mask(donut, 0);
        assertEquals(40 * 40 - 10 * 10, m.count());
        assertFalse(m.get(25, 25));
        assertTrue(m.get(15, 15));
        assertEquals(1, m.components().size());
    }

    @Test
    void linesUseTheirStrokeWidth() {
        Line thin = new Line(10, 10.5, 60, 10.5);
        Mask t = mask(thin, 0);
        assertEquals(1, t.bounds().height, "a width-1 line is a one-pixel scratch");
        assertTrue(t.count() >= 50 && t.count() <= 51, "count " + t.count());
        Line wide = new Line(10, 40, 60, 40);
        wide.setStrokeWidth(5);
        Mask w = mask(wide, 0);
        assertEquals(5, w.bounds().height, w.bounds().toString());
        assertTrue(w.count() >= 50 * 5 - 10 && w.count() <= 51 * 5 + 10, "count " + w.count());
        PolygonRoi polyline = new PolygonRoi(new float[] {5, 30, 30}, new float[] {70, 70, 50}, Roi.POLYLINE);
        Mask pl = mask(polyline, 0);
        assertTrue(pl.get(20, 70) && pl.get(30, 60), "polyline pixels");
        assertEquals(1, pl.components().size());
    }

    @Test
    void pointsBecomeDisksOfPointRadius() {
        PointRoi pts = new PointRoi(new int[] {10, 50}, new int[] {10, 40}, 2);
        assertEquals(2, mask(pts, 0).count());
        Mask disks = mask(pts, 2);
        assertEquals(2 * 13, disks.count());
        assertTrue(disks.get(12, 10) && !disks.get(12, 12));
        assertEquals(2, disks.components().size());
    }

    @Test
    void partlyOutsideIsClipped() {
        Mask m = mask(new Roi(-5, -5, 10, 10), 0);
        assertEquals(25, m.count());
    }

    @Test
    void maskImagesMayBeZeroAndOneOrZeroAnd255AndPerSlice() {
        ImagePlus imp = IJ.createImage("img", "8-bit noise", W, H, 2);
        ImagePlus masks = IJ.createImage("m", "8-bit black", W, H, 2);
        masks.getStack().getProcessor(1).set(5, 5, 1);
        masks.getStack().getProcessor(2).set(7, 7, 255);
        MaskSource s = MaskSource.image(masks);
        assertTrue(s.maskFor(imp, 1).get(5, 5));
        assertFalse(s.maskFor(imp, 1).get(7, 7));
        assertTrue(s.maskFor(imp, 2).get(7, 7));
        assertFalse(s.samePerPlane());
    }
}
