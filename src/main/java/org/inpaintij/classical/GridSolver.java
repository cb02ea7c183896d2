package org.inpaintij.classical;

import java.util.Arrays;

import org.inpaintij.core.FillRegion;
import org.inpaintij.core.Monitor;

/**
 * Smooth fills as linear systems on the pixel grid of a region, for the membrane (order 1) and the thin-plate
 * (order 2) energies. Both are built on L, the 4-neighbour graph Laplacian of the present pixels (known and
 * to be filled; missing pixels and the crop border are simply absent, which at an image border is the
 * mirror condition):
 * <ul>
 * <li>order 1 (harmonic): (L u)(p) = 0 at every pixel p to fill;</li>
 * <li>order 2 (biharmonic): u minimises the sum over all present pixels of (L u)², so (L² u)(p) = 0 at every
 * pixel to fill with L²'s 13-point stencil, the system scikit-image's {@code inpaint_biharmonic} solves.</li>
 * </ul>
 * The pixels to fill are split into independent groups (pixels that share no equation), each solved alone:
 * small groups directly (dense Cholesky), larger ones by conjugate gradients preconditioned with a geometric
 * multigrid V-cycle, which keeps the iteration count low whatever the size of the hole. Storage is per pixel
 * that takes part in the equations, so a long thin diagonal scratch costs what its pixels cost, not its box.
 */
final class GridSolver {

    /** Groups with at most this many unknowns are solved directly. */
    static final int DIRECT_MAX = 32;
    /** Coarsest multigrid level size at which the dense solve takes over. */
    private static final int COARSE_DIRECT_MAX = 48;
    /** Conjugate gradients stop once an update moves no value by more than this fraction of the data range. */
    private static final double TOLERANCE = 1e-6;
    private static final int MAX_ITERATIONS = 300;

    private static final byte ABSENT = 0, KNOWN = 1, UNKNOWN = 2;

    private final int order;

    /** A solver of the given order: 1 = harmonic (membrane), 2 = biharmonic (thin plate). */
    GridSolver(int order) {
        if (order != 1 && order != 2) throw new IllegalArgumentException("order must be 1 or 2: " + order);
        this.order = order;
    }

    /**
     * Fills the FILL pixels of {@code state} in every channel of {@code values} (crop {@code w x h}, row-major).
     *
     * @param clamp whether to clamp each group to the range of the known pixels its equations read (order 2
     *        can overshoot; order 1 never does)
     */
    void solve(int w, int h, byte[] state, double[][] values, boolean clamp, Monitor monitor) {
        int n = w * h;
        int[] label = new int[n];
        Arrays.fill(label, -1);
        int[] queue = new int[n];
        int[] offsets = couplingOffsets();
        int groups = 0;
        for (int s = 0; s < n; s++) {
            if (state[s] != FillRegion.FILL || label[s] >= 0) continue;
            // breadth-first over the pixels that share an equation with s: the group of s
            int head = 0, tail = 0;
            queue[tail++] = s;
            label[s] = groups;
            int x0 = s % w, x1 = x0, y0 = s / w, y1 = y0;
            while (head < tail) {
                int p = queue[head++], px = p % w, py = p / w;
                if (px < x0) x0 = px;
                if (px > x1) x1 = px;
                if (py < y0) y0 = py;
                if (py > y1) y1 = py;
                for (int k = 0; k < offsets.length; k += 2) {
                    int qx = px + offsets[k], qy = py + offsets[k + 1];
                    if (qx < 0 || qy < 0 || qx >= w || qy >= h) continue;
                    int q = qy * w + qx;
                    if (state[q] == FillRegion.FILL && label[q] < 0) {
                        label[q] = groups;
                        queue[tail++] = q;
                    }
                }
            }
            new Group(w, h, state, values, label, groups, x0, y0, x1, y1).solve(clamp, monitor);
            groups++;
            monitor.checkCancelled();
        }
    }

    /** Offsets (dx, dy pairs) within which two pixels to fill share an equation. */
    private int[] couplingOffsets() {
        if (order == 1) return new int[] {-1, 0, 1, 0, 0, -1, 0, 1};
        // L² reaches Manhattan distance 2
        int[] o = new int[24];
        int k = 0;
        for (int dy = -2; dy <= 2; dy++) {
            for (int dx = -2; dx <= 2; dx++) {
                int d = Math.abs(dx) + Math.abs(dy);
                if (d == 0 || d > 2) continue;
                o[k++] = dx;
                o[k++] = dy;
            }
        }
        return o;
    }

