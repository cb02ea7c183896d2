package org.inpaintij.ij;

import java.awt.Point;
import java.awt.Rectangle;

import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.process.FloatPolygon;
import ij.process.ImageProcessor;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Mask;

/**
 * Where the pixels to fill come from: a selection, a binary mask image, or the NaN pixels of a 32-bit image.
 * A source gives the mask of each stack plane (1-based index, as ImageJ counts).
 */
public interface MaskSource {

    /** The mask of stack plane {@code n} of {@code imp}. */
    Mask maskFor(ImagePlus imp, int n);

    /** Whether every plane gets the same mask (then the fill is planned once). */
    boolean samePerPlane();

    /** How provenance names this source. */
    String describe();

    /**
     * The source a request names: {@code selection} (the image's selection), {@code nan}, or the title of an
     * open image.
     */
    static MaskSource of(ImagePlus imp, InpaintRequest req) {
        String m = req.mask();
        if (m.equalsIgnoreCase(InpaintRequest.MASK_SELECTION)) return selection(imp.getRoi(), req.pointRadius());
        if (m.equalsIgnoreCase(InpaintRequest.MASK_NAN)) return nan();
        ImagePlus maskImage = WindowManager.getImage(m);
        if (maskImage == null) {
            throw new BadInputException("No open image is titled '" + m + "'; mask= accepts selection, nan, or the "
                    + "title of an open binary image.");
        }
        if (maskImage == imp) {
            throw new BadInputException("The mask image must be another image than '" + imp.getTitle() + "'.");
        }
        return image(maskImage);
    }

    /** The selection {@code roi} on every plane; lines use their stroke width, points become disks. */
    static MaskSource selection(Roi roi, int pointRadius) {
        if (roi == null) {
            throw new BadInputException("There is no selection: draw one around the region to fill, or use "
                    + "mask=[title] (a binary image) or mask=nan (the NaN pixels of a 32-bit image).");
        }
        return new MaskSource() {
            private Mask cached;

            @Override
            public Mask maskFor(ImagePlus imp, int n) {
                if (cached == null || cached.width() != imp.getWidth() || cached.height() != imp.getHeight()) {
                    cached = fromRoi(roi, imp.getWidth(), imp.getHeight(), pointRadius);
                }
                return cached;
            }

            @Override
            public boolean samePerPlane() {
                return true;
            }

            @Override
            public String describe() {
                return "selection (" + roi.getTypeAsString().toLowerCase(java.util.Locale.ROOT) + ")";
            }
        };
    }

