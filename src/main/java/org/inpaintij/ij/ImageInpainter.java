package org.inpaintij.ij;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import ij.ImagePlus;
import ij.ImageStack;
import ij.Undo;
import ij.WindowManager;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.process.ImageProcessor;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.FillPlan;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Mask;
import org.inpaintij.core.Monitor;
import org.inpaintij.core.Output;
import org.inpaintij.core.PlaneFill;

/**
 * The one facade that fills an ImageJ image: the dialog, macros, the command line and the tests all call
 * {@link #run}. Everything is computed before anything is written, so a cancel or a failure leaves the image
 * exactly as it was; only the pixels of the mask ever change.
 */
public final class ImageInpainter {

    private ImageInpainter() {}

    /**
     * The outcome of a fill.
     *
     * @param image the image that holds the result: a new one for {@link Output#NEW}, else the input
     * @param provenance the line added to the result's Info
     * @param planes the stack planes (1-based) that were filled
     */
    public record Result(ImagePlus image, String provenance, List<Integer> planes) {}

    /**
     * Fills {@code imp} as the request says.
     *
     * @throws BadInputException for an image, mask or option the user can fix; the image is untouched
     * @throws org.inpaintij.core.CancelledException when the monitor cancels; the image is untouched
     */
    public static Result run(ImagePlus imp, MaskSource source, InpaintRequest req, Monitor monitor) {
        checkImage(imp);
        if (req.diffusion().variations() > 1) return variations(imp, source, req, monitor);
        List<Integer> planes = planes(imp, req);
        if (req.output() == Output.IN_PLACE && planes.size() > 1 && !req.noUndo()) {
            throw new BadInputException("Filling every slice in place cannot be undone; add the no_undo key to "
                    + "confirm (or use output=new).");
        }
        ImagePlus target = req.output() == Output.NEW ? duplicate(imp) : imp;
        return fill(imp, target, source, req, planes, monitor);
    }

    /**
     * {@link #run} as the menu commands and the SciJava commands call it, on an image the user may be watching:
     * the mask from the request, and a long fill's work in progress shown over the image's window meanwhile (see
     * {@link LivePreview}; it is never part of the image, and is gone when this returns or throws).
     */
    public static Result runWatched(ImagePlus imp, InpaintRequest req, Monitor monitor) {
        try (LivePreview watched = LivePreview.on(imp, monitor)) {
            return run(imp, MaskSource.of(imp, req), req, watched);
        }
    }

    /**
     * Fills the planes of {@code imp}: with {@link Output#NEW}, each plane's fill is written into
     * {@code target} as soon as it is computed (which may be {@code imp} itself when it is a fresh image
     * nobody else sees, as Outpaint's canvas is); otherwise everything is computed first and written at the end.
     */
    static Result fill(ImagePlus imp, ImagePlus target, MaskSource source, InpaintRequest req, List<Integer> planes,
            Monitor monitor) {
        Map<Mask, FillPlan> plans = new IdentityHashMap<>();
        Map<Integer, PlaneFill> fills = new TreeMap<>();
        Map<String, Integer> notes = new TreeMap<>();
        Map<Integer, Mask> filled = new TreeMap<>();
        ImageStack stack = imp.getStack();
        for (int k = 0; k < planes.size(); k++) {
            int n = planes.get(k);
            Mask mask = source.maskFor(imp, n);
            FillPlan plan = plans.computeIfAbsent(mask, m -> FillPlan.of(m, req));
            Monitor sub = monitor.range(k / (double) planes.size(), (k + 1) / (double) planes.size());
            PlaneFill fill = plan.run(new ImagePlane(stack.getProcessor(n)), planeSeed(req, k), sub);
            fill.noteCounts().forEach((key, c) -> notes.merge(key, c, Integer::sum));
            filled.put(n, plan.mask());
            if (req.output() == Output.NEW) {
                fill.applyTo(new ImagePlane(target.getStack().getProcessor(n)));
            } else {
                fills.put(n, fill);
            }
        }
        monitor.checkCancelled();
        // from here on nothing is cancelled: the result is written as a whole
        switch (req.output()) {
            case IN_PLACE -> writeInPlace(imp, fills);
            case OVERLAY -> addLayers(imp, fills, filled);
            case NEW -> { /* already written into the copy */ }
        }
        markRegion(target, filled, source.samePerPlane() && (filled.size() > 1 || target.getStackSize() == 1));
        Mask union = null;
        for (Mask m : new java.util.LinkedHashSet<>(filled.values())) union = union == null ? m : union.or(m);
        String line = Provenance.line(req, source.describe(), union, describePlanes(imp, planes), notes);
        Object infoBefore = target.getProperty("Info");
        Provenance.append(target, line);
        // Edit > Undo of a one-plane fill takes its provenance line away with its pixels
        if (req.output() == Output.IN_PLACE && fills.size() == 1) {
            ProvenanceUndo.track(imp, union.bounds(), infoBefore instanceof String s ? s : null);
        }
        if (target == imp) imp.updateAndDraw();
        return new Result(target, line, planes);
    }

