package org.inpaintij.ij;

import java.awt.Rectangle;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ImageProcessor;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Mask;
import org.inpaintij.core.Monitor;
import org.inpaintij.core.Option;
import org.inpaintij.core.Output;
import org.inpaintij.core.Requests;

/**
 * Outpainting: a new, larger canvas (never the image itself) whose new border, plus a band of {@code overlap}
 * original pixels next to it so the seam blends, is filled by the request's method on every plane.
 */
public final class Outpainter {

    private Outpainter() {}

    /**
     * Pixels added on each side, and pixels of the original next to each grown side that are repainted.
     *
     * @param left pixels added on the left
     * @param right pixels added on the right
     * @param top pixels added at the top
     * @param bottom pixels added at the bottom
     * @param overlap original pixels repainted along each side that grows
     */
    public record Border(int left, int right, int top, int bottom, int overlap) {
        /** The border a macro's or command line's values give (keys left, right, top, bottom, overlap). */
        public static Border parse(java.util.Map<String, String> v) {
            return new Border(Requests.integer(v, Option.LEFT, 0, 16384), Requests.integer(v, Option.RIGHT, 0, 16384),
                    Requests.integer(v, Option.TOP, 0, 16384), Requests.integer(v, Option.BOTTOM, 0, 16384),
                    Requests.integer(v, Option.OVERLAP, 0, 1024));
        }

        /** Checks the sizes against the image. */
        void check(ImagePlus imp) {
            if (left + right + top + bottom == 0) {
                throw new BadInputException("Nothing to outpaint: left, right, top and bottom are all 0; give the "
                        + "pixels to add on at least one side.");
            }
            long w = (long) imp.getWidth() + left + right, h = (long) imp.getHeight() + top + bottom;
            if (w > 46340 || h > 46340 || w * h * imp.getStackSize() > Integer.MAX_VALUE * 4L) {
                throw new BadInputException("The outpainted canvas would be " + w + "x" + h + " pixels"
                        + (imp.getStackSize() > 1 ? " x " + imp.getStackSize() + " slices" : "")
                        + ", more than ImageJ can hold; add fewer pixels.");
            }
            int minSide = Math.min(imp.getWidth(), imp.getHeight());
            if (overlap * 2 >= minSide) {
                throw new BadInputException("overlap must be less than half the image's smaller side (" + minSide
                        + " pixels), not " + overlap + ".");
            }
        }
    }

    /** Makes the larger canvas and fills its new border on every plane. The input is not changed. */
    public static ImageInpainter.Result run(ImagePlus imp, InpaintRequest req, Border border, Monitor monitor) {
        ImageInpainter.checkImage(imp);
        border.check(imp);
        ImagePlus canvas = enlarge(imp, border);
        Mask mask = borderMask(imp.getWidth(), imp.getHeight(), border);
        InpaintRequest all = new InpaintRequest(req.method(), Output.NEW, "border", true, false, req.grow(),
                req.feather(), req.pointRadius(), req.radius(), req.patch(), req.seed(), req.diffusion());
        String what = "outpaint border (left=" + border.left() + ", right=" + border.right() + ", top="
                + border.top() + ", bottom=" + border.bottom() + ", overlap=" + border.overlap() + ")";
        return ImageInpainter.fill(canvas, canvas, MaskSource.fixed(mask, what), all,
                ImageInpainter.planes(canvas, all), monitor);
    }

    /** A copy of the image on a larger canvas, the original at (left, top); new pixels are 0 until filled. */
    static ImagePlus enlarge(ImagePlus imp, Border b) {
        int w = imp.getWidth() + b.left() + b.right(), h = imp.getHeight() + b.top() + b.bottom();
        ImageStack src = imp.getStack();
        ImageStack dst = new ImageStack(w, h);
        for (int n = 1; n <= src.getSize(); n++) {
            ImageProcessor ip = src.getProcessor(n).createProcessor(w, h);
            ip.insert(src.getProcessor(n), b.left(), b.top());
            dst.addSlice(src.getSliceLabel(n), ip);
        }
        ImagePlus out = ImageInpainter.newLike(imp, dst, "-outpainted");
        out.setDimensions(imp.getNChannels(), imp.getNSlices(), imp.getNFrames());
        if (imp.isHyperStack()) out.setOpenAsHyperStack(true);
        // the original pixels keep their calibrated coordinates
        Calibration cal = out.getCalibration();
        cal.xOrigin += b.left();
        cal.yOrigin += b.top();
        out.setPosition(imp.getChannel(), imp.getSlice(), imp.getFrame());
        out.getProcessor().setMinAndMax(imp.getDisplayRangeMin(), imp.getDisplayRangeMax());
        return out;
    }

    /** The new border plus the overlap band inside the original along each side that grows. */
    static Mask borderMask(int width, int height, Border b) {
        int w = width + b.left() + b.right(), h = height + b.top() + b.bottom();
        Mask.Builder m = new Mask.Builder(w, h, new Rectangle(0, 0, w, h));
        int ov = b.overlap();
        Rectangle keep = new Rectangle(b.left() + (b.left() > 0 ? ov : 0), b.top() + (b.top() > 0 ? ov : 0),
                width - (b.left() > 0 ? ov : 0) - (b.right() > 0 ? ov : 0),
                height - (b.top() > 0 ? ov : 0) - (b.bottom() > 0 ? ov : 0));
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) if (!keep.contains(x, y)) m.set(x, y);
        }
        return m.build();
    }
}
