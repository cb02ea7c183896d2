package org.inpaintij.classical;

import org.inpaintij.core.FillRegion;
import org.inpaintij.core.Monitor;

/**
 * Solves Laplace's equation on the FILL pixels of a region: each filled value is the mean of its
 * 4-neighbours, KNOWN neighbours fixed (Dirichlet), MISSING neighbours and the crop border absent (natural
 * boundary). Conjugate gradients with a Jacobi preconditioner, started from the solution of the same problem
 * at half resolution (cascadic multigrid), so large holes converge in few iterations.
 */
final class LaplaceSolver {

    /** Relative residual at which CG stops. */
    private static final double TOLERANCE = 1e-7;
    /** Below this many unknowns a coarse start does not pay. */
    private static final int COARSE_THRESHOLD = 512;

    private LaplaceSolver() {}

    /** Fills {@code values} at the FILL pixels of {@code state} for every channel. */
    static void solve(int w, int h, byte[] state, double[][] values, Monitor monitor) {
        for (double[] v : values) solveChannel(w, h, state, v, monitor);
    }

    /** Convenience for a whole region. */
    static void solve(FillRegion r, Monitor monitor) {
        solve(r.width(), r.height(), r.state(), r.values(), monitor);
    }

    private static void solveChannel(int w, int h, byte[] state, double[] v, Monitor monitor) {
        int n = w * h;
        int[] id = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) id[i] = state[i] == FillRegion.FILL ? m++ : -1;
        if (m == 0) return;
        int[] pix = new int[m];
        for (int i = 0; i < n; i++) if (id[i] >= 0) pix[id[i]] = i;

        // neighbours among unknowns (-1 none), degree (non-missing neighbours) and known sum: A u = b
        int[] nb = new int[4 * m];
        double[] diag = new double[m];
        double[] b = new double[m];
        boolean[] anchored = new boolean[m];
        for (int k = 0; k < m; k++) {
            int i = pix[k], x = i % w, y = i / w;
            int deg = 0;
            double sum = 0;
            int[] nx = {x - 1, x + 1, x, x};
            int[] ny = {y, y, y - 1, y + 1};
            for (int d = 0; d < 4; d++) {
                nb[4 * k + d] = -1;
                if (nx[d] < 0 || ny[d] < 0 || nx[d] >= w || ny[d] >= h) continue;
                int j = ny[d] * w + nx[d];
                byte s = state[j];
                if (s == FillRegion.MISSING) continue;
                deg++;
                if (s == FillRegion.KNOWN) {
                    sum += v[j];
                    anchored[k] = true;
                } else {
                    nb[4 * k + d] = id[j];
                }
            }
            diag[k] = deg;
            b[k] = sum;
        }
        anchorFloatingComponents(m, nb, diag, b, anchored, state, v);