    /** One independent group: its box (plus the pixels its equations reach) and its solve. */
    private final class Group {
        final int w, h, bx0, by0, bw, bh;
        final byte[] state;
        final double[][] values;
        final Level top;

        Group(int w, int h, byte[] state, double[][] values, int[] label, int id, int x0, int y0, int x1, int y1) {
            this.w = w;
            this.h = h;
            this.state = state;
            this.values = values;
            bx0 = Math.max(0, x0 - order);
            by0 = Math.max(0, y0 - order);
            bw = Math.min(w - 1, x1 + order) - bx0 + 1;
            bh = Math.min(h - 1, y1 + order) - by0 + 1;
            byte[] kind = new byte[bw * bh];
            boolean missing = false;
            for (int y = 0; y < bh; y++) {
                for (int x = 0; x < bw; x++) {
                    int i = (by0 + y) * w + bx0 + x;
                    byte s = state[i];
                    if (s == FillRegion.MISSING) {
                        missing = true;
                    } else {
                        // another group's pixels are present but never enter this group's equations
                        kind[y * bw + x] = s == FillRegion.FILL && label[i] == id ? UNKNOWN : KNOWN;
                    }
                }
            }
            if (missing) fixFloating(kind);
            top = new Level(bw, bh, kind, order);
        }

        /** The crop index of a box pixel. */
        int crop(int g) {
            return (by0 + g / bw) * w + bx0 + g % bw;
        }

        double knownValue(int c, int g) {
            int i = crop(g);
            return state[i] == FillRegion.KNOWN ? values[c][i] : 0;
        }

        /**
         * Pixels to fill that no known pixel reaches through present pixels would make the system singular:
         * they are marked here (as absent, so the rest is solved without them) and get the mean of the known
         * pixels of the crop, as there is nothing better to say about them.
         */
        private void fixFloating(byte[] kind) {
            int n = kind.length;
            boolean[] seen = new boolean[n];
            int[] queue = new int[n];
            int tail = 0;
            for (int g = 0; g < n; g++) {
                if (kind[g] == KNOWN) {
                    seen[g] = true;
                    queue[tail++] = g;
                }
            }
            for (int head = 0; head < tail; head++) {
                int g = queue[head], x = g % bw, y = g / bw;
                for (int d = 0; d < 4; d++) {
                    int qx = x + DX[d], qy = y + DY[d];
                    if (qx < 0 || qy < 0 || qx >= bw || qy >= bh) continue;
                    int q = qy * bw + qx;
                    if (kind[q] != ABSENT && !seen[q]) {
                        seen[q] = true;
                        queue[tail++] = q;
                    }
                }
            }
            double[] mean = null;
            for (int g = 0; g < n; g++) {
                if (kind[g] != UNKNOWN || seen[g]) continue;
                kind[g] = ABSENT;
                if (mean == null) mean = meanKnown();
                for (int c = 0; c < values.length; c++) values[c][crop(g)] = mean[c];
            }
        }

        private double[] meanKnown() {
            double[] s = new double[values.length];
            long k = 0;
            for (int i = 0; i < state.length; i++) {
                if (state[i] != FillRegion.KNOWN) continue;
                for (int c = 0; c < s.length; c++) s[c] += values[c][i];
                k++;
            }
            for (int c = 0; c < s.length; c++) s[c] = k == 0 ? 0 : s[c] / k;
            return s;
        }

        void solve(boolean clamp, Monitor monitor) {
            Level lv = top;
            int nu = lv.unknowns.length;
            if (nu == 0) return;
            int nc = values.length;
            double[] lo = new double[nc], hi = new double[nc];
            readRange(lo, hi);
            Dense dense = nu <= DIRECT_MAX ? Dense.of(lv, order) : null;
            if (dense == null) lv.buildHierarchy(order);
            for (int c = 0; c < nc; c++) {
                double[] b = rhs(c);
                double[] x = new double[lv.n];
                if (dense != null) {
                    dense.solveInto(b, x);
                } else {
                    boolean any = lo[c] <= hi[c];
                    double start = any ? (lo[c] + hi[c]) / 2 : 0;
                    for (int a : lv.unknowns) x[a] = start;
                    double tol = TOLERANCE * (any && hi[c] > lo[c] ? hi[c] - lo[c] : Math.max(1, Math.abs(start)));
                    pcg(lv, b, x, tol, monitor);
                }
                boolean doClamp = clamp && lo[c] <= hi[c];
                for (int a : lv.unknowns) {
                    double v = x[a];
                    if (doClamp) v = Math.max(lo[c], Math.min(hi[c], v));
                    values[c][crop(lv.pix[a])] = v;
                }
            }
        }