    /**
     * The seed of the k-th plane: an explicit seed s gives s, s + 1, ... so every plane differs and each is
     * reproducible; -1 or none leaves the choice to the method (which records what it drew).
     */
    private static Long planeSeed(InpaintRequest req, int k) {
        Long s = req.seed();
        return s != null && s >= 0 ? Long.valueOf(s + k) : s;
    }

    /**
     * Several results of the current plane, one seed each: a new stack (slice labels carry the seeds), or one
     * overlay layer per seed. Explicit seed s gives s, s + 1, ...; otherwise the seeds are drawn here so they
     * can be shown.
     */
    private static Result variations(ImagePlus imp, MaskSource source, InpaintRequest req, Monitor monitor) {
        int nv = req.diffusion().variations();
        if (req.output() == Output.IN_PLACE) {
            throw new BadInputException("variations=" + nv + " gives several results, which cannot all go in place; "
                    + "use output=new (a stack) or output=overlay (one layer each).");
        }
        if (!org.inpaintij.core.Engines.get(req.method()).options().contains(org.inpaintij.core.Option.SEED)) {
            throw new BadInputException("Method '" + req.method() + "' gives the same result every time, so variations="
                    + nv + " would repeat it; use a method with a seed (patch or diffusion) or variations=1.");
        }
        if (req.stack() && imp.getStackSize() > 1) {
            throw new BadInputException("variations work on the current plane only; remove stack, or use "
                    + "variations=1 to fill every plane.");
        }
        long[] seeds = new long[nv];
        long base = req.seed() != null && req.seed() >= 0 ? req.seed()
                : new java.util.SplittableRandom().nextLong(1L << 32);
        for (int v = 0; v < nv; v++) seeds[v] = base + v;
        int n = imp.getCurrentSlice();
        Mask mask = source.maskFor(imp, n);
        FillPlan plan = FillPlan.of(mask, req);
        ImageProcessor ip = imp.getStack().getProcessor(n);
        Map<String, Integer> notes = new TreeMap<>();
        PlaneFill[] fills = new PlaneFill[nv];
        for (int v = 0; v < nv; v++) {
            fills[v] = plan.run(new ImagePlane(ip), seeds[v], monitor.range(v / (double) nv, (v + 1.0) / nv));
            fills[v].noteCounts().forEach((key, c) -> notes.merge(key, c, Integer::sum));
        }
        monitor.checkCancelled();
        ImagePlus target;
        if (req.output() == Output.NEW) {
            ImageStack st = new ImageStack(imp.getWidth(), imp.getHeight());
            for (int v = 0; v < nv; v++) {
                ImageProcessor result = ip.duplicate();
                fills[v].applyTo(new ImagePlane(result));
                st.addSlice("seed=" + seeds[v], result);
            }
            target = newLike(imp, st, "-inpainted");
        } else {
            target = imp;
            Overlay ov = imp.getOverlay() != null ? imp.getOverlay() : new Overlay();
            java.awt.Rectangle b = plan.mask().bounds();
            for (int v = 0; v < nv; v++) {
                ImageRoi layer = layer(imp, ip, fills[v], b);
                layer.setName(Rois.INPAINTED + " layer seed=" + seeds[v]);
                if (imp.getStackSize() > 1) layer.setPosition(n);
                ov.add(layer);
            }
            imp.setOverlay(ov);
        }
        Map<Integer, Mask> filled = new TreeMap<>();
        filled.put(target == imp ? n : 1, plan.mask());
        // a new stack of variations shares one outline; on the original it sits on the filled plane
        markRegion(target, filled, target != imp || imp.getStackSize() == 1);
        notes.put("variations=" + nv + " seeds=" + seeds[0] + ".." + seeds[nv - 1], 1);
        String line = Provenance.line(req, source.describe(), plan.mask(), "current (" + n + ")", notes);
        Provenance.append(target, line);
        if (target == imp) imp.updateAndDraw();
        return new Result(target, line, List.of(n));
    }

    static void checkImage(ImagePlus imp) {
        if (imp == null) throw new BadInputException("There is no image open: open the image to repair first.");
        if (imp.getType() == ImagePlus.COLOR_256) {
            throw new BadInputException("'" + imp.getTitle() + "' is an 8-bit indexed-colour image, whose values are "
                    + "palette entries, not intensities; convert it with Image > Type > RGB Color first "
                    + "(accepted: 8-bit, 16-bit, 32-bit and RGB).");
        }
    }

    static List<Integer> planes(ImagePlus imp, InpaintRequest req) {
        List<Integer> out = new ArrayList<>();
        if (req.stack()) {
            for (int n = 1; n <= imp.getStackSize(); n++) out.add(n);
        } else {
            out.add(imp.getCurrentSlice());
        }
        return out;
    }