        double[] u = new double[m];
        if (m > COARSE_THRESHOLD && w >= 8 && h >= 8) coarseStart(w, h, state, v, pix, u, monitor);
        else meanStart(b, diag, u);
        cg(m, nb, diag, b, u, monitor);
        for (int k = 0; k < m; k++) v[pix[k]] = u[k];
    }

    /**
     * A group of unknowns that touches no known pixel would make the system singular: fix it to the mean of all
     * known pixels of the crop (there is nothing better to say about it).
     */
    private static void anchorFloatingComponents(int m, int[] nb, double[] diag, double[] b, boolean[] anchored,
            byte[] state, double[] v) {
        int[] comp = new int[m];
        java.util.Arrays.fill(comp, -1);
        int[] stack = new int[m];
        double knownMean = Double.NaN;
        for (int s = 0; s < m; s++) {
            if (comp[s] >= 0) continue;
            int sp = 0;
            stack[sp++] = s;
            comp[s] = s;
            boolean ok = false;
            while (sp > 0) {
                int k = stack[--sp];
                ok |= anchored[k];
                for (int d = 0; d < 4; d++) {
                    int q = nb[4 * k + d];
                    if (q >= 0 && comp[q] < 0) {
                        comp[q] = s;
                        stack[sp++] = q;
                    }
                }
            }
            if (ok) continue;
            if (Double.isNaN(knownMean)) knownMean = knownMean(state, v);
            // one Dirichlet tie per floating group, to a value that the rest then spreads
            diag[s] += 1;
            b[s] += knownMean;
        }
    }

    private static double knownMean(byte[] state, double[] v) {
        double s = 0;
        long n = 0;
        for (int i = 0; i < state.length; i++) {
            if (state[i] == FillRegion.KNOWN) {
                s += v[i];
                n++;
            }
        }
        return n == 0 ? 0 : s / n;
    }

    private static void meanStart(double[] b, double[] diag, double[] u) {
        double s = 0, d = 0;
        for (int k = 0; k < b.length; k++) {
            s += b[k];
            d += diag[k];
        }
        double mean = s / Math.max(1e-300, d);
        // b/diag is the mean of the known neighbours where there are some, a fair local start
        for (int k = 0; k < b.length; k++) u[k] = b[k] != 0 ? b[k] / diag[k] : mean;
    }

    /** Solves the problem at half resolution and interpolates it as the starting point. */
    private static void coarseStart(int w, int h, byte[] state, double[] v, int[] pix, double[] u, Monitor monitor) {
        int cw = (w + 1) / 2, ch = (h + 1) / 2;
        byte[] cs = new byte[cw * ch];
        double[] cv = new double[cw * ch];
        for (int cy = 0; cy < ch; cy++) {
            for (int cx = 0; cx < cw; cx++) {
                double sum = 0;
                int known = 0, fill = 0;
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        int x = 2 * cx + dx, y = 2 * cy + dy;
                        if (x >= w || y >= h) continue;
                        int i = y * w + x;
                        if (state[i] == FillRegion.KNOWN) {
                            known++;
                            sum += v[i];
                        } else if (state[i] == FillRegion.FILL) {
                            fill++;
                        }
                    }
                }
                int c = cy * cw + cx;
                if (known > 0 && fill == 0) {
                    cs[c] = FillRegion.KNOWN;
                    cv[c] = sum / known;
                } else if (fill > 0) {
                    cs[c] = FillRegion.FILL;
                } else {
                    cs[c] = FillRegion.MISSING;
                }
            }
        }
        solveChannel(cw, ch, cs, cv, monitor);
        for (int k = 0; k < pix.length; k++) {
            int i = pix[k], x = i % w, y = i / w;
            // bilinear among coarse cells that are not missing
            double fx = (x - 0.5) / 2, fy = (y - 0.5) / 2;
            int x0 = (int) Math.floor(fx), y0 = (int) Math.floor(fy);
            double ax = fx - x0, ay = fy - y0;
            double s = 0, ws = 0;
            for (int dy = 0; dy < 2; dy++) {
                for (int dx = 0; dx < 2; dx++) {
                    int cx = Math.min(cw - 1, Math.max(0, x0 + dx)), cy = Math.min(ch - 1, Math.max(0, y0 + dy));
                    int c = cy * cw + cx;
                    if (cs[c] == FillRegion.MISSING) continue;
                    double wt = (dx == 0 ? 1 - ax : ax) * (dy == 0 ? 1 - ay : ay) + 1e-9;
                    s += wt * cv[c];
                    ws += wt;
                }
            }
            u[k] = ws > 0 ? s / ws : cv[(y / 2) * cw + x / 2];
        }
    }

    /** Jacobi-preconditioned conjugate gradients on A u = b, A = diag - adjacency. */
    private static void cg(int m, int[] nb, double[] diag, double[] b, double[] u, Monitor monitor) {
        double[] r = new double[m], z = new double[m], p = new double[m], q = new double[m];
        apply(m, nb, diag, u, q);
        double bnorm = 0;
        for (int k = 0; k < m; k++) {
            r[k] = b[k] - q[k];
            bnorm += b[k] * b[k];
        }
        double stop = TOLERANCE * TOLERANCE * Math.max(bnorm, 1e-300);
        double rz = 0, rr = 0;
        for (int k = 0; k < m; k++) {
            z[k] = r[k] / diag[k];
            p[k] = z[k];
            rz += r[k] * z[k];
            rr += r[k] * r[k];
        }
        int maxIter = 10 * m + 100;
        for (int it = 0; it < maxIter && rr > stop; it++) {
            if ((it & 63) == 63) monitor.checkCancelled();
            apply(m, nb, diag, p, q);
            double pq = 0;
            for (int k = 0; k < m; k++) pq += p[k] * q[k];
            if (pq <= 0) break;
            double alpha = rz / pq;
            double rzNew = 0;
            rr = 0;
            for (int k = 0; k < m; k++) {
                u[k] += alpha * p[k];
                r[k] -= alpha * q[k];
                z[k] = r[k] / diag[k];
                rzNew += r[k] * z[k];
                rr += r[k] * r[k];
            }
            double beta = rzNew / rz;
            rz = rzNew;
            for (int k = 0; k < m; k++) p[k] = z[k] + beta * p[k];
        }
    }

    private static void apply(int m, int[] nb, double[] diag, double[] x, double[] y) {
        for (int k = 0; k < m; k++) {
            double s = diag[k] * x[k];
            int o = 4 * k;
            for (int d = 0; d < 4; d++) {
                int j = nb[o + d];
                if (j >= 0) s -= x[j];
            }
            y[k] = s;
        }
    }
}