        /** Range of the known pixels the equations read: within {@code order} steps of a pixel to fill. */
        private void readRange(double[] lo, double[] hi) {
            Arrays.fill(lo, Double.POSITIVE_INFINITY);
            Arrays.fill(hi, Double.NEGATIVE_INFINITY);
            Level lv = top;
            for (int a = 1; a < lv.n; a++) {
                int g = lv.pix[a], x = g % bw, y = g / bw;
                // the active pixels reach order - 1 steps out: one more step gives every known pixel read
                for (int d = -1; d < 4; d++) {
                    int qx = d < 0 ? x : x + DX[d], qy = d < 0 ? y : y + DY[d];
                    if (qx < 0 || qy < 0 || qx >= bw || qy >= bh) continue;
                    int i = crop(qy * bw + qx);
                    if (state[i] != FillRegion.KNOWN) continue;
                    for (int c = 0; c < values.length; c++) {
                        double v = values[c][i];
                        if (v < lo[c]) lo[c] = v;
                        if (v > hi[c]) hi[c] = v;
                    }
                }
            }
        }

        /** The right-hand side at the unknowns: what the known values say through the equations. */
        private double[] rhs(int c) {
            Level lv = top;
            double[] b = new double[lv.n];
            if (order == 1) {
                for (int a : lv.unknowns) b[a] = sumOfKnownNeighbours(c, lv.pix[a]);
                return b;
            }
            // cL = L k on the active pixels (k: known values, zero elsewhere); b = -L^T cL at the unknowns
            double[] cl = new double[lv.n];
            for (int a = 1; a < lv.n; a++) {
                int g = lv.pix[a];
                cl[a] = sumOfKnownNeighbours(c, g) - lv.deg[a] * knownValue(c, g);
            }
            int[] nb = lv.nb;
            for (int a : lv.unknowns) {
                int o = 4 * a;
                b[a] = lv.deg[a] * cl[a] - (cl[nb[o]] + cl[nb[o + 1]] + cl[nb[o + 2]] + cl[nb[o + 3]]);
            }
            return b;
        }

        private double sumOfKnownNeighbours(int c, int g) {
            int x = g % bw, y = g / bw;
            double s = 0;
            for (int d = 0; d < 4; d++) {
                int qx = x + DX[d], qy = y + DY[d];
                if (qx < 0 || qy < 0 || qx >= bw || qy >= bh) continue;
                s += knownValue(c, qy * bw + qx);
            }
            return s;
        }
    }

    private static final int[] DX = {-1, 1, 0, 0}, DY = {0, 0, -1, 1};

    /** Preconditioned conjugate gradients on the top level; x holds the start and receives the solution. */
    private void pcg(Level lv, double[] b, double[] x, double tol, Monitor monitor) {
        int n = lv.n;
        int[] unk = lv.unknowns;
        double[] r = new double[n], z = new double[n], p = new double[n], q = new double[n], y = new double[n];
        lv.apply(order, x, q, y);
        for (int i : unk) r[i] = b[i] - q[i];
        vcycle(lv, r, z);
        double rz = 0;
        for (int i : unk) {
            p[i] = z[i];
            rz += r[i] * z[i];
        }
        for (int it = 0; it < MAX_ITERATIONS && rz > 0; it++) {
            if ((it & 7) == 7) monitor.checkCancelled();
            lv.apply(order, p, q, y);
            double pq = 0;
            for (int i : unk) pq += p[i] * q[i];
            if (!(pq > 0)) break;
            double alpha = rz / pq, move = 0;
            for (int i : unk) {
                double d = alpha * p[i];
                x[i] += d;
                r[i] -= alpha * q[i];
                move = Math.max(move, Math.abs(d));
            }
            if (move <= tol) break;
            vcycle(lv, r, z);
            double rzNew = 0;
            for (int i : unk) rzNew += r[i] * z[i];
            double beta = rzNew / rz;
            rz = rzNew;
            for (int i : unk) p[i] = z[i] + beta * p[i];
        }
    }

