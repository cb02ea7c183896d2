package org.inpaintij.classical;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.inpaintij.core.DistanceTransform;
import org.inpaintij.core.FillRegion;
import org.inpaintij.core.Monitor;

/**
 * The work of {@link PatchEngine} on one region: a pyramid of the crop, and at each scale, coarse to fine,
 * rounds of nearest-neighbour-field search (PatchMatch: propagation from the scan neighbours, then random
 * search at shrinking radii) and re-estimation of the pixels to fill from the matches.
 *
 * <p>How the pixels are re-estimated depends on the region. A shallow one (every pixel to fill within a patch
 * radius of the known pixels: dust, scratches, text) is interpolated: each pixel becomes the weighted mean of
 * what the matched patches covering it say, which is the closer guess where little is to be invented. A deeper
 * one must be invented, and there the mean blurs wherever the matches disagree: each pixel takes the centre
 * pixel of its own patch's match, and a source patch costs more the more of its pixels the current field
 * already copies (the occurrence term of Kaspar et al. 2015), so the fill does not settle on the few flat
 * patches that match a smooth first guess best.
 *
 * <p>In every region the match distance weights a pixel still being guessed by its confidence,
 * {@value #CONFIDENCE_BASE}^-d at distance d from the known pixels (the confidence Wexler et al. 2007 weight
 * their votes with, used here in the match), so the known pixels around a target decide its match more than
 * the guesses do.
 */
final class PatchSynthesis {

    /** Largest margin of context around a region (pixels). */
    static final int MAX_MARGIN = 256;
    /**
     * Steps of the value grid the search runs on, over the range of the known pixels. A power of two, so that
     * rescaling by a power of two changes nothing, and small enough that the float rounding of a 32-bit copy
     * of an 8-bit image (relative 6e-8 of the range) never moves a value across a rounding boundary.
     */
    private static final double GRID = 4096;
    /** Confidence of a pixel to fill falls by this factor per pixel of distance from the known ones. */
    static final double CONFIDENCE_BASE = 1.3;
    private static final double MIN_CONFIDENCE = 1e-6;
    /**
     * Weight of the occurrence term: a source patch whose pixels are copied as often as the average costs this
     * many times the median per-pixel match distance, per (confidence-weighted) pixel of the target.
     */
    private static final double OCCURRENCE_WEIGHT = 1;

    private final FillRegion region;
    private final int r;
    private final SplittableRandom rnd;
    private final Monitor monitor;
    private final int nc;
    /** Whether the region is deeper than a patch radius (copied and kept varied, not averaged). */
    private boolean deep;
    /** Rounds of search and re-estimation at the finest level, at the levels between, and at the coarsest. */
    private static final int ROUNDS_FINEST = 3, ROUNDS_MIDDLE = 4, ROUNDS_COARSEST = 8;

    PatchSynthesis(FillRegion region, int patch, long seed, Monitor monitor) {
        this.region = region;
        this.r = Math.max(1, patch / 2);
        this.rnd = new SplittableRandom(seed);
        this.monitor = monitor;
        this.nc = region.channels();
    }

    /** Fills the region; false when there is too little known context for even one source patch. */
    boolean run() {
        int w = region.width(), h = region.height();
        byte[] state = region.state().clone();
        double[][] q = quantised(state);
        List<Layer> pyramid = new ArrayList<>();
        pyramid.add(new Layer(w, h, state, q, r));
        if (pyramid.get(0).sources.length == 0) return false;
        int levels = levelsFor(state, w, h);
        deep = levels > 0;
        while (pyramid.size() <= levels) {
            Layer fine = pyramid.get(pyramid.size() - 1);
            Layer coarse = fine.coarser(r);
            if (coarse == null || coarse.sources.length == 0) break;
            pyramid.add(coarse);
        }
        Layer top = pyramid.get(pyramid.size() - 1);
        smoothStart(top);
        randomField(top);
        for (int l = pyramid.size() - 1; l >= 0; l--) {
            Layer L = pyramid.get(l);
            if (l < pyramid.size() - 1) {
                upsampleField(pyramid.get(l + 1), L);
                copyCentres(L, null);
            }
            // the coarsest of several levels settles the structure from a random field; a hole shallow enough
            // for one level starts from a membrane fill that is already close
            int rounds = l == 0 ? ROUNDS_FINEST : l == pyramid.size() - 1 ? ROUNDS_COARSEST : ROUNDS_MIDDLE;
            for (int k = 0; k < rounds; k++) {
                monitor.checkCancelled();
                distances(L);
                if (deep) occurrences(L);
                search(L, true);
                search(L, false);
                if (l > 0 || k < rounds - 1) estimate(L, null);
            }
            monitor.progress((pyramid.size() - l) / (double) pyramid.size(), null);
        }
        // the last estimate takes the known pixels' own values, in the image's units
        estimate(pyramid.get(0), region.values());
        return true;
    }

