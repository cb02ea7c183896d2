package org.inpaintij.classical;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.inpaintij.core.DistanceTransform;
import org.inpaintij.core.FillRegion;
import org.inpaintij.core.Monitor;

/**
 * The work of {@link PatchEngine} on one region: the multi-scale expectation-maximisation completion of Wexler,
 * Shechtman and Irani (2007), with the texture features, the onion-peel start and the best-patch reconstruction
 * of Newson et al. (2014, 2017), and a gradient-domain paste of the result.
 *
 * <p>The crop is reduced by halves until every pixel to fill is within a patch of the known pixels. The
 * coarsest scale starts from an onion peel: layer by layer from the known pixels inwards, each pixel takes the
 * centre of the source patch most like its known and already filled neighbourhood. Then, at each scale, coarse
 * to fine, rounds alternate two steps. Search: every patch that overlaps the hole gets its nearest patch among
 * those of the surroundings that hold only known pixels (PatchMatch, Barnes et al. 2009: propagation from the
 * scan neighbours' matches, then random search at halving radii, alternating forward and backward scans).
 * Vote: every pixel to fill becomes the weighted mean of what the matched patches covering it say, each patch
 * weighted by its confidence, {@value #CONFIDENCE_BASE}^-k at distance k of its centre from the known pixels
 * (matches anchored in the real surroundings speak louder than matches of guesses), and by its similarity,
 * exp(-d / 2σ²)^{@value #SHARPNESS} with d the match's mean squared difference and σ² the 75th percentile of d.
 * The power makes the best match dominate where the matches disagree: a plain mean of patches that disagree
 * is smooth, and a smooth guess then matches the flattest patches of the surroundings, round after round. A
 * finer scale starts from its coarser scale's matches scaled up, voted with its own pixels, and refines them
 * nearby.
 *
 * <p>Three more things keep texture where a vote loses it. Each pixel carries, beside its values, the mean
 * absolute horizontal and vertical differences of the full-resolution image around it (the texture features of
 * Newson et al.), matched and voted as values are, so that a hole in grass asks for grassy patches even at
 * scales where the reduced image no longer shows the grass. After each vote, every channel of the estimate is
 * matched in distribution to the known pixels around the hole (histogram matching, as Kaspar et al. 2015 use
 * against the wash-out of texture optimisation), so that the dark joints of gravel or the nuclei of tissue,
 * which the mean of disagreeing votes greys out, are there for the next round's matches to find. And the last
 * estimate, at full resolution, is not a mean: each pixel takes the pixel that the best-weighted patch covering
 * it copies, and the copy is pasted in the gradient domain (each pixel's differences to its neighbours are its
 * source's, the known pixels fixed), so that the fill is made of the source's own pixels, noise included,
 * without steps where two copied pieces meet or at the hole's edge; its shading at scales above
 * {@value #SHADING_SIGMA} pixels is then the membrane fill's, which predicts the hole's shading better than
 * the copies' own, brought from elsewhere.
 *
 * <p>A region shallow enough (every pixel to fill within a patch radius of the known pixels: dust, scratches,
 * text) has little to invent: it is matched at full resolution only, from a membrane start, and keeps the plain
 * weighted mean of the votes, the closer guess there.
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
    /** Confidence of a patch falls by this factor per pixel of distance of its centre from the known pixels. */
    static final double CONFIDENCE_BASE = 1.3;
    /** Power of the similarity weight of a vote in a deep region (1 in a shallow one). */
    static final double SHARPNESS = 16;
    /** Weight of the texture features against the values in the match distance. */
    static final double FEATURE_WEIGHT = 10;
    /**
     * Rounds of search and vote in a deep region at the coarsest scale, at each scale between (more for a
     * stochastic texture, see {@link #REGULAR}: its histogram-matched estimates take a round more to settle), and
     * at full resolution (whose matches are only copied), and in a shallow region (one scale, from a membrane
     * start that is already close).
     */
    static final int ROUNDS_COARSEST = 6, ROUNDS = 1, ROUNDS_STOCHASTIC = 2, ROUNDS_FINEST = 1, ROUNDS_SHALLOW = 3;
    /**
     * The surroundings whose distribution each estimate of a deep region is matched to: the known pixels in the
     * box of the pixels to fill grown by this many times the region's depth, at the estimate's scale. Near
     * enough to follow a texture whose grain changes across the image (a hole in a smoother patch of grass
     * should not get the grain of the whole lawn).
     */
    static final double HISTOGRAM_BAND = 1.5;
    /**
     * Match error ({@link #matchError}) at the coarsest scale, after the first search, above which a deep region's
     * texture counts as stochastic (gravel, tissue, grass, a micrograph's background: 0.22 to 0.6 on the
     * benchmark's holes) and its estimates are matched in distribution to the surroundings. Below it (brick and
     * fabric: 0.01 to 0.20) the copies already hold the texture together, and matching the hole to the mean of
     * its surroundings would put a joint where the hole has none.
     */
    static final double REGULAR = 0.21;
    /** At most about this many samples of the surroundings per pixel to fill for the histogram matching. */
    private static final int BAND_SAMPLES = 2;
    /**
     * Whether a deep region's texture is stochastic ({@link #REGULAR}): its estimates are then matched in
     * histogram to the surroundings' and its final fill takes the membrane's shading.
     */
    private boolean stochastic;

    /**
     * The mean squared difference per pixel between the patches over the hole and their matches, over twice the
     * variance of the surroundings ({@link Layer#bandValues}), all channels: near 0 where the matches are
     * exact copies (a regular texture: brick, fabric), near 1 where they are as unlike as two random pixels
     * (noise).
     */
    private double matchError(Layer L) {
        double dm = 0;
        for (int t : L.targets) dm += L.dist[t] / L.presentCount[t];
        dm /= L.targets.length;
        double[][] bv = L.bandValues();
        double var = 0;
        for (int c = 0; c < nch; c++) {
            double mu = 0;
            for (double x : bv[c]) mu += x;
            mu /= bv[c].length;
            for (double x : bv[c]) var += (x - mu) * (x - mu) / bv[c].length;
        }
        return dm / (2 * var);
    }

    /** Scale (Gaussian sigma, pixels) above which the final fill's shading is the membrane fill's. */
    static final double SHADING_SIGMA = 6;
    /** Random sources tried per pixel by the onion-peel start, besides its filled neighbours' sources. */
    private static final int PEEL_SOURCES = 64;
    /** Radius of the random search at the scales that start from a coarser scale's matches. */
    private static final int REFINE_RADIUS = 8;
    /** Conjugate-gradient iterations of the gradient-domain paste, at most. */
    private static final int PASTE_ITERATIONS = 400;

    private final FillRegion region;
    private final int r;
    private final SplittableRandom rnd;
    private final Monitor monitor;
    /** Value channels. */
    private final int nc;
    /** The largest distance of a pixel to fill from the known pixels (region pixels). */
    private double depth;
    /** Whether the region is deeper than a patch radius (invented, not interpolated). */
    private boolean deep;
    /** Channels per pixel in a layer: the values, then in a deep region the two texture features. */
    private int nch;

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
        depth = depth(state, w, h);
        deep = depth > r;
        nch = deep ? nc + 2 : nc;
        int levels = 0;
        for (double d = depth; d > 2 * r; d /= 2) levels++;
        List<Layer> pyramid = new ArrayList<>();
        pyramid.add(new Layer(w, h, 1, state, channels(state, w, h, 1 << levels)));
        if (pyramid.get(0).sources.length == 0) return false;
        while (pyramid.size() <= levels) {
            Layer coarse = pyramid.get(pyramid.size() - 1).coarser();
            if (coarse == null || coarse.sources.length == 0) break;
            pyramid.add(coarse);
        }
        int top = pyramid.size() - 1;
        Layer L = pyramid.get(top);
        if (deep) onionPeel(L);
        else smoothStart(L);
        for (int t : L.targets) L.nnf[t] = L.sources[rnd.nextInt(L.sources.length)];
        double sharpness = deep ? SHARPNESS : 1;
        for (int l = top; l >= 0; l--) {
            L = pyramid.get(l);
            if (l < top) {
                upsampleField(pyramid.get(l + 1), L);
                distances(L);
                vote(L, null, sharpness);
            }
            int rounds = !deep ? ROUNDS_SHALLOW : l == top ? ROUNDS_COARSEST : l == 0 ? ROUNDS_FINEST
                    : stochastic ? ROUNDS_STOCHASTIC : ROUNDS;
            int radius = l == top ? Math.max(L.w, L.h) : REFINE_RADIUS;
            for (int k = 0; k < rounds; k++) {
                monitor.checkCancelled();
                distances(L);
                search(L, true, radius);
                search(L, false, radius);
                // after the first search: whether the texture is stochastic, which its votes wash out
                if (deep && l == top && k == 0) stochastic = matchError(L) > REGULAR;
                if (l > 0 || k < rounds - 1) vote(L, null, sharpness);
            }
            monitor.progress((pyramid.size() - l) / (double) pyramid.size(), null);
        }
        // the last estimate takes the known pixels' own values, in the image's units
        if (deep) {
            paste(pyramid.get(0), bestSources(pyramid.get(0)), region.values());
            if (stochastic) shadeFromMembrane(state);
        } else {
            vote(pyramid.get(0), region.values(), 1);
        }
        return true;
    }

    /** The largest distance of a pixel to fill from the pixels not to fill. */
    private static double depth(byte[] state, int w, int h) {
        byte[] outside = new byte[state.length];
        for (int i = 0; i < state.length; i++) outside[i] = (byte) (state[i] == FillRegion.FILL ? 0 : 1);
        float[] d2 = DistanceTransform.squaredToSet(outside, w, h, true);
        double max = 0;
        for (int i = 0; i < d2.length; i++) if (state[i] == FillRegion.FILL) max = Math.max(max, d2[i]);
        return Math.sqrt(max);
    }

    /**
     * The layer channels of the known pixels, interleaved per pixel: each value on a fixed grid over its
     * channel's known range (the search sees the same numbers at any scaling of the data), then, in a deep
     * region, the texture features: the mean absolute horizontal and vertical differences between known
     * neighbours (over the channels) in a window of {@code window} pixels, times the square root of
     * {@link #FEATURE_WEIGHT}.
     */
    private double[] channels(byte[] state, int w, int h, int window) {
        double[][] v = region.values();
        int n = w * h;
        double[] out = new double[n * nch];
        for (int c = 0; c < nc; c++) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (state[i] != FillRegion.KNOWN) continue;
                lo = Math.min(lo, v[c][i]);
                hi = Math.max(hi, v[c][i]);
            }
            double scale = hi > lo ? GRID / (hi - lo) : 0;
            for (int i = 0; i < n; i++) {
                if (state[i] == FillRegion.KNOWN) out[i * nch + c] = Math.rint((v[c][i] - lo) * scale);
            }
        }
        if (nch == nc) return out;
        // differences between known neighbours, summed over a window with summed-area tables, and counted
        double[] gx = new double[n], gy = new double[n];
        byte[] hasX = new byte[n], hasY = new byte[n];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (state[i] != FillRegion.KNOWN) continue;
                if (x + 1 < w && state[i + 1] == FillRegion.KNOWN) {
                    for (int c = 0; c < nc; c++) gx[i] += Math.abs(out[(i + 1) * nch + c] - out[i * nch + c]);
                    gx[i] /= nc;
                    hasX[i] = 1;
                }
                if (y + 1 < h && state[i + w] == FillRegion.KNOWN) {
                    for (int c = 0; c < nc; c++) gy[i] += Math.abs(out[(i + w) * nch + c] - out[i * nch + c]);
                    gy[i] /= nc;
                    hasY[i] = 1;
                }
            }
        }
        double[] sx = SummedArea.of(gx, w, h), sy = SummedArea.of(gy, w, h);
        double[] cx = SummedArea.of(hasX, w, h), cy = SummedArea.of(hasY, w, h);
        double f = Math.sqrt(FEATURE_WEIGHT);
        int lo = window / 2, hi = window - lo;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (state[i] != FillRegion.KNOWN) continue;
                int x0 = Math.max(0, x - lo), y0 = Math.max(0, y - lo);
                int x1 = Math.min(w, x + hi), y1 = Math.min(h, y + hi);
                double nx = SummedArea.box(cx, w, x0, y0, x1, y1), ny = SummedArea.box(cy, w, x0, y0, x1, y1);
                out[i * nch + nc] = nx > 0 ? f * SummedArea.box(sx, w, x0, y0, x1, y1) / nx : 0;
                out[i * nch + nc + 1] = ny > 0 ? f * SummedArea.box(sy, w, x0, y0, x1, y1) / ny : 0;
            }
        }
        return out;
    }

    /** The coarsest estimate before any patch is matched: the membrane fill of every channel. */
    private void smoothStart(Layer L) {
        int n = L.w * L.h;
        byte[] s = new byte[n];
        double[][] v = new double[nch][n];
        for (int y = 0; y < L.h; y++) {
            for (int x = 0; x < L.w; x++) {
                int p = L.pad(x, y), i = y * L.w + x;
                s[i] = L.state[p];
                for (int c = 0; c < nch; c++) v[c][i] = L.v[p * nch + c];
            }
        }
        new GridSolver(1).solve(L.w, L.h, s, v, false, monitor);
        for (int y = 0; y < L.h; y++) {
            for (int x = 0; x < L.w; x++) {
                int p = L.pad(x, y), i = y * L.w + x;
                if (L.state[p] == FillRegion.FILL) for (int c = 0; c < nch; c++) L.v[p * nch + c] = v[c][i];
            }
        }
    }

    /**
     * The coarsest estimate before any patch is matched (Newson et al.'s onion peel): the pixels to fill, layer
     * by layer from the known ones inwards, each take the centre of the source patch nearest to the present
     * patch around them, compared over its known and already filled pixels only. The candidates are the
     * sources of the already filled neighbours, shifted by one (so that the copies grow coherently), and a
     * few random sources.
     */
    private void onionPeel(Layer L) {
        int n = L.pw * L.ph, pw = L.pw;
        boolean[] have = new boolean[n];
        int[] from = new int[n];
        int remaining = 0;
        for (int p = 0; p < n; p++) {
            have[p] = L.state[p] == FillRegion.KNOWN;
            from[p] = p;
            if (L.state[p] == FillRegion.FILL) remaining++;
        }
        int[] src = L.sources;
        int[] layer = new int[remaining];
        int[] nbr = {-1, 1, -pw, pw, -pw - 1, -pw + 1, pw - 1, pw + 1};
        while (remaining > 0) {
            int m = 0;
            for (int y = r; y < L.h + r; y++) {
                for (int x = r; x < L.w + r; x++) {
                    int p = y * pw + x;
                    if (L.state[p] != FillRegion.FILL || have[p]) continue;
                    for (int o : nbr) {
                        if (have[p + o]) {
                            layer[m++] = p;
                            break;
                        }
                    }
                }
            }
            if (m == 0) break;
            for (int k = 0; k < m; k++) {
                int p = layer[k];
                int best = -1;
                double bestD = Double.POSITIVE_INFINITY;
                for (int o : nbr) {
                    // a filled or known neighbour's source, shifted back to p
                    if (!have[p + o]) continue;
                    int s = from[p + o] - o;
                    if (s < 0 || s >= n || !L.valid[s] || s == best) continue;
                    double d = distance(L, have, p, s, bestD);
                    if (d < bestD) {
                        bestD = d;
                        best = s;
                    }
                }
                for (int j = 0; j < PEEL_SOURCES; j++) {
                    int s = src[rnd.nextInt(src.length)];
                    double d = distance(L, have, p, s, bestD);
                    if (d < bestD) {
                        bestD = d;
                        best = s;
                    }
                }
                from[p] = best;
                System.arraycopy(L.v, best * nch, L.v, p * nch, nch);
            }
            for (int k = 0; k < m; k++) have[layer[k]] = true;
            remaining -= m;
        }
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

    /** One PatchMatch pass over the targets, in raster order or in reverse, with random search up to radius. */
    private void search(Layer L, boolean forward, int radius) {
        int[] tg = L.targets;
        int n = tg.length, pw = L.pw;
        int step = forward ? 1 : -1;
        for (int k = 0; k < n; k++) {
            int t = tg[forward ? k : n - 1 - k];
            int best = L.nnf[t];
            double bestD = L.dist[t];
            // propagation: the scan neighbours' matches, shifted by one
            for (int j = 0; j < 2; j++) {
                int a = j == 0 ? t - step : t - step * pw;
                if (!L.isTarget[a]) continue;
                int s = L.nnf[a] + (t - a);
                if (L.valid[s] && s != best) {
                    double d = distance(L, t, s, bestD);
                    if (d < bestD) {
                        bestD = d;
                        best = s;
                    }
                }
            }
            // random search around the best so far, at radii halving down to one pixel
            int bx = best % pw, by = best / pw;
            for (int rad = radius; rad >= 1; rad /= 2) {
                int x = bx + rnd.nextInt(2 * rad + 1) - rad, y = by + rnd.nextInt(2 * rad + 1) - rad;
                if (x < r || y < r || x >= L.w + r || y >= L.h + r) continue;
                int s = y * pw + x;
                if (!L.valid[s] || s == best) continue;
                double d = distance(L, t, s, bestD);
                if (d < bestD) {
                    bestD = d;
                    best = s;
                    bx = x;
                    by = y;
                }
            }
            L.nnf[t] = best;
            L.dist[t] = bestD;
        }
    }

    /**
     * Sum of squared differences, over every channel, between the patches at t and s over t's present pixels
     * (known and to fill); stops above cap.
     */
    private double distance(Layer L, int t, int s, double cap) {
        return distance(L, L.present, t, s, cap);
    }

    /** As {@link #distance(Layer, int, int, double)} over the pixels of t's window flagged in {@code use}. */
    private double distance(Layer L, boolean[] use, int t, int s, double cap) {
        double[] v = L.v;
        int side = 2 * r + 1;
        double d = 0;
        for (int ro : L.rowOffsets) {
            int tp = t + ro, sp = s + ro;
            for (int i = 0; i < side; i++) {
                if (!use[tp + i]) continue;
                int a = (tp + i) * nch, b = (sp + i) * nch;
                for (int c = 0; c < nch; c++) {
                    double e = v[a + c] - v[b + c];
                    d += e * e;
                }
            }
            if (d > cap) return d;
        }
        return d;
    }

    /**
     * Vote weights of the targets: confidence times similarity to the given power, the similarity
     * exp(-d / 2σ²) with d the per-pixel match distance and σ² its 75th percentile; scaled so that the largest
     * is 1 (in logarithms, so that a high power never underflows all of them).
     */
    private static double[] weights(Layer L, double power) {
        int n = L.targets.length;
        double[] d = new double[n];
        for (int k = 0; k < n; k++) {
            int t = L.targets[k];
            d[k] = L.dist[t] / L.presentCount[t];
        }
        double[] sorted = d.clone();
        Arrays.sort(sorted);
        double s2 = Math.max(sorted[(int) (0.75 * (n - 1))], 1e-9);
        double[] w = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            w[k] = Math.log(L.confidence[L.targets[k]]) - power * d[k] / (2 * s2);
            max = Math.max(max, w[k]);
        }
        for (int k = 0; k < n; k++) w[k] = Math.exp(w[k] - max) + 1e-300;
        return w;
    }

    /**
     * Each pixel to fill becomes the weighted mean of what the matched patches covering it say, with the
     * similarity weights raised to {@code sharpness}. With {@code out} null the layer's own channels are
     * updated; otherwise the values are written to {@code out} in the region's units (level 0).
     */
    private void vote(Layer L, double[][] out, double sharpness) {
        int n = L.pw * L.ph;
        double[] wsum = new double[n];
        int m = out == null ? nch : nc;
        double[] acc = new double[n * m];
        double[] wt = weights(L, sharpness);
        double[][] src = region.values();
        for (int k = 0; k < L.targets.length; k++) {
            int t = L.targets[k], s = L.nnf[t];
            double w = wt[k];
            for (int o : L.offsets) {
                int p = t + o;
                if (L.state[p] != FillRegion.FILL) continue;
                wsum[p] += w;
                int sp = s + o;
                if (out == null) {
                    for (int c = 0; c < nch; c++) acc[p * nch + c] += w * L.v[sp * nch + c];
                } else {
                    int i = L.unpad(sp);
                    for (int c = 0; c < nc; c++) acc[p * nc + c] += w * src[c][i];
                }
            }
        }
        for (int y = 0; y < L.h; y++) {
            for (int x = 0; x < L.w; x++) {
                int p = L.pad(x, y);
                if (L.state[p] != FillRegion.FILL) continue;
                for (int c = 0; c < m; c++) {
                    double v = acc[p * m + c] / wsum[p];
                    if (out == null) L.v[p * nch + c] = v;
                    else out[c][y * L.w + x] = v;
                }
            }
        }
        if (out == null && deep && stochastic) matchHistograms(L);
    }

    /**
     * Remaps every channel (values and texture features) of the pixels to fill so that their distribution is
     * that of the known pixels around them ({@link #HISTOGRAM_BAND}), keeping their order: the k-th smallest of
     * m takes the (k + 1/2) / m quantile of the surroundings (Heeger and Bergen 1995). A mean of votes that
     * disagree is grey: without this a hole in gravel or tissue washes out to the flat interiors of its stones
     * or to the background between its nuclei, and the next round's matches, which compare with that estimate,
     * are flatter still (Kaspar et al. 2015 fight the same wash-out of texture optimisation with it).
     */
    private void matchHistograms(Layer L) {
        int[] fills = L.fills();
        double[][] around = L.bandValues();
        int nf = fills.length;
        if (nf == 0 || around[0].length == 0) return;
        double[] fv = new double[nf], sorted = new double[nf];
        for (int c = 0; c < nch; c++) {
            double[] kv = around[c];
            int nk = kv.length;
            for (int k = 0; k < nf; k++) fv[k] = L.v[fills[k] * nch + c];
            System.arraycopy(fv, 0, sorted, 0, nf);
            Arrays.sort(sorted);
            for (int k = 0; k < nf; k++) {
                // the middle rank of the value among the fill's (equal values share one quantile)
                int lo = lowerBound(sorted, fv[k]), hi = lowerBound(sorted, Math.nextUp(fv[k]));
                double q = ((lo + hi) / 2.0 + 0.5) / nf;
                L.v[fills[k] * nch + c] = kv[Math.min(nk - 1, (int) (q * nk))];
            }
        }
    }

    /** The index of the first element of sorted a that is not below x. */
    private static int lowerBound(double[] a, double x) {
        int lo = 0, hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < x) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /**
     * Gives the final fill of a stochastic texture the shading of the membrane fill at scales above
     * {@link #SHADING_SIGMA}: adds the Gaussian-blurred difference between the membrane fill and the fill, inside
     * the hole. The copied pieces bring the shading of where they come from, which in a stochastic texture says
     * nothing about the hole; between the hole's edges the membrane predicts it better, while the grain, the
     * scale the copies are for, stays theirs. (In a regular texture the copies' shading is the structure itself,
     * a brick's joints: taking it from the membrane cost 2.3 dB on brick.png's upper left hole.) Clamped to the
     * range of the known pixels, as the paste is.
     */
    private void shadeFromMembrane(byte[] state) {
        int w = region.width(), h = region.height();
        double[][] v = region.values();
        double[][] membrane = new double[nc][];
        for (int c = 0; c < nc; c++) membrane[c] = v[c].clone();
        new GridSolver(1).solve(w, h, state, membrane, false, monitor);
        // the difference is 0 outside the hole: blur only the hole's box and the blur's reach around it
        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (int i = 0; i < state.length; i++) {
            if (state[i] != FillRegion.FILL) continue;
            x0 = Math.min(x0, i % w);
            x1 = Math.max(x1, i % w);
            y0 = Math.min(y0, i / w);
            y1 = Math.max(y1, i / w);
        }
        int reach = (int) Math.ceil(3 * SHADING_SIGMA);
        x0 = Math.max(0, x0 - reach);
        y0 = Math.max(0, y0 - reach);
        x1 = Math.min(w - 1, x1 + reach);
        y1 = Math.min(h - 1, y1 + reach);
        int bw = x1 - x0 + 1, bh = y1 - y0 + 1;
        double[] d = new double[bw * bh];
        for (int c = 0; c < nc; c++) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < state.length; i++) {
                if (state[i] != FillRegion.KNOWN) continue;
                lo = Math.min(lo, v[c][i]);
                hi = Math.max(hi, v[c][i]);
            }
            for (int y = 0; y < bh; y++) {
                for (int x = 0; x < bw; x++) {
                    int i = (y0 + y) * w + x0 + x;
                    d[y * bw + x] = state[i] == FillRegion.FILL ? membrane[c][i] - v[c][i] : 0;
                }
            }
            double[] b = Gaussian.blur(d, bw, bh, SHADING_SIGMA);
            for (int y = 0; y < bh; y++) {
                for (int x = 0; x < bw; x++) {
                    int i = (y0 + y) * w + x0 + x;
                    if (state[i] == FillRegion.FILL) v[c][i] = Math.max(lo, Math.min(hi, v[c][i] + b[y * bw + x]));
                }
            }
        }
    }

    /**
     * For each pixel to fill (padded index of level 0), the known pixel that the best-weighted matched patch
     * covering it copies there (Newson et al.'s best-patch reconstruction).
     */
    private static int[] bestSources(Layer L) {
        int n = L.pw * L.ph;
        double[] bestW = new double[n];
        int[] from = new int[n];
        double[] wt = weights(L, 1);
        for (int k = 0; k < L.targets.length; k++) {
            int t = L.targets[k], s = L.nnf[t];
            double w = wt[k];
            for (int o : L.offsets) {
                int p = t + o;
                if (L.state[p] != FillRegion.FILL || w <= bestW[p]) continue;
                bestW[p] = w;
                from[p] = s + o;
            }
        }
        return from;
    }

    /**
     * Pastes the source pixels {@code from} into the pixels to fill in the gradient domain, in the region's
     * units: the fill u minimises the squared differences between its neighbour differences and those of the
     * sources (the mean of what the two neighbours' sources say where they come from different places), the
     * known pixels fixed. Inside a piece copied whole this is the copy itself; across the seam between two
     * pieces, and at the hole's edge, a difference of level is spread smoothly instead of showing as a step.
     * Clamped to the range of the known pixels.
     */
    private void paste(Layer L, int[] from, double[][] out) {
        int[] idx = new int[L.pw * L.ph];
        Arrays.fill(idx, -1);
        int m = 0;
        for (int p = 0; p < idx.length; p++) if (L.state[p] == FillRegion.FILL) idx[p] = m++;
        int[] pix = new int[m];
        for (int p = 0; p < idx.length; p++) if (idx[p] >= 0) pix[idx[p]] = p;
        int[] dirs = {1, -1, L.pw, -L.pw};
        // a vanishing pull towards the copy keeps the system definite where a piece touches no known pixel
        double eps = 1e-4;
        for (int c = 0; c < nc; c++) {
            double[] val = out[c];
            double[] u = new double[m], b = new double[m], diag = new double[m];
            for (int k = 0; k < m; k++) {
                int p = pix[k], fp = from[p];
                u[k] = val[L.unpad(fp)];
                double rhs = 0;
                int degree = 0;
                for (int d : dirs) {
                    int q = p + d;
                    if (L.state[q] == FillRegion.MISSING) continue;
                    degree++;
                    // what u_p - u_q should be: the difference beside p's source, and the one beside q's
                    double g = 0;
                    int said = 0;
                    if (L.state[fp + d] == FillRegion.KNOWN) {
                        g += val[L.unpad(fp)] - val[L.unpad(fp + d)];
                        said++;
                    }
                    if (L.state[q] == FillRegion.FILL) {
                        int fq = from[q];
                        if (L.state[fq - d] == FillRegion.KNOWN) {
                            g += val[L.unpad(fq - d)] - val[L.unpad(fq)];
                            said++;
                        }
                    } else {
                        rhs += val[L.unpad(q)];
                    }
                    if (said > 0) rhs += g / said;
                }
                diag[k] = degree + eps;
                b[k] = rhs + eps * u[k];
            }
            conjugateGradients(idx, pix, diag, b, u, dirs);
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (int p = 0; p < idx.length; p++) {
                if (L.state[p] != FillRegion.KNOWN) continue;
                double v = val[L.unpad(p)];
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            for (int k = 0; k < m; k++) val[L.unpad(pix[k])] = Math.max(lo, Math.min(hi, u[k]));
        }
    }

    /**
     * Solves (D - A) u = b over the pixels to fill by conjugate gradients, A the adjacency among them and D the
     * diagonal; u holds the start and receives the solution.
     */
    private static void conjugateGradients(int[] idx, int[] pix, double[] diag, double[] b, double[] u, int[] dirs) {
        int m = u.length;
        double[] res = new double[m], dir = new double[m], ad = new double[m];
        apply(idx, pix, diag, u, ad, dirs);
        double rr = 0, bb = 0;
        for (int k = 0; k < m; k++) {
            res[k] = b[k] - ad[k];
            dir[k] = res[k];
            rr += res[k] * res[k];
            bb += b[k] * b[k];
        }
        double tolerance = 1e-12 * Math.max(bb, 1e-300);
        for (int it = 0; it < PASTE_ITERATIONS && rr > tolerance; it++) {
            apply(idx, pix, diag, dir, ad, dirs);
            double dad = 0;
            for (int k = 0; k < m; k++) dad += dir[k] * ad[k];
            double alpha = rr / dad;
            double next = 0;
            for (int k = 0; k < m; k++) {
                u[k] += alpha * dir[k];
                res[k] -= alpha * ad[k];
                next += res[k] * res[k];
            }
            double beta = next / rr;
            rr = next;
            for (int k = 0; k < m; k++) dir[k] = res[k] + beta * dir[k];
        }
    }

    /** y = (D - A) x over the pixels to fill. */
    private static void apply(int[] idx, int[] pix, double[] diag, double[] x, double[] y, int[] dirs) {
        for (int k = 0; k < x.length; k++) {
            double v = diag[k] * x[k];
            int p = pix[k];
            for (int d : dirs) {
                int j = idx[p + d];
                if (j >= 0) v -= x[j];
            }
            y[k] = v;
        }
    }

    /**
     * One scale of the pyramid, padded by the patch radius on every side (padding counts as missing), so
     * that patch windows never leave the arrays. Channels are interleaved per pixel.
     */
    private final class Layer {
        final int w, h, pw, ph;
        /** How many pixels of the region one pixel of this layer stands for, per side. */
        final int scale;
        final byte[] state;
        /** The channels of every padded pixel, {@link #nch} per pixel; 0 where missing (never read). */
        final double[] v;
        /** Whether the patch centred here lies entirely on known pixels (a possible source). */
        final boolean[] valid;
        final int[] sources;
        /** Whether the patch centred here is present and overlaps a pixel to fill. */
        final boolean[] isTarget;
        final int[] targets;
        final int[] nnf;
        final double[] dist;
        /** Confidence of a target: 1 centred on a known pixel, falling with the distance from the known ones. */
        final double[] confidence;
        /** Number of present pixels in the window of each target (for per-pixel distances). */
        final double[] presentCount;
        /** Whether a pixel is present (known or to fill). */
        final boolean[] present;
        final int[] offsets, rowOffsets;

        /** A layer from unpadded state and interleaved channels. */
        Layer(int w, int h, int scale, byte[] st, double[] values) {
            this.scale = scale;
            this.w = w;
            this.h = h;
            pw = w + 2 * r;
            ph = h + 2 * r;
            int n = pw * ph;
            state = new byte[n];
            Arrays.fill(state, FillRegion.MISSING);
            v = new double[n * nch];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = pad(x, y);
                    state[p] = st[y * w + x];
                    System.arraycopy(values, (y * w + x) * nch, v, p * nch, nch);
                }
            }
            int side = 2 * r + 1;
            offsets = new int[side * side];
            rowOffsets = new int[side];
            for (int dy = -r, k = 0; dy <= r; dy++) {
                rowOffsets[dy + r] = dy * pw - r;
                for (int dx = -r; dx <= r; dx++) offsets[k++] = dy * pw + dx;
            }
            byte[] bad = new byte[n], fill = new byte[n], there = new byte[n];
            for (int p = 0; p < n; p++) {
                bad[p] = (byte) (state[p] != FillRegion.KNOWN ? 1 : 0);
                fill[p] = (byte) (state[p] == FillRegion.FILL ? 1 : 0);
                there[p] = (byte) (state[p] != FillRegion.MISSING ? 1 : 0);
            }
            double[] badSum = SummedArea.of(bad, pw, ph), fillSum = SummedArea.of(fill, pw, ph);
            double[] presentSum = SummedArea.of(there, pw, ph);
            present = new boolean[n];
            for (int p = 0; p < n; p++) present[p] = there[p] != 0;
            byte[] known = new byte[n];
            for (int p = 0; p < n; p++) known[p] = (byte) (state[p] == FillRegion.KNOWN ? 1 : 0);
            float[] d2 = DistanceTransform.squaredToSet(known, pw, ph);
            valid = new boolean[n];
            isTarget = new boolean[n];
            confidence = new double[n];
            presentCount = new double[n];
            int ns = 0, nt = 0;
            for (int y = r; y < h + r; y++) {
                for (int x = r; x < w + r; x++) {
                    int p = y * pw + x;
                    int x0 = x - r, y0 = y - r, x1 = x + r + 1, y1 = y + r + 1;
                    if (SummedArea.box(badSum, pw, x0, y0, x1, y1) == 0) {
                        valid[p] = true;
                        ns++;
                    }
                    if (state[p] != FillRegion.MISSING && SummedArea.box(fillSum, pw, x0, y0, x1, y1) > 0) {
                        isTarget[p] = true;
                        confidence[p] = Math.pow(CONFIDENCE_BASE, -Math.sqrt(d2[p]));
                        presentCount[p] = SummedArea.box(presentSum, pw, x0, y0, x1, y1);
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

        private int[] fills;
        private double[][] bandValues;

        /** The pixels to fill (padded indices). */
        int[] fills() {
            if (fills == null) {
                int m = 0;
                for (byte s : state) if (s == FillRegion.FILL) m++;
                fills = new int[m];
                for (int p = 0, k = 0; p < state.length; p++) if (state[p] == FillRegion.FILL) fills[k++] = p;
            }
            return fills;
        }

        /**
         * Each channel's values, sorted, of a regular sample of the known pixels in the box of the pixels to fill
         * grown by {@link #HISTOGRAM_BAND} times their depth (they never change, so they are sorted once).
         */
        double[][] bandValues() {
            if (bandValues == null) {
                int x0 = pw, y0 = ph, x1 = -1, y1 = -1;
                for (int p : fills()) {
                    x0 = Math.min(x0, p % pw);
                    x1 = Math.max(x1, p % pw);
                    y0 = Math.min(y0, p / pw);
                    y1 = Math.max(y1, p / pw);
                }
                int grow = (int) Math.ceil(HISTOGRAM_BAND * depth / scale);
                x0 = Math.max(0, x0 - grow);
                y0 = Math.max(0, y0 - grow);
                x1 = Math.min(pw - 1, x1 + grow);
                y1 = Math.min(ph - 1, y1 + grow);
                int m = 0;
                for (int y = y0; y <= y1; y++) {
                    for (int x = x0; x <= x1; x++) if (state[y * pw + x] == FillRegion.KNOWN) m++;
                }
                // a regular sample is enough for the quantiles, and sorts faster
                int stride = Math.max(1, m / (BAND_SAMPLES * Math.max(1, fills().length)));
                bandValues = new double[nch][(m + stride - 1) / stride];
                int k = 0, seen = 0;
                for (int y = y0; y <= y1; y++) {
                    for (int x = x0; x <= x1; x++) {
                        int p = y * pw + x;
                        if (state[p] != FillRegion.KNOWN || seen++ % stride != 0) continue;
                        for (int c = 0; c < nch; c++) bandValues[c][k] = v[p * nch + c];
                        k++;
                    }
                }
                for (double[] b : bandValues) Arrays.sort(b);
            }
            return bandValues;
        }

        int pad(int x, int y) {
            return (y + r) * pw + x + r;
        }

        int unpad(int p) {
            return (p / pw - r) * w + p % pw - r;
        }

        /**
         * Half the size: a pixel to fill where any of its four children is one, missing where any is missing,
         * else known with the mean of their channels (exact on the value grid, so every scaling of the data
         * agrees). Null when too small to hold a patch with room around it.
         */
        Layer coarser() {
            int cw = (w + 1) / 2, ch = (h + 1) / 2;
            if (cw < 2 * r + 2 || ch < 2 * r + 2) return null;
            byte[] cs = new byte[cw * ch];
            double[] cv = new double[cw * ch * nch];
            double[] sum = new double[nch];
            for (int cy = 0; cy < ch; cy++) {
                for (int cx = 0; cx < cw; cx++) {
                    boolean fill = false, missing = false;
                    int k = 0;
                    Arrays.fill(sum, 0);
                    for (int dy = 0; dy < 2; dy++) {
                        for (int dx = 0; dx < 2; dx++) {
                            int x = 2 * cx + dx, y = 2 * cy + dy;
                            if (x >= w || y >= h) continue;
                            int p = pad(x, y);
                            byte s = state[p];
                            if (s == FillRegion.FILL) fill = true;
                            else if (s == FillRegion.MISSING) missing = true;
                            for (int c = 0; c < nch; c++) sum[c] += v[p * nch + c];
                            k++;
                        }
                    }
                    int i = cy * cw + cx;
                    cs[i] = fill ? FillRegion.FILL : missing ? FillRegion.MISSING : FillRegion.KNOWN;
                    if (cs[i] == FillRegion.KNOWN) for (int c = 0; c < nch; c++) cv[i * nch + c] = sum[c] / k;
                }
            }
            return new Layer(cw, ch, 2 * scale, cs, cv);
        }
    }
}