    /** One symmetric V-cycle for A e = r from e = 0: the preconditioner. */
    private void vcycle(Level lv, double[] r, double[] e) {
        for (int a : lv.unknowns) e[a] = 0;
        if (lv.dense != null) {
            lv.dense.solveInto(r, e);
            return;
        }
        if (order == 2) Arrays.fill(lv.y, 0);
        for (int s = 0; s < lv.sweeps; s++) lv.smooth(order, r, e, true);
        Level c = lv.coarse;
        if (c != null) {
            double[] res = lv.res;
            lv.apply(order, e, res, lv.tmp);
            for (int a : lv.unknowns) res[a] = r[a] - res[a];
            Arrays.fill(c.rhs, 0);
            lv.restrict(res, c.rhs, order == 2 ? 4 : 1);
            vcycle(c, c.rhs, c.x);
            lv.prolongAdd(c.x, e);
            if (order == 2) lv.laplacianOfUnknowns(e, lv.y);
        }
        for (int s = 0; s < lv.sweeps; s++) lv.smooth(order, r, e, false);
    }

    /**
     * One grid of the hierarchy. Its active pixels (the unknowns and, for order 2, their present neighbours,
     * where L of an unknown-supported function can be non-zero) are numbered from 1; index 0 stands for
     * every other pixel and always holds 0.
     */
    private static final class Level {
        final int gw, gh;
        final byte[] kind;
        /** Active index per box pixel (0 = not active). */
        final int[] index;
        /** Box pixel of each active index. */
        final int[] pix;
        /** Active indices of the 4 neighbours (left, right, up, down) of each active pixel. */
        final int[] nb;
        /** Present 4-neighbours of each active pixel. */
        final double[] deg;
        final double[] invDiag;
        final int[] unknowns;
        final int n;
        Level coarse;
        Dense dense;
        /** Per unknown: the 4 coarse active indices its bilinear interpolation reads. */
        int[] transfer;
        double[] x, y, rhs, res, tmp;
        int sweeps = 2;

        Level(int gw, int gh, byte[] kind, int order) {
            this.gw = gw;
            this.gh = gh;
            this.kind = kind;
            int size = gw * gh;
            index = new int[size];
            int nu = 0;
            for (int g = 0; g < size; g++) if (kind[g] == UNKNOWN) nu++;
            unknowns = new int[nu];
            int next = 1;
            for (int g = 0; g < size; g++) if (kind[g] == UNKNOWN) index[g] = next++;
            if (order == 2) {
                for (int g = 0; g < size; g++) {
                    if (kind[g] != UNKNOWN) continue;
                    int x = g % gw, y = g / gw;
                    for (int d = 0; d < 4; d++) {
                        int q = neighbour(x, y, d);
                        if (q >= 0 && kind[q] == KNOWN && index[q] == 0) index[q] = next++;
                    }
                }
            }
            n = next;
            pix = new int[n];
            for (int g = 0; g < size; g++) if (index[g] > 0) pix[index[g]] = g;
            for (int k = 0, g = 0; g < size; g++) if (kind[g] == UNKNOWN) unknowns[k++] = index[g];
            nb = new int[4 * n];
            deg = new double[n];
            invDiag = new double[n];
            for (int a = 1; a < n; a++) {
                int g = pix[a], x = g % gw, y = g / gw;
                int dg = 0;
                for (int d = 0; d < 4; d++) {
                    int q = neighbour(x, y, d);
                    if (q < 0 || kind[q] == ABSENT) continue;
                    dg++;
                    nb[4 * a + d] = index[q];
                }
                deg[a] = dg;
                double diag = order == 1 ? dg : (double) dg * dg + dg;
                invDiag[a] = diag > 0 ? 1 / diag : 0;
            }
        }

        private int neighbour(int x, int y, int d) {
            int qx = x + DX[d], qy = y + DY[d];
            return qx < 0 || qy < 0 || qx >= gw || qy >= gh ? -1 : qy * gw + qx;
        }

