package org.inpaintij.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.inpaintij.core.Plane;
import org.inpaintij.testing.Fixtures;
import org.inpaintij.testing.Metrics;
import org.inpaintij.testing.Textures;

/**
 * A quick look at patch on the textured holes alone, for work on the method: every hole of the texture class
 * (8-bit, or every depth with {@code --depths 8,16,32}) over seeds 0 to 11, scored as the benchmark's target
 * scores it against G'MIC's fill of the same case, read from an earlier run of {@code bench/run.sh --masks
 * texture} (bench/out/peers). Prints one line per hole and the pass count; writes nothing.
 * Options: {@code --seeds N}, {@code --images a,b}, {@code --holes texture-30-30,...}, {@code --method m},
 * {@code --depths 8,16}, {@code --dump DIR} (PNGs of seed 0: original, fill, G'MIC's), {@code --speed} (only the
 * warm time of patch and auto on the speed target's brick hole).
 */
public final class TextureSeeds {

    private TextureSeeds() {}

    public static void main(String[] args) throws Exception {
        int seeds = 12;
        String method = "patch";
        List<String> only = null;
        List<Integer> depths = List.of(8);
        Path dump = null;
        List<String> holes = null;
        boolean speed = false;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--seeds" -> seeds = Integer.parseInt(args[i + 1]);
                case "--method" -> method = args[i + 1];
                case "--images" -> only = List.of(args[i + 1].split(","));
                case "--speed" -> {
                    speed = true;
                    i--;
                }
                case "--holes" -> holes = List.of(args[i + 1].split(","));
                case "--dump" -> dump = Path.of(args[i + 1]);
                case "--depths" -> depths = java.util.Arrays.stream(args[i + 1].split(",")).map(Integer::valueOf)
                        .toList();
                default -> throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
        }
        if (speed) {
            // the speed target's case: brick, one 64x64 hole in the middle, warm
            Cases.Image brick = Cases.variants("brick.png").get(0);
            Cases.Case sc = new Cases.Case("speed", brick, "speed-patch", "hole64",
                    org.inpaintij.testing.TestMasks.holeAt(512, 512, 0.5, 0.5, 64), List.of(), 9);
            for (int k = 0; k < 40; k++) {
                Ours.run(sc, "patch", 1);
                Ours.run(sc, "auto", 1);
            }
            System.out.printf(Locale.ROOT, "patch %.1f ms, auto %.1f ms%n", Ours.run(sc, "patch", 9).seconds() * 1e3,
                    Ours.run(sc, "auto", 9).seconds() * 1e3);
            return;
        }
        Path peers = Path.of("bench/out/peers");
        List<String> names = new ArrayList<>();
        for (String f : Fixtures.imageNames()) names.add(f.replace(".png", ""));
        names.addAll(Textures.NAMES);
        int total = 0, pass = 0;
        double sumLogRatio = 0, sumDp = 0, sumDs = 0;
        long t0 = System.nanoTime();
        for (String name : names) {
            if (only != null && !only.contains(name)) continue;
            boolean synthetic = Textures.NAMES.contains(name);
            for (Cases.Image img : synthetic ? Cases.textureVariants(name) : Cases.variants(name + ".png")) {
                if (!depths.contains(img.depth())) continue;
                for (Map.Entry<String, byte[]> m : Cases.textureHoles(name, img.width(), img.height()).entrySet()) {
                    String id = img.name() + "-" + img.depth() + "-" + m.getKey();
                    if (holes != null && !holes.contains(m.getKey())) continue;
                    Cases.Case c = new Cases.Case(id, img, "texture", m.getKey(), m.getValue(), List.of(), 1);
                    double gp = Double.NaN, gs = Double.NaN;
                    Path g = peers.resolve(id + ".gmic-patch.npy");
                    if (Files.exists(g)) {
                        double[][] out = Npy.read(g).channelData();
                        Plane.Type t = img.type();
                        for (double[] ch : out) for (int i = 0; i < ch.length; i++) ch[i] = t.store(ch[i]);
                        gp = Metrics.psnr(img.truth(), out, c.mask(), img.peak());
                        gs = Metrics.ssim(img.truth(), out, img.width(), img.height(), c.mask(), img.peak());
                    }
                    double[][] gmicOut = Files.exists(g) ? Npy.read(g).channelData() : null;
                    int ok = 0;
                    StringBuilder line = new StringBuilder();
                    double minT = 9, maxT = 0;
                    int n = method.equals("patch") ? seeds : 1;
                    for (int s = 0; s < n; s++) {
                        double[][] out = Ours.run(c, method, 1, method.equals("patch") ? (long) s : null).output();
                        double p = Metrics.psnr(img.truth(), out, c.mask(), img.peak());
                        double q = Metrics.ssim(img.truth(), out, img.width(), img.height(), c.mask(), img.peak());
                        double tr = Metrics.textureRatio(img.truth(), out, img.width(), img.height(), c.mask());
                        boolean good = tr >= 0.7 && tr <= 1.3 && !(p < gp) && !(q < gs);
                        if (good) ok++;
                        minT = Math.min(minT, tr);
                        maxT = Math.max(maxT, tr);
                        sumLogRatio += Math.abs(Math.log(tr));
                        sumDp += p - gp;
                        sumDs += q - gs;
                        if (dump != null && s == 0) dump(dump.resolve(id + ".png"), img, c.mask(), out, gmicOut);
                        line.append(String.format(Locale.ROOT, " %s%.2f/%+.1f/%+.2f", good ? " " : "*", tr, p - gp,
                                q - gs));
                    }
                    total += n;
                    pass += ok;
                    System.out.printf(Locale.ROOT, "%-28s %2d/%d tex %.2f..%.2f |%s%n", id, ok, n, minT, maxT, line);
                }
            }
        }
        System.out.printf(Locale.ROOT, "PASS %d/%d  mean|log ratio| %.3f  mean dPSNR %+.2f  mean dSSIM %+.3f  %.1f s%n",
                pass, total, sumLogRatio / total, sumDp / total, sumDs / total, (System.nanoTime() - t0) / 1e9);
    }

    /** The hole's box with 48 pixels around: the original, this fill and G'MIC's side by side (8-bit grey). */
    private static void dump(Path file, Cases.Image img, byte[] mask, double[][] ours, double[][] gmic)
            throws java.io.IOException {
        int w = img.width(), x0 = w, y0 = img.height(), x1 = 0, y1 = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] == 0) continue;
            x0 = Math.min(x0, i % w);
            x1 = Math.max(x1, i % w);
            y0 = Math.min(y0, i / w);
            y1 = Math.max(y1, i / w);
        }
        int m = 48;
        x0 = Math.max(0, x0 - m);
        y0 = Math.max(0, y0 - m);
        x1 = Math.min(w - 1, x1 + m);
        y1 = Math.min(img.height() - 1, y1 + m);
        int cw = x1 - x0 + 1, ch = y1 - y0 + 1;
        java.awt.image.BufferedImage bp = new java.awt.image.BufferedImage(3 * cw + 8, ch,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        double scale = 255 / img.peak();
        double[][][] all = {img.truth(), ours, gmic};
        for (int k = 0; k < 3; k++) {
            if (all[k] == null) continue;
            for (int y = 0; y < ch; y++) {
                for (int x = 0; x < cw; x++) {
                    double v = all[k][0][(y0 + y) * w + x0 + x] * scale;
                    bp.getRaster().setSample(k * (cw + 4) + x, y, 0, (int) Math.max(0, Math.min(255, Math.rint(v))));
                }
            }
        }
        Files.createDirectories(file.getParent());
        javax.imageio.ImageIO.write(bp, "png", file.toFile());
    }
}
