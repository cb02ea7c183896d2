package org.inpaintij.classical;

import java.util.ArrayList;
import java.util.List;

import org.inpaintij.core.Engines;
import org.inpaintij.core.FillRegion;
import org.inpaintij.core.InpaintEngine;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Mask;
import org.inpaintij.core.Monitor;
import org.inpaintij.models.ModelStore;
import org.scijava.plugin.Plugin;

/**
 * The default: picks a method for each connected region of the mask, so that a user who never opens the
 * options gets the best fill. The rule (documented in doc/methods.md):
 * <ul>
 * <li>a thin region (no pixel farther than {@value #THIN} / 2 pixels from its edge: dead pixels, dust,
 * scratches, text) gets {@code biharmonic}, the most accurate fill of small defects;</li>
 * <li>a thick region is a hole whose content must be guessed. Where its surroundings are textured on every
 * side ({@link #texturedSurroundings}: grass, tissue, gravel, brick, fabric), it gets {@code patch}, which
 * continues the texture: a smooth fill there is a blob a reader notices. Elsewhere, and where the region is
 * open to the image edge (outpainting), it gets the smooth fill
 * ({@code harmonic} or {@code biharmonic}) that restores probes of the hole best: copies of the region's shape
 * moved next to it onto known pixels, with the same surroundings missing as around the region itself. Regions
 * larger than {@value #PROBE_SIZE} pixels are probed on a copy reduced to that size; regions open to the image
 * edge get harmonic (a thin plate's extrapolation drifts); with no room for a probe, harmonic.</li>
 * </ul>
 * Thin regions are filled first, so that the holes' fills (and their probes) see them repaired.
 *
 * <p>One step comes before the texture test and the probes: a large hole (at least {@value #LARGE} pixels thick)
 * is filled by a learned fill ({@code lama}, else {@code migan}) when a model for it is installed, since inventing
 * the content of a large hole is what those networks are trained for; the provenance says so. Without one, the
 * rule above.
 */
@Plugin(type = InpaintEngine.class, name = "auto", priority = 100)
public final class AutoEngine implements InpaintEngine {

    /** Largest thickness (twice the inscribed radius, pixels) of a region that counts as a small defect. */
    static final double THIN = 8;
    /** The smooth fills tried on probes for a thick region that is not textured, in order of preference on a tie. */
    static final List<String> CANDIDATES = List.of("harmonic", "biharmonic");
    /** The fill of a thick region whose surroundings are textured. */
    static final String TEXTURE_FILL = "patch";
    /**
     * Fine detail at or above which a hole's surroundings count as textured: the root mean square of their
     * high-pass (the values less their Gaussian blur, sigma {@value #DETAIL_SIGMA}) on the least detailed side
     * of the hole, over the spread (5th to 95th percentile) of the values around it.
     */
    static final double TEXTURED = 0.035;
    /** Sigma of the blur whose difference with the values is the fine detail auto measures (pixels). */
    static final double DETAIL_SIGMA = 2;
    /** Widest band of surroundings measured beside each side of a hole (pixels). */
    static final int MAX_BAND = 32;
    /** At most this many probes per region. */
    static final int PROBES = 4;
    /** Fraction of a probe's pixels that must be known for it to count. */
    private static final double PROBE_COVER = 0.95;
    /** Regions larger than this (pixels, box side) are probed on a copy reduced by halves to this size. */
    static final int PROBE_SIZE = 64;
    /** Largest margin of context around a thick region. */
    static final int MAX_MARGIN = 384;
    /** Smallest thickness (pixels) of a hole that a learned fill takes when one is installed. */
    static final double LARGE = 32;
    /** The learned fills a large hole may get, in order of preference. */
    static final List<String> LEARNED = List.of("lama", "migan");

    /** The learned fill for component c: one with an installed model when c is a large hole, else null. */
    static String learned(Mask.Component c) {
        if (c.thickness() < LARGE) return null;
        for (String m : LEARNED) {
            if (Engines.names().contains(m) && !ModelStore.standard().names(Engines.get(m).modelKinds()).isEmpty()) {
                return m;
            }
        }
        return null;
    }