        /** Work arrays and coarser levels down to a size solved directly. */
        void buildHierarchy(int order) {
            x = new double[n];
            y = new double[n];
            rhs = new double[n];
            res = new double[n];
            tmp = new double[n];
            if (unknowns.length <= COARSE_DIRECT_MAX) {
                dense = Dense.of(this, order);
                return;
            }
            int cw = (gw + 1) / 2, ch = (gh + 1) / 2;
            byte[] ck = new byte[cw * ch];
            // a coarse cell is unknown when it holds a pixel to fill and no known one: corrections vanish
            // wherever a known pixel is near, as the fine problem demands
            for (int g = 0; g < kind.length; g++) {
                byte k = kind[g];
                if (k == ABSENT) continue;
                int cg = (g / gw / 2) * cw + (g % gw) / 2;
                if (k == KNOWN) ck[cg] = KNOWN;
                else if (ck[cg] != KNOWN) ck[cg] = UNKNOWN;
            }
            Level c = new Level(cw, ch, ck, order);
            if (c.unknowns.length == 0) return;
            // coarse sweeps are cheap and make up for the bilinear transfers' low order on a fourth-order problem
            c.sweeps = 3;
            coarse = c;
            // cell-centred bilinear interpolation: weights 9, 3, 3, 1 (/16) from the cell and its neighbours;
            // a neighbour that is absent (beyond an image border or missing data) is mirrored onto the cell,
            // so that a free edge is not pulled to zero as a known one is
            transfer = new int[4 * unknowns.length];
            for (int k = 0; k < unknowns.length; k++) {
                int g = pix[unknowns[k]], fx = g % gw, fy = g / gw;
                int cx = fx / 2, cy = fy / 2;
                int sx = (fx & 1) == 0 ? -1 : 1, sy = (fy & 1) == 0 ? -1 : 1;
                if (c.absent(cx + sx, cy)) sx = 0;
                if (c.absent(cx, cy + sy)) sy = 0;
                transfer[4 * k] = c.at(cx, cy);
                transfer[4 * k + 1] = c.at(cx + sx, cy);
                transfer[4 * k + 2] = c.at(cx, cy + sy);
                transfer[4 * k + 3] = c.absent(cx + sx, cy + sy) ? c.at(cx, cy) : c.at(cx + sx, cy + sy);
            }
            c.buildHierarchy(order);
        }

        /** Whether a box position is outside the box or holds no present pixel. */
        boolean absent(int x, int y) {
            return x < 0 || y < 0 || x >= gw || y >= gh || kind[y * gw + x] == ABSENT;
        }

        /** The active index at a box position; 0 outside the box or where not active. */
        int at(int x, int y) {
            return x < 0 || y < 0 || x >= gw || y >= gh ? 0 : index[y * gw + x];
        }

        /** q = A v at the unknowns (v zero off the unknowns); y is scratch for L v. */
        void apply(int order, double[] v, double[] q, double[] y) {
            if (order == 1) {
                for (int a : unknowns) {
                    int o = 4 * a;
                    q[a] = deg[a] * v[a] - (v[nb[o]] + v[nb[o + 1]] + v[nb[o + 2]] + v[nb[o + 3]]);
                }
                return;
            }
            laplacianOfUnknowns(v, y);
            for (int a : unknowns) {
                int o = 4 * a;
                q[a] = -deg[a] * y[a] + y[nb[o]] + y[nb[o + 1]] + y[nb[o + 2]] + y[nb[o + 3]];
            }
        }

        /** y = L v on the active pixels, for v that is zero off the unknowns. */
        void laplacianOfUnknowns(double[] v, double[] y) {
            for (int a = 1; a < n; a++) {
                int o = 4 * a;
                y[a] = v[nb[o]] + v[nb[o + 1]] + v[nb[o + 2]] + v[nb[o + 3]] - deg[a] * v[a];
            }
            y[0] = 0;
        }

        /** One Gauss-Seidel sweep on A e = r (forward or backward); for order 2, y = L e is kept up to date. */
        void smooth(int order, double[] r, double[] e, boolean forward) {
            int m = unknowns.length;
            if (order == 1) {
                for (int k = 0; k < m; k++) {
                    int a = unknowns[forward ? k : m - 1 - k], o = 4 * a;
                    double s = deg[a] * e[a] - (e[nb[o]] + e[nb[o + 1]] + e[nb[o + 2]] + e[nb[o + 3]]);
                    e[a] += (r[a] - s) * invDiag[a];
                }
                return;
            }
            double[] yy = y;
            for (int k = 0; k < m; k++) {
                int a = unknowns[forward ? k : m - 1 - k], o = 4 * a;
                int n0 = nb[o], n1 = nb[o + 1], n2 = nb[o + 2], n3 = nb[o + 3];
                double s = -deg[a] * yy[a] + yy[n0] + yy[n1] + yy[n2] + yy[n3];
                double d = (r[a] - s) * invDiag[a];
                e[a] += d;
                // a change at a moves L e at a and at its present neighbours
                yy[a] -= deg[a] * d;
                yy[n0] += d;
                yy[n1] += d;
                yy[n2] += d;
                yy[n3] += d;
                yy[0] = 0;
            }
        }