    /** Values on a fixed grid over each channel's known range: the search sees the same numbers at any scale. */
    private double[][] quantised(byte[] state) {
        double[][] v = region.values();
        double[][] q = new double[nc][state.length];
        for (int c = 0; c < nc; c++) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < state.length; i++) {
                if (state[i] != FillRegion.KNOWN) continue;
                lo = Math.min(lo, v[c][i]);
                hi = Math.max(hi, v[c][i]);
            }
            double scale = hi > lo ? GRID / (hi - lo) : 0;
            for (int i = 0; i < state.length; i++) {
                if (state[i] == FillRegion.KNOWN) q[c][i] = Math.rint((v[c][i] - lo) * scale);
            }
        }
        return q;
    }

    /** Enough levels that, at the coarsest, every pixel to fill is within a patch radius of the known pixels. */
    private int levelsFor(byte[] state, int w, int h) {
        byte[] outside = new byte[state.length];
        for (int i = 0; i < state.length; i++) outside[i] = (byte) (state[i] == FillRegion.FILL ? 0 : 1);
        float[] d2 = DistanceTransform.squaredToSet(outside, w, h, true);
        double max = 0;
        for (int i = 0; i < d2.length; i++) if (state[i] == FillRegion.FILL) max = Math.max(max, d2[i]);
        double depth = Math.sqrt(max);
        int levels = 0;
        while (depth > r) {
            depth /= 2;
            levels++;
        }
        return levels;
    }

    /** The coarsest estimate before any patch is matched: the membrane fill of the hole. */
    private void smoothStart(Layer L) {
        byte[] s = new byte[L.w * L.h];
        double[][] v = new double[nc][L.w * L.h];
        for (int y = 0; y < L.h; y++) {
            for (int x = 0; x < L.w; x++) {
                int p = L.pad(x, y);
                s[y * L.w + x] = L.state[p];
                for (int c = 0; c < nc; c++) v[c][y * L.w + x] = L.q[c][p];
            }
        }
        new GridSolver(1).solve(L.w, L.h, s, v, false, monitor);
        for (int y = 0; y < L.h; y++) {
            for (int x = 0; x < L.w; x++) {
                int p = L.pad(x, y);
                if (L.state[p] == FillRegion.FILL) for (int c = 0; c < nc; c++) L.q[c][p] = v[c][y * L.w + x];
            }
        }
    }

    private void randomField(Layer L) {
        for (int t : L.targets) L.nnf[t] = L.sources[rnd.nextInt(L.sources.length)];
    }

    /** Each fine target starts from its coarse parent's match, scaled up, keeping its offset in the parent. */
    private void upsampleField(Layer coarse, Layer fine) {
        for (int t : fine.targets) {
            int x = t % fine.pw - r, y = t / fine.pw - r;
            int cx = Math.min(coarse.w - 1, x / 2), cy = Math.min(coarse.h - 1, y / 2);
            int ct = coarse.pad(cx, cy);
            int s = -1;
            if (coarse.isTarget[ct]) {
                int cs = coarse.nnf[ct];
                int sx = cs % coarse.pw - r, sy = cs / coarse.pw - r;
                int fx = 2 * sx + (x - 2 * cx), fy = 2 * sy + (y - 2 * cy);
                if (fx >= 0 && fy >= 0 && fx < fine.w && fy < fine.h && fine.valid[fine.pad(fx, fy)]) {
                    s = fine.pad(fx, fy);
                }
            }
            fine.nnf[t] = s >= 0 ? s : fine.sources[rnd.nextInt(fine.sources.length)];
        }
    }

    private void distances(Layer L) {
        for (int t : L.targets) L.dist[t] = distance(L, t, L.nnf[t], Double.POSITIVE_INFINITY);
    }

    /**
     * The occurrence cost per pixel of every source patch under the current field: how often the field copies
     * the pixels of the patch, relative to the average over the known pixels, times
     * {@link #OCCURRENCE_WEIGHT} and the median per-pixel match distance (so that the term keeps its proportion
     * to the distances it competes with, at every level and on every image).
     */
    private void occurrences(Layer L) {
        int pw = L.pw, ph = L.ph, n = pw * ph;
        double[] sat = new double[(pw + 1) * (ph + 1)];
        int[] occ = new int[n];
        for (int t : L.targets) for (int o : L.offsets) occ[L.nnf[t] + o]++;
        int known = 0;
        for (int y = 0; y < ph; y++) {
            double run = 0;
            for (int x = 0; x < pw; x++) {
                int p = y * pw + x;
                if (L.state[p] == FillRegion.KNOWN) known++;
                run += occ[p];
                sat[(y + 1) * (pw + 1) + x + 1] = sat[y * (pw + 1) + x + 1] + run;
            }
        }
        double[] perPixel = new double[L.targets.length];
        for (int k = 0; k < perPixel.length; k++) perPixel[k] = L.dist[L.targets[k]] / L.weight[L.targets[k]];
        Arrays.sort(perPixel);
        double median = perPixel[perPixel.length / 2];
        double average = (double) L.targets.length * L.offsets.length / known;
        double scale = OCCURRENCE_WEIGHT * median / (average * L.offsets.length);
        if (L.occurrence == null) L.occurrence = new double[n];
        for (int s : L.sources) L.occurrence[s] = scale * L.box(sat, s % pw, s / pw);
    }

    /** One PatchMatch pass over the targets, in raster order or in reverse. */
    private void search(Layer L, boolean forward) {
        int[] tg = L.targets;
        int n = tg.length, pw = L.pw;
        int step = forward ? 1 : -1;
        int maxRadius = Math.max(L.w, L.h);
        for (int k = 0; k < n; k++) {
            int t = tg[forward ? k : n - 1 - k];
            int best = L.nnf[t];
            double bestD = L.dist[t] + occurrence(L, t, best);
            // propagation: the scan neighbours' matches, shifted by one
            int a = t - step, b = t - step * pw;
            if (L.isTarget[a]) {
                int s = L.nnf[a] + step;
                if (L.valid[s] && s != best) {
                    double d = cost(L, t, s, bestD);
                    if (d < bestD) {
                        bestD = d;
                        best = s;
                    }
                }
            }
            if (L.isTarget[b]) {
                int s = L.nnf[b] + step * pw;
                if (L.valid[s] && s != best) {
                    double d = cost(L, t, s, bestD);
                    if (d < bestD) {
                        bestD = d;
                        best = s;
                    }
                }
            }
            // random search around the best so far, at radii halving down to one pixel
            int bx = best % pw, by = best / pw;
            for (int rad = maxRadius; rad >= 1; rad /= 2) {
                int x = bx + rnd.nextInt(2 * rad + 1) - rad, y = by + rnd.nextInt(2 * rad + 1) - rad;
                if (x < r || y < r || x >= L.w + r || y >= L.h + r) continue;
                int s = y * pw + x;
                if (!L.valid[s] || s == best) continue;
                double d = cost(L, t, s, bestD);
                if (d < bestD) {
                    bestD = d;
                    best = s;
                    bx = x;
                    by = y;
                }
            }
            L.nnf[t] = best;
            L.dist[t] = bestD - occurrence(L, t, best);
        }
    }

    /** The match distance from t to s plus the occurrence cost of s; stops above cap. */
    private double cost(Layer L, int t, int s, double cap) {
        double o = occurrence(L, t, s);
        return distance(L, t, s, cap - o) + o;
    }

    /**
     * The occurrence cost of s for target t: per pixel of the patch, weighted as the distance weights t's
     * pixels, so that it keeps its proportion to the distance deep in a hole, where confidences are low.
     */
    private static double occurrence(Layer L, int t, int s) {
        return L.occurrence == null ? 0 : L.occurrence[s] * L.weight[t];
    }

    /**
     * Sum of squared differences between the patches at t and s over t's present pixels, each weighted by its
     * confidence; stops above cap.
     */
    private double distance(Layer L, int t, int s, double cap) {
        int[] rows = L.rowOffsets;
        int side = 2 * r + 1;
        double[] conf = L.confidence;
        double d = 0;
        if (nc == 1) {
            double[] q = L.q[0];
            for (int ro : rows) {
                int tp = t + ro, sp = s + ro;
                for (int i = 0; i < side; i++) {
                    double e = q[tp + i] - q[sp + i];
                    d += conf[tp + i] * e * e;
                }
                if (d > cap) return d;
            }
            return d;
        }
        for (int ro : rows) {
            int tp = t + ro, sp = s + ro;
            for (int i = 0; i < side; i++) {
                double e2 = 0;
                for (int c = 0; c < nc; c++) {
                    double e = L.q[c][tp + i] - L.q[c][sp + i];
                    e2 += e * e;
                }
                d += conf[tp + i] * e2;
            }
            if (d > cap) return d;
        }
        return d;
    }

    /**
     * Re-estimates the pixels to fill from the matches, by copying in a deep region and voting in a shallow one.
     * With {@code out} null the layer's own (grid) values are updated; otherwise the result is written to
     * {@code out} in the region's units (level 0).
     */
    private void estimate(Layer L, double[][] out) {
        if (deep) copyCentres(L, out);
        else vote(L, out);
    }

    /** Each pixel to fill takes the value at the centre of the match of the patch centred on it. */
    private void copyCentres(Layer L, double[][] out) {
        for (int y = 0; y < L.h; y++) {
            for (int x = 0; x < L.w; x++) {
                int p = L.pad(x, y);
                if (L.state[p] != FillRegion.FILL) continue;
                int s = L.nnf[p];
                for (int c = 0; c < nc; c++) {
                    if (out == null) L.q[c][p] = L.q[c][s];
                    else out[c][y * L.w + x] = out[c][L.unpad(s)];
                }
            }
        }
    }

    /** Each pixel to fill becomes the weighted mean of what the matched patches covering it say. */
    private void vote(Layer L, double[][] out) {
        int n = L.pw * L.ph;
        double[] wsum = new double[n];
        double[][] acc = new double[nc][n];
        double[] wt = weights(L);
        double[][] src = out == null ? L.q : null;
        for (int k = 0; k < L.targets.length; k++) {
            int t = L.targets[k], s = L.nnf[t];
            double w = wt[k];
            for (int o : L.offsets) {
                int p = t + o;
                if (L.state[p] != FillRegion.FILL) continue;
                wsum[p] += w;
                int sp = s + o;
                if (src != null) {
                    for (int c = 0; c < nc; c++) acc[c][p] += w * src[c][sp];
                } else {
                    int i = L.unpad(sp);
                    for (int c = 0; c < nc; c++) acc[c][p] += w * out[c][i];
                }
            }
        }
        for (int y = 0; y < L.h; y++) {
            for (int x = 0; x < L.w; x++) {
                int p = L.pad(x, y);
                if (L.state[p] != FillRegion.FILL) continue;
                for (int c = 0; c < nc; c++) {
                    double v = acc[c][p] / wsum[p];
                    if (out == null) L.q[c][p] = v;
                    else out[c][y * L.w + x] = v;
                }
            }
        }
    }

    /** Vote weights: exp(-d / 2 sigma^2), sigma^2 the 75th percentile of the per-pixel match distances. */
    private static double[] weights(Layer L) {
        int n = L.targets.length;
        double[] d = new double[n];
        for (int k = 0; k < n; k++) {
            int t = L.targets[k];
            d[k] = L.dist[t] / L.weight[t];
        }
        double[] sorted = d.clone();
        Arrays.sort(sorted);
        double s2 = Math.max(sorted[(int) (0.75 * (n - 1))], 1e-9);
        double[] w = new double[n];
        for (int k = 0; k < n; k++) w[k] = Math.exp(-d[k] / (2 * s2)) + 1e-12;
        return w;
    }

    /**
     * One scale of the pyramid, padded by the patch radius on every side (padding counts as missing), so
     * that patch windows never leave the arrays.
     */
    private final class Layer {
        final int w, h, pw, ph;
        final byte[] state;
        final double[][] q;
        /** Whether the patch centred here lies entirely on known pixels (a possible source). */
        final boolean[] valid;
        final int[] sources;
        final boolean[] isTarget;
        final int[] targets;
        final int[] nnf;
        final double[] dist;
        /**
         * Weight of each pixel in the match distance: 1 when known, falling with the distance from the known
         * pixels when to fill, 0 when missing (where q holds 0, never read as a value).
         */
        final double[] confidence;
        /** Sum of the confidences in the window of each target (for per-pixel distances). */
        final double[] weight;
        /** Occurrence cost per pixel of each source patch under the current field; null in a shallow region. */
        double[] occurrence;
        final int[] offsets, rowOffsets;

        /** A layer from unpadded state and values. */
        Layer(int w, int h, byte[] st, double[][] values, int r) {
            this.w = w;
            this.h = h;
            pw = w + 2 * r;
            ph = h + 2 * r;
            int n = pw * ph;
            state = new byte[n];
            Arrays.fill(state, FillRegion.MISSING);
            q = new double[nc][n];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = pad(x, y);
                    state[p] = st[y * w + x];
                    for (int c = 0; c < nc; c++) q[c][p] = values[c][y * w + x];
                }
            }
            int side = 2 * r + 1;
            offsets = new int[side * side];
            rowOffsets = new int[side];
            for (int dy = -r, k = 0; dy <= r; dy++) {
                rowOffsets[dy + r] = dy * pw - r;
                for (int dx = -r; dx <= r; dx++) offsets[k++] = dy * pw + dx;
            }
            // sources: windows without a single non-known pixel, found with a summed-area table
            int[] bad = new int[(pw + 1) * (ph + 1)];
            for (int y = 0; y < ph; y++) {
                int run = 0;
                for (int x = 0; x < pw; x++) {
                    if (state[y * pw + x] != FillRegion.KNOWN) run++;
                    bad[(y + 1) * (pw + 1) + x + 1] = bad[y * (pw + 1) + x + 1] + run;
                }
            }
            confidence = confidence(state, pw, ph);
            int[] fillSum = new int[(pw + 1) * (ph + 1)];
            double[] confSum = new double[(pw + 1) * (ph + 1)];
            for (int y = 0; y < ph; y++) {
                int runF = 0;
                double runC = 0;
                for (int x = 0; x < pw; x++) {
                    if (state[y * pw + x] == FillRegion.FILL) runF++;
                    runC += confidence[y * pw + x];
                    fillSum[(y + 1) * (pw + 1) + x + 1] = fillSum[y * (pw + 1) + x + 1] + runF;
                    confSum[(y + 1) * (pw + 1) + x + 1] = confSum[y * (pw + 1) + x + 1] + runC;
                }
            }
            valid = new boolean[n];
            isTarget = new boolean[n];
            weight = new double[n];
            int ns = 0, nt = 0;
            for (int y = r; y < h + r; y++) {
                for (int x = r; x < w + r; x++) {
                    int p = y * pw + x;
                    if (box(bad, x, y) == 0) {
                        valid[p] = true;
                        ns++;
                    }
                    if (state[p] != FillRegion.MISSING && box(fillSum, x, y) > 0) {
                        isTarget[p] = true;
                        weight[p] = box(confSum, x, y);
                        nt++;
                    }
                }
            }
            sources = new int[ns];
            targets = new int[nt];
            for (int p = 0, a = 0, b = 0; p < n; p++) {
                if (valid[p]) sources[a++] = p;
                if (isTarget[p]) targets[b++] = p;
            }
            nnf = new int[n];
            dist = new double[n];
        }

        /** {@link #confidence} of every (padded) pixel. */
        private static double[] confidence(byte[] state, int pw, int ph) {
            byte[] known = new byte[state.length];
            for (int i = 0; i < state.length; i++) known[i] = (byte) (state[i] == FillRegion.KNOWN ? 1 : 0);
            float[] d2 = DistanceTransform.squaredToSet(known, pw, ph);
            double[] c = new double[state.length];
            for (int i = 0; i < state.length; i++) {
                c[i] = switch (state[i]) {
                    case FillRegion.KNOWN -> 1;
                    // floored so that a window deep in a very large hole still has a weight to divide by
                    case FillRegion.FILL -> Math.max(MIN_CONFIDENCE, Math.pow(CONFIDENCE_BASE, -Math.sqrt(d2[i])));
                    default -> 0;
                };
            }
            return c;
        }

        /** Sum of a summed-area table over the patch window centred at padded (x, y). */
        private int box(int[] sat, int x, int y) {
            int x0 = x - r, y0 = y - r, x1 = x + r + 1, y1 = y + r + 1, sw = pw + 1;
            return sat[y1 * sw + x1] - sat[y0 * sw + x1] - sat[y1 * sw + x0] + sat[y0 * sw + x0];
        }

        /** As {@link #box(int[], int, int)} for a table of doubles. */
        double box(double[] sat, int x, int y) {
            int x0 = x - r, y0 = y - r, x1 = x + r + 1, y1 = y + r + 1, sw = pw + 1;
            return sat[y1 * sw + x1] - sat[y0 * sw + x1] - sat[y1 * sw + x0] + sat[y0 * sw + x0];
        }

        int pad(int x, int y) {
            return (y + r) * pw + x + r;
        }

        int unpad(int p) {
            return (p / pw - r) * w + p % pw - r;
        }

        /**
         * Half the size: a pixel to fill where any of its four children is one, missing where any is missing,
         * else known with their mean (exact on the value grid, so every scaling of the data agrees).
         */
        Layer coarser(int r) {
            int cw = (w + 1) / 2, ch = (h + 1) / 2;
            if (cw < 2 * r + 2 || ch < 2 * r + 2) return null;
            byte[] cs = new byte[cw * ch];
            double[][] cv = new double[nc][cw * ch];
            for (int cy = 0; cy < ch; cy++) {
                for (int cx = 0; cx < cw; cx++) {
                    boolean fill = false, missing = false;
                    int k = 0;
                    double[] sum = new double[nc];
                    for (int dy = 0; dy < 2; dy++) {
                        for (int dx = 0; dx < 2; dx++) {
                            int x = 2 * cx + dx, y = 2 * cy + dy;
                            if (x >= w || y >= h) continue;
                            int p = pad(x, y);
                            byte s = state[p];
                            if (s == FillRegion.FILL) fill = true;
                            else if (s == FillRegion.MISSING) missing = true;
                            for (int c = 0; c < nc; c++) sum[c] += q[c][p];
                            k++;
                        }
                    }
                    int i = cy * cw + cx;
                    cs[i] = fill ? FillRegion.FILL : missing ? FillRegion.MISSING : FillRegion.KNOWN;
                    if (cs[i] == FillRegion.KNOWN) for (int c = 0; c < nc; c++) cv[c][i] = sum[c] / k;
                }
            }
            Layer L = new Layer(cw, ch, cs, cv, r);
            return L;
        }
    }
}