    /**
     * The learned step: fills component c (FILL in {@code state}) with an installed learned model when c is a
     * large hole, keeping that fill's notes (its model and hash) for the provenance. False when it does not.
     */
    private static boolean fillLearned(FillRegion region, byte[] state, Mask.Component c, InpaintRequest request,
            Monitor monitor) {
        String learned = learned(c);
        if (learned == null) return false;
        region.note("auto", learned + " (learned fill of a large hole)");
        FillRegion sub = withState(region, state);
        Engines.get(learned).fill(sub, request, monitor.quiet());
        for (String n : sub.notes()) region.note(n.substring(0, n.indexOf('=')), n.substring(n.indexOf('=') + 1));
        return true;
    }

    /** Whether a region is a small defect (filled with biharmonic, no probing). */
    static boolean isThin(Mask.Component c) {
        return c.thickness() <= THIN;
    }

    /** The candidates' options: a region auto hands to patch is filled with its patch size and seed. */
    @Override
    public java.util.Set<org.inpaintij.core.Option> reads() {
        java.util.Set<org.inpaintij.core.Option> all = java.util.EnumSet.noneOf(org.inpaintij.core.Option.class);
        all.addAll(Engines.get(TEXTURE_FILL).reads());
        for (String c : CANDIDATES) all.addAll(Engines.get(c).reads());
        return all;
    }

    /** Gap between a region and its probes. */
    private static int gap(InpaintRequest request) {
        return Math.max(4, request.patch());
    }

    @Override
    public int margin(Mask.Component component, InpaintRequest request) {
        if (isThin(component)) return Engines.get("biharmonic").margin(component, request);
        String learned = learned(component);
        if (learned != null) return Engines.get(learned).margin(component, request);
        int size = Math.max(component.bounds().width, component.bounds().height);
        // the texture fill's context, and room for a probe beside the region with a smooth fill's context beyond
        int fill = Engines.get(TEXTURE_FILL).margin(component, request), smooth = 0;
        for (String c : CANDIDATES) {
            fill = Math.max(fill, Engines.get(c).margin(component, request));
            smooth = Math.max(smooth, Engines.get(c).margin(component, request));
        }
        return Math.min(MAX_MARGIN, Math.max(fill, size + gap(request) + smooth));
    }

    @Override
    public void fill(FillRegion region, InpaintRequest request, Monitor monitor) {
        List<Mask.Component> comps = region.fillComponents();
        List<Mask.Component> thin = new ArrayList<>(), thick = new ArrayList<>();
        for (Mask.Component c : comps) (isThin(c) ? thin : thick).add(c);
        int w = region.width();
        byte[] base = region.state().clone();
        if (!thin.isEmpty()) {
            monitor.checkCancelled();
            FillRegion sub = region;
            if (!thick.isEmpty()) {
                byte[] s = base.clone();
                for (Mask.Component c : thick) paint(s, w, c, FillRegion.MISSING);
                sub = withState(region, s);
            }
            Engines.get("biharmonic").fill(sub, request, thick.isEmpty() ? monitor : monitor.quiet());
            for (Mask.Component c : thin) {
                region.note("auto", "biharmonic");
                paint(base, w, c, FillRegion.KNOWN);
            }
        }
        for (int k = 0; k < thick.size(); k++) {
            monitor.checkCancelled();
            Mask.Component c = thick.get(k);
            byte[] s = base.clone();
            for (int j = k + 1; j < thick.size(); j++) paint(s, w, thick.get(j), FillRegion.MISSING);
            if (fillLearned(region, s, c, request, monitor)) {
                paint(base, w, c, FillRegion.KNOWN);
                monitor.progress((k + 1) / (double) thick.size(), null);
                continue;
            }
            String method = choose(region, s, c, request, monitor);
            region.note("auto", method);
            Engines.get(method).fill(withState(region, s), request, monitor.quiet());
            paint(base, w, c, FillRegion.KNOWN);
            monitor.progress((k + 1) / (double) thick.size(), null);
        }
    }