        /** Adds scale * P^T res to the coarse right-hand side. */
        void restrict(double[] res, double[] crhs, double scale) {
            for (int k = 0; k < unknowns.length; k++) {
                double v = res[unknowns[k]] * scale;
                int o = 4 * k;
                crhs[transfer[o]] += 0.5625 * v;
                crhs[transfer[o + 1]] += 0.1875 * v;
                crhs[transfer[o + 2]] += 0.1875 * v;
                crhs[transfer[o + 3]] += 0.0625 * v;
            }
            crhs[0] = 0;
        }

        /** e += P ec at the unknowns (ec is zero off the coarse unknowns). */
        void prolongAdd(double[] ec, double[] e) {
            for (int k = 0; k < unknowns.length; k++) {
                int o = 4 * k;
                e[unknowns[k]] += 0.5625 * ec[transfer[o]] + 0.1875 * (ec[transfer[o + 1]] + ec[transfer[o + 2]])
                        + 0.0625 * ec[transfer[o + 3]];
            }
        }
    }

    /** A dense Cholesky factor of one level's operator, for small systems. */
    private static final class Dense {
        final int[] index;
        final int m;
        final double[] l;
        final double[] z;

        private Dense(int[] index, double[] a) {
            this.index = index;
            this.m = index.length;
            this.l = a;
            this.z = new double[m];
            factor();
        }

        /** The level's matrix over its unknowns, factored. */
        static Dense of(Level lv, int order) {
            int m = lv.unknowns.length;
            int[] pos = new int[lv.n];
            Arrays.fill(pos, -1);
            for (int k = 0; k < m; k++) pos[lv.unknowns[k]] = k;
            double[] a = new double[m * m];
            int[] nb = lv.nb;
            if (order == 1) {
                for (int k = 0; k < m; k++) {
                    int p = lv.unknowns[k];
                    a[k * m + k] = lv.deg[p];
                    for (int d = 0; d < 4; d++) {
                        int q = pos[nb[4 * p + d]];
                        if (q >= 0) a[k * m + q] -= 1;
                    }
                }
            } else {
                // A = B^T B with B = L restricted to the unknowns: add each row's outer product
                int[] cols = new int[5];
                double[] coef = new double[5];
                for (int r = 1; r < lv.n; r++) {
                    int nnz = 0;
                    if (pos[r] >= 0) {
                        cols[nnz] = pos[r];
                        coef[nnz++] = -lv.deg[r];
                    }
                    for (int d = 0; d < 4; d++) {
                        int q = pos[nb[4 * r + d]];
                        if (q >= 0) {
                            cols[nnz] = q;
                            coef[nnz++] = 1;
                        }
                    }
                    for (int i = 0; i < nnz; i++) {
                        for (int j = 0; j < nnz; j++) a[cols[i] * m + cols[j]] += coef[i] * coef[j];
                    }
                }
            }
            return new Dense(lv.unknowns.clone(), a);
        }

        private void factor() {
            for (int j = 0; j < m; j++) {
                int rj = j * m;
                double d = l[rj + j];
                for (int k = 0; k < j; k++) d -= l[rj + k] * l[rj + k];
                if (!(d > 0)) throw new IllegalStateException("smooth-fill system is not positive definite");
                d = Math.sqrt(d);
                l[rj + j] = d;
                for (int i = j + 1; i < m; i++) {
                    int ri = i * m;
                    double s = l[ri + j];
                    for (int k = 0; k < j; k++) s -= l[ri + k] * l[rj + k];
                    l[ri + j] = s / d;
                }
            }
        }

        /** out[index] = A^-1 b[index]. */
        void solveInto(double[] b, double[] out) {
            for (int i = 0; i < m; i++) {
                int ri = i * m;
                double s = b[index[i]];
                for (int k = 0; k < i; k++) s -= l[ri + k] * z[k];
                z[i] = s / l[ri + i];
            }
            for (int i = m - 1; i >= 0; i--) {
                double s = z[i];
                for (int k = i + 1; k < m; k++) s -= l[k * m + i] * z[k];
                z[i] = s / l[i * m + i];
            }
            for (int i = 0; i < m; i++) out[index[i]] = z[i];
        }
    }
}
