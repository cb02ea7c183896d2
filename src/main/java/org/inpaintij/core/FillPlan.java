package org.inpaintij.core;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * How a mask is filled: the mask after {@code grow}, split into groups of components whose crops (each
 * component's box plus the margin its engine asks for) overlap. Made once per mask and reused for every
 * plane that shares it, so a stack with one selection is planned once.
 *
 * <p>Only the crops are ever copied: memory is bounded by the components' boxes, not by the image.
 */
public final class FillPlan {

    private final Mask mask;
    private final InpaintRequest request;
    private final InpaintEngine engine;
    private final List<Group> groups;
    private final long totalArea;

    private record Group(Rectangle crop, byte[] own, float[] weight) {}

    private FillPlan(Mask mask, InpaintRequest request, InpaintEngine engine, List<Group> groups) {
        this.mask = mask;
        this.request = request;
        this.engine = engine;
        this.groups = groups;
        long a = 0;
        for (Group g : groups) a += (long) g.crop.width * g.crop.height;
        this.totalArea = Math.max(1, a);
    }

    /**
     * Plans the fill of {@code mask} (before {@code grow}) for the request's method.
     *
     * @throws BadInputException when the mask is empty or leaves nothing known to fill from
     */
    public static FillPlan of(Mask mask, InpaintRequest request) {
        InpaintEngine engine = Engines.get(request.method());
        if (mask.isEmpty()) throw new BadInputException("The mask is empty: there is nothing to fill.");
        Mask grown = mask.grow(request.grow());
        if (grown.isFull()) {
            throw new BadInputException("The mask covers the whole image, so nothing is known to fill it from; "
                    + "select only the part to repair" + (request.grow() > 0 ? " or use a smaller grow." : "."));
        }
        List<Mask.Component> comps = grown.components();
        Rectangle image = new Rectangle(0, 0, grown.width(), grown.height());
        List<Rectangle> crops = new ArrayList<>(comps.size());
        for (Mask.Component c : comps) {
            int m = Math.max(1, engine.margin(c, request));
            Rectangle r = new Rectangle(c.bounds());
            r.grow(m, m);
            crops.add(r.intersection(image));
        }
        List<Group> groups = new ArrayList<>();
        for (List<Integer> g : Boxes.overlapGroups(crops)) {
            Rectangle crop = new Rectangle(crops.get(g.get(0)));
            for (int i : g) crop.add(crops.get(i));
            byte[] own = new byte[crop.width * crop.height];
            for (int i : g) {
                Mask.Component c = comps.get(i);
                Rectangle b = c.bounds();
                byte[] l = c.local();
                for (int y = 0; y < b.height; y++) {
                    int row = (b.y - crop.y + y) * crop.width + (b.x - crop.x);
                    for (int x = 0; x < b.width; x++) if (l[y * b.width + x] != 0) own[row + x] = 1;
                }
            }
            groups.add(new Group(crop, own, featherWeights(own, crop, request.feather())));
        }
        return new FillPlan(grown, request, engine, groups);
    }

    /** Weight of the fill at each own pixel: 1 at least {@code feather} pixels inside the mask edge. */
    private static float[] featherWeights(byte[] own, Rectangle crop, int feather) {
        if (feather <= 0) return null;
        byte[] outside = new byte[own.length];
        for (int i = 0; i < own.length; i++) outside[i] = (byte) (own[i] == 0 ? 1 : 0);
        float[] d2 = DistanceTransform.squaredToSet(outside, crop.width, crop.height, false);
        float[] w = new float[own.length];
        for (int i = 0; i < own.length; i++) {
            if (own[i] != 0) w[i] = (float) Math.min(1.0, Math.sqrt(d2[i]) / (feather + 1));
        }
        return w;
    }

    /** The mask actually filled (after grow). */
    public Mask mask() {
        return mask;
    }

    /**
     * Computes the fill of {@code plane} without changing it. Regions run in parallel unless the engine says
     * otherwise; the result does not depend on their order.
     *
     * @throws CancelledException when the monitor says so; nothing has been written then
     */
    public PlaneFill run(Plane plane, Monitor monitor) {
        return run(plane, request, monitor);
    }

    /**
     * As {@link #run(Plane, Monitor)} with another seed (null = the method's default), so that each plane of a
     * stack or each variation can have its own.
     */
    public PlaneFill run(Plane plane, Long seed, Monitor monitor) {
        return run(plane, request.withSeed(seed), monitor);
    }

    private PlaneFill run(Plane plane, InpaintRequest req, Monitor monitor) {
        if (plane.width() != mask.width() || plane.height() != mask.height()) {
            throw new BadInputException("The mask is " + mask.width() + "x" + mask.height() + " but the image is "
                    + plane.width() + "x" + plane.height() + "; they must be the same size.");
        }
        AtomicLong done = new AtomicLong();
        monitor.progress(0, null);
        RegionFill[] out = new RegionFill[groups.size()];
        if (engine.parallel() && groups.size() > 1) {
            IntStream.range(0, groups.size()).parallel().forEach(i -> {
                monitor.checkCancelled();
                Group g = groups.get(i);
                out[i] = fillGroup(plane, g, req, monitor.quiet());
                monitor.progress(done.addAndGet(area(g)) / (double) totalArea, null);
            });
        } else {
            for (int i = 0; i < groups.size(); i++) {
                monitor.checkCancelled();
                Group g = groups.get(i);
                double start = done.get() / (double) totalArea;
                out[i] = fillGroup(plane, g, req, monitor.range(start, start + area(g) / (double) totalArea));
                done.addAndGet(area(g));
            }
        }
        monitor.checkCancelled();
        return new PlaneFill(List.of(out));
    }

    private static long area(Group g) {
        return (long) g.crop.width * g.crop.height;
    }

    private RegionFill fillGroup(Plane plane, Group g, InpaintRequest req, Monitor monitor) {
        FillRegion region = crop(plane, g.crop, g.own);
        if (!hasKnown(region)) {
            // nothing usable around this component (NaN surroundings): take the whole image as context
            Rectangle all = new Rectangle(0, 0, plane.width(), plane.height());
            byte[] own = new byte[all.width * all.height];
            for (int y = 0; y < g.crop.height; y++) {
                System.arraycopy(g.own, y * g.crop.width, own, (g.crop.y + y) * all.width + g.crop.x, g.crop.width);
            }
            region = crop(plane, all, own);
            if (!hasKnown(region)) {
                throw new BadInputException("No finite pixel is left outside the mask, so nothing is known to fill "
                        + "it from.");
            }
            RegionFill r = fillRegion(region, req, monitor);
            return r.cropTo(g.crop, g.own, g.weight);
        }
        RegionFill r = fillRegion(region, req, monitor);
        return new RegionFill(r.bounds(), g.own, g.weight, r.values(), r.notes());
    }

    private RegionFill fillRegion(FillRegion region, InpaintRequest req, Monitor monitor) {
        engine.fill(region, req, monitor);
        byte[] s = region.state();
        byte[] own = new byte[s.length];
        for (int i = 0; i < s.length; i++) own[i] = (byte) (s[i] == FillRegion.FILL ? 1 : 0);
        // without a branch per pixel: NaN and infinities fail the comparison
        boolean bad = false;
        for (double[] v : region.values()) {
            for (int i = 0; i < s.length; i++) bad |= own[i] != 0 & !(Math.abs(v[i]) <= Double.MAX_VALUE);
        }
        if (bad) {
            throw new IllegalStateException("Method '" + req.method() + "' left a non-finite value at a filled "
                    + "pixel; this is a bug in the method.");
        }
        return new RegionFill(region.bounds(), own, null, region.values(), region.notes());
    }

    private FillRegion crop(Plane plane, Rectangle crop, byte[] own) {
        int n = crop.width * crop.height;
        int nc = plane.channels();
        byte[] state = new byte[n];
        double[][] values = new double[nc][n];
        // every value is copied, those to fill too: a method may start from them (diffusion's strength)
        for (int y = 0; y < crop.height; y++) plane.getPixels(crop.y + y, crop.x, crop.width, values, y * crop.width);
        byte[] masked = mask.local(crop);
        for (int i = 0; i < n; i++) {
            if (own[i] != 0) state[i] = FillRegion.FILL;
            else if (masked[i] != 0) state[i] = FillRegion.MISSING;
        }
        // NaN and infinity outside the mask are absent, not data; 8-bit, 16-bit and RGB planes hold integers only
        if (plane.type() == Plane.Type.FLOAT) {
            for (int c = 0; c < nc; c++) {
                double[] v = values[c];
                for (int i = 0; i < n; i++) {
                    if (state[i] == FillRegion.KNOWN && !Double.isFinite(v[i])) state[i] = FillRegion.MISSING;
                }
            }
        }
        double[] lo = new double[nc], hi = new double[nc];
        for (int c = 0; c < nc; c++) {
            lo[c] = plane.displayMin(c);
            hi[c] = plane.displayMax(c);
        }
        return new FillRegion(crop, state, values, plane.type(), lo, hi);
    }

    private static boolean hasKnown(FillRegion r) {
        for (byte s : r.state()) if (s == FillRegion.KNOWN) return true;
        return false;
    }
}
