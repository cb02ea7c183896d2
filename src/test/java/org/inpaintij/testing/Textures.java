package org.inpaintij.testing;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic textures, reproducible from their name, for measuring fills of holes in texture on more than the
 * fixtures' few textured regions. 8-bit values (0..255, whole numbers), one channel, row-major.
 *
 * <ul>
 * <li>{@code gravel}: stones (a Voronoi tiling) of random grey with dark joints and a fine grain;</li>
 * <li>{@code weave}: a basket weave of threads, alternating direction every 16 pixels, with noise;</li>
 * <li>{@code tissue}: dark elliptical nuclei scattered on a mottled light background, as in a stained section;</li>
 * <li>{@code bark}: vertical fibres (noise stretched along y) swaying sideways;</li>
 * <li>{@code sand}: fine grain on a gentle slope of light.</li>
 * </ul>
 */
public final class Textures {

    private Textures() {}

    /** The names {@link #make} knows. */
    public static final List<String> NAMES = List.of("gravel", "weave", "tissue", "bark", "sand");

    /** The texture of that name at that size. */
    public static double[] make(String name, int w, int h) {
        SplittableRandom rnd = new SplittableRandom(name.hashCode());
        double[] o = new double[w * h];
        switch (name) {
            case "gravel" -> {
                int n = w * h / 375;
                double[] px = new double[n], py = new double[n], grey = new double[n];
                for (int i = 0; i < n; i++) {
                    px[i] = rnd.nextDouble() * w;
                    py[i] = rnd.nextDouble() * h;
                    grey[i] = 70 + 120 * rnd.nextDouble();
                }
                double[] grain = blur(noise(rnd, w * h, 10), w, h, 0.7, 0.7);
                // the stones' centres in square cells, so that the nearest two are found by looking nearby
                int cell = 24, cw = (w + cell - 1) / cell, chh = (h + cell - 1) / cell;
                List<List<Integer>> cells = new java.util.ArrayList<>();
                for (int i = 0; i < cw * chh; i++) cells.add(new java.util.ArrayList<>());
                for (int i = 0; i < n; i++) cells.get((int) (py[i] / cell) * cw + (int) (px[i] / cell)).add(i);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        double d1 = Double.POSITIVE_INFINITY, d2 = d1;
                        int near = 0, gx = x / cell, gy = y / cell;
                        // rings of cells outwards, until the ring is farther than the second nearest centre
                        for (int ring = 0; ring <= Math.max(cw, chh); ring++) {
                            double reach = (ring - 1) * (double) cell;
                            if (ring > 1 && reach * reach > d2) break;
                            for (int cy = gy - ring; cy <= gy + ring; cy++) {
                                for (int cx = gx - ring; cx <= gx + ring; cx++) {
                                    if (Math.max(Math.abs(cx - gx), Math.abs(cy - gy)) != ring) continue;
                                    if (cx < 0 || cy < 0 || cx >= cw || cy >= chh) continue;
                                    for (int i : cells.get(cy * cw + cx)) {
                                        double dx = x - px[i], dy = y - py[i], d = dx * dx + dy * dy;
                                        if (d < d1) {
                                            d2 = d1;
                                            d1 = d;
                                            near = i;
                                        } else if (d < d2) {
                                            d2 = d;
                                        }
                                    }
                                }
                            }
                        }
                        // darker towards the joint with the next stone
                        double shade = Math.min(1, (Math.sqrt(d2) - Math.sqrt(d1)) / 3);
                        o[y * w + x] = 30 + (grey[near] - 30) * shade + grain[y * w + x];
                    }
                }
            }
            case "weave" -> {
                double[] nz = noise(rnd, w * h, 7);
                int b = 16;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        boolean across = ((x / b) + (y / b)) % 2 == 0;
                        int u = across ? y : x, along = across ? x : y;
                        double thread = Math.sin(Math.PI * (u % 4) / 4.0);
                        double bump = 0.8 + 0.2 * Math.sin(2 * Math.PI * (along % b) / b);
                        o[y * w + x] = 60 + 120 * thread * bump + nz[y * w + x] + 10 * Math.sin(x / 90.0);
                    }
                }
            }
            case "tissue" -> {
                double[] mottle = blur(noise(rnd, w * h, 60), w, h, 3, 3);
                double[] nz = noise(rnd, w * h, 5);
                for (int i = 0; i < o.length; i++) o[i] = 170 + mottle[i];
                int nuclei = w * h / 1000;
                for (int k = 0; k < nuclei; k++) {
                    double cx = rnd.nextDouble() * w, cy = rnd.nextDouble() * h, ra = 4 + 5 * rnd.nextDouble();
                    double rb = ra * (0.6 + 0.4 * rnd.nextDouble()), th = rnd.nextDouble() * Math.PI;
                    double dark = 60 + 40 * rnd.nextDouble(), c = Math.cos(th), s = Math.sin(th);
                    for (int y = (int) Math.max(0, cy - 12); y < Math.min(h, cy + 12); y++) {
                        for (int x = (int) Math.max(0, cx - 12); x < Math.min(w, cx + 12); x++) {
                            double dx = x - cx, dy = y - cy, u = (dx * c + dy * s) / ra, v = (-dx * s + dy * c) / rb;
                            o[y * w + x] -= dark / (1 + Math.exp((Math.sqrt(u * u + v * v) - 1) * 8));
                        }
                    }
                }
                for (int i = 0; i < o.length; i++) o[i] += nz[i];
            }
            case "bark" -> {
                double[] fibres = blur(noise(rnd, w * h, 80), w, h, 1, 7);
                double[] nz = noise(rnd, w * h, 4);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int xs = Math.max(0, Math.min(w - 1, (int) Math.round(x + 6 * Math.sin(y / 37.0))));
                        o[y * w + x] = 120 + fibres[y * w + xs] + nz[y * w + x];
                    }
                }
            }
            case "sand" -> {
                double[] grain = blur(noise(rnd, w * h, 30), w, h, 0.8, 0.8);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) o[y * w + x] = 90 + 60.0 * x / w + 30.0 * y / h + grain[y * w + x];
                }
            }
            default -> throw new IllegalArgumentException("no texture named " + name + "; known: " + NAMES);
        }
        for (int i = 0; i < o.length; i++) o[i] = Math.max(0, Math.min(255, Math.rint(o[i])));
        return o;
    }

    private static double[] noise(SplittableRandom rnd, int n, double sigma) {
        double[] o = new double[n];
        for (int i = 0; i < n; i++) {
            double u = rnd.nextDouble(), v = rnd.nextDouble();
            o[i] = sigma * Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
        }
        return o;
    }

    /** Gaussian blur with separate sigmas along x and y, mirrored at the edges. */
    private static double[] blur(double[] a, int w, int h, double sx, double sy) {
        return along(along(a, w, h, sx, true), w, h, sy, false);
    }

    private static double[] along(double[] a, int w, int h, double sigma, boolean horizontal) {
        int rad = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * rad + 1];
        double sum = 0;
        for (int i = -rad; i <= rad; i++) sum += k[i + rad] = Math.exp(-i * i / (2 * sigma * sigma));
        double[] o = new double[a.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = 0;
                for (int i = -rad; i <= rad; i++) {
                    int xx = horizontal ? mirror(x + i, w) : x, yy = horizontal ? y : mirror(y + i, h);
                    v += k[i + rad] * a[yy * w + xx];
                }
                o[y * w + x] = v / sum;
            }
        }
        return o;
    }

    private static int mirror(int i, int n) {
        if (i < 0) i = -i;
        if (i >= n) i = 2 * n - 2 - i;
        return i;
    }
}
