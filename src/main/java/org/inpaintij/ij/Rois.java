package org.inpaintij.ij;

import java.awt.Rectangle;

import ij.gui.Roi;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ByteProcessor;

import org.inpaintij.core.Mask;

/** Conversions from masks to ImageJ selections. */
public final class Rois {

    /** The name of the overlay outline that marks a filled region. */
    public static final String INPAINTED = "inpainted";

    private Rois() {}

    /** An area selection covering exactly the mask's pixels (composite where the mask has several parts). */
    public static Roi of(Mask mask) {
        Rectangle b = mask.bounds();
        ByteProcessor bp = new ByteProcessor(b.width, b.height, scaled(mask.local(b)));
        bp.setThreshold(255, 255, ByteProcessor.NO_LUT_UPDATE);
        Roi roi = new ThresholdToSelection().convert(bp);
        roi.setLocation(b.x, b.y);
        return roi;
    }

    private static byte[] scaled(byte[] m) {
        for (int i = 0; i < m.length; i++) m[i] = (byte) (m[i] != 0 ? 255 : 0);
        return m;
    }
}