    /** The same given mask on every plane. */
    static MaskSource fixed(Mask mask, String description) {
        return new MaskSource() {
            @Override
            public Mask maskFor(ImagePlus imp, int n) {
                return mask;
            }

            @Override
            public boolean samePerPlane() {
                return true;
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }

    /** Non-zero pixels of {@code maskImage}: one plane for all, or one per plane of the image. */
    static MaskSource image(ImagePlus maskImage) {
        return new MaskSource() {
            @Override
            public Mask maskFor(ImagePlus imp, int n) {
                check(imp);
                int k = maskImage.getStackSize() == 1 ? 1 : n;
                return fromBinary(maskImage.getStack().getProcessor(k), maskImage.getTitle());
            }

            private void check(ImagePlus imp) {
                if (maskImage.getWidth() != imp.getWidth() || maskImage.getHeight() != imp.getHeight()) {
                    throw new BadInputException("The mask image '" + maskImage.getTitle() + "' is "
                            + maskImage.getWidth() + "x" + maskImage.getHeight() + " but '" + imp.getTitle() + "' is "
                            + imp.getWidth() + "x" + imp.getHeight() + "; a mask must be the same size as the image.");
                }
                int s = maskImage.getStackSize();
                if (s != 1 && s != imp.getStackSize()) {
                    throw new BadInputException("The mask image '" + maskImage.getTitle() + "' has " + s
                            + " slices; a mask must have one slice or as many as the image (" + imp.getStackSize()
                            + ").");
                }
            }

            @Override
            public boolean samePerPlane() {
                return maskImage.getStackSize() == 1;
            }

            @Override
            public String describe() {
                return "mask image '" + maskImage.getTitle() + "'";
            }
        };
    }

    /** The NaN pixels of each plane of a 32-bit image. */
    static MaskSource nan() {
        return new MaskSource() {
            @Override
            public Mask maskFor(ImagePlus imp, int n) {
                if (imp.getBitDepth() != 32) {
                    throw new BadInputException("mask=nan needs a 32-bit image (only float pixels can be NaN), but '"
                            + imp.getTitle() + "' is " + imp.getBitDepth() + "-bit; use a selection or a mask image.");
                }
                ImageStack st = imp.getStack();
                float[] px = (float[]) st.getProcessor(n).getPixels();
                int w = imp.getWidth(), h = imp.getHeight();
                byte[] m = new byte[w * h];
                for (int i = 0; i < px.length; i++) if (Float.isNaN(px[i])) m[i] = 1;
                return Mask.fromFull(w, h, m);
            }

            @Override
            public boolean samePerPlane() {
                return false;
            }

            @Override
            public String describe() {
                return "NaN pixels";
            }
        };
    }

    /** The pixels of a selection, clipped to the image. */
    static Mask fromRoi(Roi roi, int width, int height, int pointRadius) {
        Rectangle image = new Rectangle(0, 0, width, height);
        if (roi instanceof PointRoi) {
            Point[] pts = roi.getContainedPoints();
            Rectangle box = roi.getBounds();
            box.grow(pointRadius + 1, pointRadius + 1);
            Mask.Builder b = new Mask.Builder(width, height, box);
            int r2 = pointRadius * pointRadius;
            for (Point p : pts) {
                for (int dy = -pointRadius; dy <= pointRadius; dy++) {
                    for (int dx = -pointRadius; dx <= pointRadius; dx++) {
                        if (dx * dx + dy * dy <= r2) b.set(p.x + dx, p.y + dy);
                    }
                }
            }
            return checked(b.build(), roi, image);
        }
        if (roi.isLine()) {
            if (roi.getStrokeWidth() <= 1) {
                // a one-pixel scratch: the pixels the line passes through, at sub-pixel steps
                FloatPolygon p = roi.getInterpolatedPolygon(0.25, false);
                Rectangle box = roi.getBounds();
                box.grow(2, 2);
                Mask.Builder b = new Mask.Builder(width, height, box);
                for (int i = 0; i < p.npoints; i++) b.set((int) Math.floor(p.xpoints[i]), (int) Math.floor(p.ypoints[i]));
                return checked(b.build(), roi, image);
            }
            roi = Roi.convertLineToArea(roi);
        }
        if (!roi.isArea()) {
            throw new BadInputException("A " + roi.getTypeAsString() + " selection cannot be filled; use an area, "
                    + "line or point selection.");
        }
        Rectangle r = roi.getBounds();
        ImageProcessor m = roi.getMask();
        byte[] local = m == null ? null : (byte[]) m.getPixels();
        return checked(Mask.fromLocal(width, height, r.x, r.y, r.width, r.height, local), roi, image);
    }

    private static Mask checked(Mask m, Roi roi, Rectangle image) {
        if (m.isEmpty()) {
            Rectangle r = roi.getBounds();
            if (!r.intersects(image)) {
                throw new BadInputException("The selection lies outside the image (at " + r.x + "," + r.y + ", "
                        + r.width + "x" + r.height + "; the image is " + image.width + "x" + image.height + ").");
            }
            throw new BadInputException("The selection covers no pixel; draw a larger one.");
        }
        return m;
    }

    /** Non-zero pixels of a binary image plane. */
    static Mask fromBinary(ImageProcessor ip, String title) {
        int w = ip.getWidth(), h = ip.getHeight();
        byte[] m = new byte[w * h];
        float other = 0;
        for (int i = 0; i < m.length; i++) {
            float v = ip.getf(i);
            if (v == 0) continue;
            if (other == 0 && !Float.isNaN(v)) other = v;
            if (v != other) {
                throw new BadInputException("The mask image '" + title + "' is not binary (it holds " + other + ", "
                        + v + " and 0); a mask must hold only 0 (keep) and one other value (fill), e.g. 0 and 255.");
            }
            m[i] = 1;
        }
        return Mask.fromFull(w, h, m);
    }
}
