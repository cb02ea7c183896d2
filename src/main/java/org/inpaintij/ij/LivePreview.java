package org.inpaintij.ij;

import ij.ImagePlus;
import ij.gui.ImageCanvas;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.process.ColorProcessor;

import org.inpaintij.core.Monitor;
import org.inpaintij.core.Preview;

/**
 * Shows a long fill's work in progress over the image window while it runs, and takes it away at the end. The
 * picture is drawn by the window's canvas as a display-only list (the one ImageJ's ROI Manager uses for "Show
 * All"), so it is never part of the image: not its pixels, not its overlay, not its undo history. Everything
 * else is passed to the wrapped monitor.
 */
public final class LivePreview implements Monitor, AutoCloseable {

    /** The name of the preview's image layer on the canvas. */
    public static final String NAME = "inpainting preview";

    private final Monitor parent;
    private final ImageCanvas canvas;
    private final Overlay before;
    private final Overlay own;
    private final boolean labels;
    private volatile boolean shown;

    private LivePreview(Monitor parent, ImagePlus imp) {
        this.parent = parent;
        this.canvas = imp == null || imp.getWindow() == null ? null : imp.getCanvas();
        this.before = canvas == null ? null : canvas.getShowAllList();
        this.own = imp == null ? null : imp.getOverlay();
        // the canvas turns the image overlay's labels off while a display list is shown: put them back after
        this.labels = own != null && own.getDrawLabels();
    }

    /** A monitor that shows previews over {@code imp}'s window (nothing when it has none, in batch mode say). */
    public static LivePreview on(ImagePlus imp, Monitor parent) {
        return new LivePreview(parent, imp);
    }

    @Override
    public void preview(Preview p) {
        if (canvas == null) return;
        ColorProcessor cp = new ColorProcessor(p.box().width, p.box().height, p.rgb().clone());
        ImageRoi layer = new ImageRoi(p.box().x, p.box().y, cp);
        layer.setZeroTransparent(true);
        layer.setName(NAME);
        canvas.setShowAllList(new Overlay(layer));
        shown = true;
        canvas.repaint();
    }

    @Override
    public void progress(double fraction, String status) {
        parent.progress(fraction, status);
    }

    @Override
    public boolean isCancelled() {
        return parent.isCancelled();
    }

    /** Takes the preview away and gives the canvas back its previous display list. */
    @Override
    public void close() {
        if (canvas == null || !shown) return;
        canvas.setShowAllList(before);
        if (own != null) own.drawLabels(labels);
        canvas.repaint();
    }
}