    /**
     * The method for thick component c (whose pixels are FILL in {@code state}, the state as the real fill will
     * see it): {@value #TEXTURE_FILL} where its surroundings are textured, else the best smooth fill. A region
     * open to the image edge is extrapolated, not filled between its sides, and gets the smooth fill: there
     * patch scores below harmonic on every image of the benchmark's outpainting band.
     */
    static String choose(FillRegion region, byte[] state, Mask.Component c, InpaintRequest request,
            Monitor monitor) {
        if (!openToEdge(region, c) && texturedSurroundings(region, state, c)) return TEXTURE_FILL;
        return bestSmoothFill(region, state, c, request, monitor);
    }

    /** Whether component c touches the edge of the crop (which reaches the image edge where c is near it). */
    private static boolean openToEdge(FillRegion region, Mask.Component c) {
        java.awt.Rectangle b = c.bounds();
        return b.x == 0 || b.y == 0 || b.x + b.width == region.width() || b.y + b.height == region.height();
    }

    /** Whether the surroundings of component c are textured on every side (see {@link #TEXTURED}). */
    static boolean texturedSurroundings(FillRegion region, byte[] state, Mask.Component c) {
        return detailAround(region, state, c) >= TEXTURED;
    }

    /**
     * The fine detail around component c: on each side of its box (left, right, above, below, in bands up to
     * {@value #MAX_BAND} pixels wide, a few pixels off the box so that no blur window reaches into the hole), the
     * root mean square of the known pixels' high-pass, over the spread of the known values in all the bands;
     * the least of the sides (a hole with sky on one side and a coat on the other is not in a texture). Sides
     * with too few known pixels (at the image edge) are left out; 0 when none is left. Channels are pooled.
     * The same for any scaling of the data.
     */
    static double detailAround(FillRegion region, byte[] state, Mask.Component c) {
        java.awt.Rectangle b = c.bounds();
        int w = region.width(), h = region.height(), nc = region.channels();
        int band = Math.max(8, Math.min(MAX_BAND, Math.max(b.width, b.height) / 2));
        int off = 3, rad = (int) Math.ceil(3 * DETAIL_SIGMA);
        // the measured box, and around it the blur's reach
        int x0 = Math.max(0, b.x - off - band), y0 = Math.max(0, b.y - off - band);
        int x1 = Math.min(w, b.x + b.width + off + band), y1 = Math.min(h, b.y + b.height + off + band);
        int bx0 = Math.max(0, x0 - rad), by0 = Math.max(0, y0 - rad);
        int bx1 = Math.min(w, x1 + rad), by1 = Math.min(h, y1 + rad);
        int bw = bx1 - bx0, bh = by1 - by0;
        double[] known = new double[bw * bh];
        for (int y = 0; y < bh; y++) {
            for (int x = 0; x < bw; x++) known[y * bw + x] = state[(by0 + y) * w + bx0 + x] == FillRegion.KNOWN ? 1 : 0;
        }
        double[] weight = Gaussian.blur(known, bw, bh, DETAIL_SIGMA);
        double[] energy = new double[4];
        int[] count = new int[4];
        double spread2 = 0;
        for (int ch = 0; ch < nc; ch++) {
            double[] v = region.values()[ch];
            double[] masked = new double[bw * bh];
            for (int y = 0; y < bh; y++) {
                for (int x = 0; x < bw; x++) masked[y * bw + x] = known[y * bw + x] * v[(by0 + y) * w + bx0 + x];
            }
            double[] blur = Gaussian.blur(masked, bw, bh, DETAIL_SIGMA);
            double[] values = new double[(x1 - x0) * (y1 - y0)];
            int nv = 0;
            java.util.Arrays.fill(count, 0);
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    int side = x < b.x - off ? 0 : x >= b.x + b.width + off ? 1 : y < b.y - off ? 2
                            : y >= b.y + b.height + off ? 3 : -1;
                    int i = (y - by0) * bw + x - bx0;
                    if (side < 0 || known[i] == 0) continue;
                    double hp = v[y * w + x] - blur[i] / weight[i];
                    energy[side] += hp * hp;
                    count[side]++;
                    values[nv++] = v[y * w + x];
                }
            }
            if (nv == 0) return 0;
            java.util.Arrays.sort(values, 0, nv);
            double spread = values[(int) (0.95 * (nv - 1))] - values[(int) (0.05 * (nv - 1))];
            spread2 += spread * spread;
        }
        if (spread2 == 0) return 0;
        double least = Double.POSITIVE_INFINITY;
        for (int side = 0; side < 4; side++) {
            int length = side < 2 ? y1 - y0 : b.width + 2 * off;
            // a side counts when a quarter of its band is known (a hole at the image edge has fewer sides)
            if (count[side] < Math.max(16, length * band / 4)) continue;
            least = Math.min(least, energy[side] / count[side]);
        }
        return least == Double.POSITIVE_INFINITY ? 0 : Math.sqrt(least / spread2);
    }

    /**
     * The smooth fill that best restores probes of component c; harmonic when no probe fits in the crop or when
     * c is open to the image edge.
     */
    static String bestSmoothFill(FillRegion region, byte[] state, Mask.Component c, InpaintRequest request,
            Monitor monitor) {
        java.awt.Rectangle b = c.bounds();
        int w = region.width(), h = region.height();
        // a region open to the image edge is extrapolated, and a thin plate extrapolates slopes: it drifts
        if (openToEdge(region, c)) return CANDIDATES.get(0);
        if (Math.max(b.width, b.height) > PROBE_SIZE) {
            // a large region is judged on a reduced copy: the choice is about how its surroundings behave at
            // the scale of the hole, and probing at full size would cost several fills of it
            Reduced r = reduce(region, state, c);
            return bestSmoothFill(r.region(), r.region().state(), r.component(), request, monitor);
        }
        int g = gap(request);
        int sx = b.width + g, sy = b.height + g;
        // beside the region on each side, then one step further out
        int[][] offsets = {{-sx, 0}, {sx, 0}, {0, -sy}, {0, sy}, {-2 * sx, 0}, {2 * sx, 0}, {0, -2 * sy}, {0, 2 * sy}};
        double[] sse = new double[CANDIDATES.size()];
        int used = 0;
        for (int[] off : offsets) {
            if (used == PROBES) break;
            byte[] probe = probeState(state, w, h, c, off[0], off[1]);
            if (probe == null) continue;
            used++;
            double[][] truth = region.values();
            for (int m = 0; m < CANDIDATES.size(); m++) {
                monitor.checkCancelled();
                double[][] v = new double[truth.length][];
                for (int ch = 0; ch < v.length; ch++) v[ch] = truth[ch].clone();
                FillRegion trial = new FillRegion(region.bounds(), probe, v, region.type(), mins(region),
                        maxs(region));
                Engines.get(CANDIDATES.get(m)).fill(trial, request, monitor.quiet());
                for (int i = 0; i < probe.length; i++) {
                    if (probe[i] != FillRegion.FILL) continue;
                    for (int ch = 0; ch < v.length; ch++) {
                        double e = v[ch][i] - truth[ch][i];
                        sse[m] += e * e;
                    }
                }
            }
        }
        if (used == 0) return CANDIDATES.get(0);
        int best = 0;
        for (int m = 1; m < sse.length; m++) if (sse[m] < sse[best]) best = m;
        return CANDIDATES.get(best);
    }

    /** A region at half size, and the component to fill in it. */
    private record Reduced(FillRegion region, Mask.Component component) {}

    /**
     * The region at half size (means of 2x2 known pixels): a cell is to fill when it holds a pixel of c,
     * missing when it holds any other pixel that is not known.
     */
    private static Reduced reduce(FillRegion region, byte[] state, Mask.Component c) {
        int w = region.width(), h = region.height(), rw = (w + 1) / 2, rh = (h + 1) / 2, nc = region.channels();
        byte[] rs = new byte[rw * rh];
        double[][] rv = new double[nc][rw * rh];
        int x0 = rw, y0 = rh, x1 = -1, y1 = -1;
        for (int y = 0; y < rh; y++) {
            for (int x = 0; x < rw; x++) {
                boolean fill = false, absent = false;
                int k = 0;
                double[] sum = new double[nc];
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        int fx = 2 * x + dx, fy = 2 * y + dy;
                        if (fx >= w || fy >= h) continue;
                        int i = fy * w + fx;
                        if (state[i] == FillRegion.KNOWN) {
                            for (int ch = 0; ch < nc; ch++) sum[ch] += region.values()[ch][i];
                            k++;
                        } else if (state[i] == FillRegion.FILL && inComponent(c, fx, fy)) {
                            fill = true;
                        } else {
                            absent = true;
                        }
                    }
                }
                int i = y * rw + x;
                if (fill) {
                    rs[i] = FillRegion.FILL;
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                } else if (absent) {
                    rs[i] = FillRegion.MISSING;
                } else {
                    for (int ch = 0; ch < nc; ch++) rv[ch][i] = sum[ch] / k;
                }
            }
        }
        java.awt.Rectangle rb = new java.awt.Rectangle(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
        byte[] local = new byte[rb.width * rb.height];
        long count = 0;
        for (int y = 0; y < rb.height; y++) {
            for (int x = 0; x < rb.width; x++) {
                if (rs[(rb.y + y) * rw + rb.x + x] == FillRegion.FILL) {
                    local[y * rb.width + x] = 1;
                    count++;
                }
            }
        }
        java.awt.Rectangle bounds = region.bounds();
        FillRegion r = new FillRegion(new java.awt.Rectangle(bounds.x, bounds.y, rw, rh), rs, rv, region.type(),
                mins(region), maxs(region));
        return new Reduced(r, new Mask.Component(rb, local, count));
    }

    /**
     * The state of a probe: the real state shifted by (dx, dy), so that the probe's pixels to fill and its
     * missing surroundings sit where they would around the region, on pixels whose values are known. Null
     * when too few of the probe's pixels are known.
     */
    static byte[] probeState(byte[] state, int w, int h, Mask.Component c, int dx, int dy) {
        java.awt.Rectangle b = c.bounds();
        byte[] local = c.local();
        int total = 0, known = 0;
        for (int y = 0; y < b.height; y++) {
            for (int x = 0; x < b.width; x++) {
                if (local[y * b.width + x] == 0) continue;
                total++;
                int px = b.x + x + dx, py = b.y + y + dy;
                if (px >= 0 && py >= 0 && px < w && py < h && state[py * w + px] == FillRegion.KNOWN) known++;
            }
        }
        if (known < PROBE_COVER * total) return null;
        byte[] p = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sx = x - dx, sy = y - dy, i = y * w + x;
                if (sx < 0 || sy < 0 || sx >= w || sy >= h) {
                    p[i] = FillRegion.MISSING;
                    continue;
                }
                byte s = state[sy * w + sx];
                if (state[i] != FillRegion.KNOWN) p[i] = FillRegion.MISSING;
                else p[i] = s == FillRegion.KNOWN ? FillRegion.KNOWN : s == FillRegion.FILL && inComponent(c, sx, sy)
                        ? FillRegion.FILL : FillRegion.MISSING;
            }
        }
        return p;
    }

    private static boolean inComponent(Mask.Component c, int x, int y) {
        java.awt.Rectangle b = c.bounds();
        int lx = x - b.x, ly = y - b.y;
        return lx >= 0 && ly >= 0 && lx < b.width && ly < b.height && c.local()[ly * b.width + lx] != 0;
    }

    private static void paint(byte[] state, int w, Mask.Component c, byte value) {
        java.awt.Rectangle b = c.bounds();
        byte[] l = c.local();
        for (int y = 0; y < b.height; y++) {
            for (int x = 0; x < b.width; x++) if (l[y * b.width + x] != 0) state[(b.y + y) * w + b.x + x] = value;
        }
    }

    private static FillRegion withState(FillRegion r, byte[] state) {
        return new FillRegion(r.bounds(), state, r.values(), r.type(), mins(r), maxs(r));
    }

    private static double[] mins(FillRegion r) {
        double[] m = new double[r.channels()];
        for (int c = 0; c < m.length; c++) m[c] = r.displayMin(c);
        return m;
    }

    private static double[] maxs(FillRegion r) {
        double[] m = new double[r.channels()];
        for (int c = 0; c < m.length; c++) m[c] = r.displayMax(c);
        return m;
    }

    @Override
    public String description() {
        return "picks per region: biharmonic for small defects, a learned fill (lama, migan) for large holes when "
                + "one is installed, patch for other holes in texture, and for the rest the smooth fill that best "
                + "restores probes of the hole's shape next to it";
    }
}