    /** A copy with the same type, size, calibration, properties, slice labels and display range. */
    private static ImagePlus duplicate(ImagePlus imp) {
        ImagePlus dup = imp.duplicate();
        dup.setTitle(WindowManager.makeUniqueName(stripExtension(imp.getTitle()) + "-inpainted"));
        // ImageJ's duplicate keeps calibration, Info, properties and slice labels; position and range are ours
        dup.setPosition(imp.getChannel(), imp.getSlice(), imp.getFrame());
        if (!imp.isComposite()) dup.getProcessor().setMinAndMax(imp.getDisplayRangeMin(), imp.getDisplayRangeMax());
        return dup;
    }

    /**
     * A new image of {@code stack} that carries {@code imp}'s calibration, Info, properties and display range,
     * titled {@code <title><suffix>} (made unique).
     */
    static ImagePlus newLike(ImagePlus imp, ImageStack stack, String suffix) {
        ImagePlus out = imp.createImagePlus();
        out.setStack(WindowManager.makeUniqueName(stripExtension(imp.getTitle()) + suffix), stack);
        out.setCalibration(imp.getCalibration().copy());
        if (imp.getProperty("Info") != null) out.setProperty("Info", imp.getProperty("Info"));
        out.setProperties(imp.getPropertiesAsArray());
        out.getProcessor().setMinAndMax(imp.getDisplayRangeMin(), imp.getDisplayRangeMax());
        return out;
    }

    /** A title without a short file extension (".tif", ".png"...). */
    static String stripExtension(String title) {
        int dot = title.lastIndexOf('.');
        return dot > 0 && title.length() - dot <= 5 ? title.substring(0, dot) : title;
    }

    private static void writeInPlace(ImagePlus imp, Map<Integer, PlaneFill> fills) {
        if (fills.size() == 1) {
            // one plane: ImageJ's filter undo (a snapshot of the current processor) brings it back
            int n = fills.keySet().iterator().next();
            if (n != imp.getCurrentSlice()) imp.setSlice(n);
            ImageProcessor ip = imp.getProcessor();
            ip.snapshot();
            Undo.setup(Undo.FILTER, imp);
            // the outline added below must go too on undo: save an empty overlay when there is none
            if (imp.getOverlay() == null) imp.setOverlay(new Overlay());
            Undo.saveOverlay(imp);
            fills.get(n).applyTo(new ImagePlane(ip));
        } else {
            Undo.reset();
            ImageStack stack = imp.getStack();
            fills.forEach((n, f) -> f.applyTo(new ImagePlane(stack.getProcessor(n))));
        }
        imp.changes = true;
    }

    /** The result as image layers in the overlay; the image's pixels stay as they are. */
    private static void addLayers(ImagePlus imp, Map<Integer, PlaneFill> fills, Map<Integer, Mask> masks) {
        Overlay ov = imp.getOverlay() != null ? imp.getOverlay() : new Overlay();
        ImageStack stack = imp.getStack();
        fills.forEach((n, f) -> {
            java.awt.Rectangle b = masks.get(n).bounds();
            ImageRoi layer = layer(imp, stack.getProcessor(n), f, b);
            layer.setName(Rois.INPAINTED + " layer");
            if (imp.getStackSize() > 1) layer.setPosition(n);
            ov.add(layer);
        });
        imp.setOverlay(ov);
    }

    /** An image layer over {@code box} showing {@code ip} with the fill applied; only the box is copied. */
    private static ImageRoi layer(ImagePlus imp, ImageProcessor ip, PlaneFill fill, java.awt.Rectangle box) {
        ip.setRoi(box);
        ImageProcessor crop = ip.crop();
        ip.resetRoi();
        ImagePlane plane = new ImagePlane(crop);
        for (var r : fill.regions()) r.translated(-box.x, -box.y).applyTo(plane);
        crop.setMinAndMax(imp.getDisplayRangeMin(), imp.getDisplayRangeMax());
        return new ImageRoi(box.x, box.y, crop);
    }

    /** Adds the filled region's outline, named {@value Rois#INPAINTED}, to the result's overlay. */
    private static void markRegion(ImagePlus target, Map<Integer, Mask> filled, boolean one) {
        Overlay ov = target.getOverlay() != null ? target.getOverlay() : new Overlay();
        for (Map.Entry<Integer, Mask> e : filled.entrySet()) {
            Roi roi = Rois.of(e.getValue());
            roi.setName(Rois.INPAINTED);
            // one outline for every plane when they share it; else each on its own plane
            if (!one) roi.setPosition(e.getKey());
            ov.add(roi);
            if (one) break;
        }
        target.setOverlay(ov);
    }

    private static String describePlanes(ImagePlus imp, List<Integer> planes) {
        if (imp.getStackSize() == 1) return "1";
        if (planes.size() == imp.getStackSize()) return "all " + planes.size();
        return planes.toString().replace(" ", "");
    }
}
