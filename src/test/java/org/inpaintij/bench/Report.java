package org.inpaintij.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import org.inpaintij.testing.Metrics;

/**
 * The benchmark's results as markdown: the targets checked, speed, scale, quality per mask class and the
 * detail per case. It replaces only the model-free part of doc/benchmarks.md (up to {@link #END}); whatever
 * follows that line (the diffusion section) is kept.
 */
final class Report {

    /** The line that ends the model-free part. */
    static final String END = "<!-- end of the model-free benchmark: sections below this line are kept -->";
    private static final String TITLE = "# Benchmarks";

    private final List<ClassicalBenchmark.Result> results;
    private final Map<String, String> versions;
    private final Scale.Outcome scale;
    private final List<String[]> checks = new ArrayList<>();

    private final String loadAtStart, loadAtEnd;

    Report(List<ClassicalBenchmark.Result> results, Map<String, String> versions, Scale.Outcome scale,
            String loadAtStart) {
        this.results = results;
        this.versions = versions;
        this.scale = scale;
        this.loadAtStart = loadAtStart;
        this.loadAtEnd = loadAverage();
        computeChecks();
    }

    /**
     * Writes the model-free part at the top of the file, keeping what follows {@link #END}; in a file without
     * that line (written by other benchmarks only), everything but its title is kept below it.
     */
    void writeInto(Path doc) throws IOException {
        String tail = "";
        if (Files.exists(doc)) {
            String old = Files.readString(doc);
            int i = old.indexOf(END);
            if (i >= 0) tail = old.substring(i + END.length());
            else tail = "\n\n" + (old.startsWith(TITLE) ? old.substring(TITLE.length()).strip() : old.strip()) + "\n";
        }
        Files.createDirectories(doc.toAbsolutePath().getParent());
        Files.writeString(doc, markdown() + END + tail);
    }

    /** The checks as plain lines, for the console. */
    String checksText() {
        StringBuilder sb = new StringBuilder();
        for (String[] c : checks) sb.append(String.format("%-6s %s: %s%n", c[0], c[1], c[2]));
        return sb.toString();
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(TITLE).append("\n\n");
        md.append("## Model-free methods against OpenCV, scikit-image and G'MIC\n\n");
        md.append("Made by `bench/run.sh` (one command: installs the peers from Debian, builds, runs everything "
                + "below in one go and rewrites this part of the file). Every method fills the same images with the "
                + "same masks: the masks are made in Java (`org.inpaintij.testing.TestMasks`) and handed to the "
                + "peers as files, and every result, ours and theirs, is stored in the image's own type and scored "
                + "by the same Java code against the untouched original. Subsets for a quicker look, e.g. "
                + "`bench/run.sh --images brick --masks hole --reuse-peers --doc -` (prints instead of writing), are "
                + "listed in `org.inpaintij.bench.ClassicalBenchmark`; the work files go to `bench/out/` (ignored by git).\n\n");
        md.append("**Timings are from a shared machine** on which several engineers compile at once: they are "
                + "noisy, so compare only numbers from one run (ratios below are all from the same run). The lead "
                + "re-runs this on a quiet machine before a release.\n\n");
        machine(md);
        md.append("### Targets\n\n| | target | measured |\n|---|---|---|\n");
        for (String[] c : checks) md.append("| ").append(c[0]).append(" | ").append(c[1]).append(" | ").append(c[2])
                .append(" |\n");
        md.append('\n');
        speed(md);
        scale(md);
        quality(md);
        texturedHoles(md);
        definitions(md);
        detail(md);
        return md.toString();
    }

    private void machine(StringBuilder md) {
        md.append("Run of ").append(LocalDate.now()).append(" on ").append(cpu()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores visible to Java; Java ")
                .append(System.getProperty("java.version")).append(" (").append(System.getProperty("java.vm.name"))
                .append("), ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append(". Peers: ");
        List<String> v = new ArrayList<>();
        versions.forEach((k, val) -> v.add(k + " " + val));
        md.append(v.isEmpty() ? "not run" : String.join(", ", v)).append(".\n\n");
        md.append("Load average (1, 5, 15 minutes) when the run started: ").append(loadAtStart)
                .append("; when it ended: ").append(loadAtEnd).append(" (").append(Runtime.getRuntime()
                        .availableProcessors()).append(" cores: above that, other work was waiting for them).\n\n");
        md.append("Our times are warm, in process (after a warm-up of every method), and cover what the plugin does "
                + "per image: plan the mask, fill, write back into the ImageJ processor; groups of regions run on "
                + "all cores. OpenCV and scikit-image are timed warm in process (after one call on a small image); "
                + "G'MIC is timed as the whole `gmic IMAGE MASK -inpaint[0] [1],7 -o[0] OUT` process, as a user "
                + "runs it. Times are medians of 3 to 7 runs (1 for G'MIC and for OpenCV Telea on 1408x1408 "
                + "dots).\n\n");
    }

    /** The first three fields of /proc/loadavg, or why they are missing. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String cpu() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) return l.substring(l.indexOf(':') + 1).trim();
            }
        } catch (IOException e) {
            return "unknown CPU (" + e.getMessage() + ")";
        }
        return "unknown CPU";
    }

    // ---------------------------------------------------------------------------------------------- checks

    private void computeChecks() {
        // small defects: biharmonic and auto against scikit-image, and against OpenCV
        for (String m : List.of("biharmonic", "auto")) {
            double worst = Double.POSITIVE_INFINITY, worstCv = Double.POSITIVE_INFINITY, worstNs = worstCv;
            String at = "", atCv = "", atNs = "";
            int n = 0, ok = 0;
            for (ClassicalBenchmark.Result r : ours(m, c -> c.maskClass().equals("dots") || c.maskClass().equals("lines"))) {
                ClassicalBenchmark.Result sk = peer(r.c().id(), "skimage-biharmonic");
                if (sk != null && !Double.isNaN(sk.psnr())) {
                    double d = r.psnr() - sk.psnr();
                    n++;
                    if (d >= -0.1) ok++;
                    if (d < worst) {
                        worst = d;
                        at = r.c().id();
                    }
                }
                double cv = psnrOf(peer(r.c().id(), "opencv-telea"));
                if (!Double.isNaN(cv) && r.psnr() - cv < worstCv) {
                    worstCv = r.psnr() - cv;
                    atCv = r.c().id();
                }
                double ns = psnrOf(peer(r.c().id(), "opencv-ns"));
                if (!Double.isNaN(ns) && r.psnr() - ns < worstNs) {
                    worstNs = r.psnr() - ns;
                    atNs = r.c().id();
                }
            }
            if (n > 0) {
                check(ok == n, m + " in-mask PSNR on dots and lines >= scikit-image's - 0.1 dB, every image",
                        String.format(Locale.ROOT, "%d of %d cases; smallest margin %+.2f dB (%s)", ok, n, worst, at));
            }
            if (worstCv < Double.POSITIVE_INFINITY) {
                check(worstCv > 1, m + " on dots and lines far above OpenCV Telea (by more than 1 dB, every image)",
                        String.format(Locale.ROOT, "smallest margin %+.2f dB (%s); over OpenCV NS: %+.2f dB (%s)",
                                worstCv, atCv, worstNs, atNs));
            }
        }
        // holes in texture: patch on every seed, and what auto makes of them
        {
            int n = 0, ok = 0;
            List<String> bad = new ArrayList<>();
            for (ClassicalBenchmark.Result r : ours("patch", c -> c.maskClass().equals("texture")
                    && c.image().depth() == 8)) {
                ClassicalBenchmark.Result g = peer(r.c().id(), "gmic-patch");
                double[][] per = seedResults(r.c());
                int in = 0;
                for (double[] q : per) if (passes(q[0], q[1], q[2], g)) in++;
                n += per.length;
                ok += in;
                if (in < per.length) bad.add(r.c().image().name() + " " + r.c().maskLabel() + " " + in + "/" + per.length);
            }
            if (n > 0) {
                check(ok == n, "patch on every textured hole (8-bit), each of " + SEEDS + " seeds: texture ratio "
                        + "0.7..1.3, PSNR and SSIM >= G'MIC's", ok + " of " + n + " fills"
                        + (bad.isEmpty() ? "" : "; passing seeds per failing hole: " + String.join(", ", bad))
                        + " (per-seed tables below)");
            }
            int nd = 0, okd = 0;
            List<String> badDepth = new ArrayList<>();
            for (ClassicalBenchmark.Result r : ours("patch", c -> c.maskClass().equals("texture"))) {
                ClassicalBenchmark.Result g = peer(r.c().id(), "gmic-patch");
                nd++;
                if (passes(r.psnr(), r.ssim(), r.texture(), g)) okd++;
                else badDepth.add(r.c().id());
            }
            if (nd > 0) {
                check(okd == nd, "patch on every textured hole at every bit depth (seed 0): the same three",
                        okd + " of " + nd + " cases" + (badDepth.isEmpty() ? "" : "; failing: "
                                + String.join(", ", badDepth)));
            }
            int na = 0, oka = 0;
            double lo = Double.POSITIVE_INFINITY;
            String at = "";
            for (ClassicalBenchmark.Result r : ours("auto", c -> c.maskClass().equals("texture"))) {
                na++;
                if (r.texture() >= 0.7 && r.texture() <= 1.3) oka++;
                if (r.texture() < lo) {
                    lo = r.texture();
                    at = r.c().id();
                }
            }
            if (na > 0) {
                check(oka == na, "auto texture ratio 0.7..1.3 on every textured hole", String.format(Locale.ROOT,
                        "%d of %d cases; lowest %.2f (%s)", oka, na, lo, at));
            }
        }
        // auto against the best single method, per class
        for (String cls : ClassicalBenchmark.MASK_CLASSES) {
            Map<String, Double> mean = meanPsnrByMethod(c -> c.maskClass().equals(cls));
            if (!mean.containsKey("auto")) continue;
            String best = null;
            for (Map.Entry<String, Double> e : mean.entrySet()) {
                if (e.getKey().equals("auto")) continue;
                if (best == null || e.getValue() > mean.get(best)) best = e.getKey();
            }
            if (best == null) continue;
            double d = mean.get("auto") - mean.get(best);
            check(d >= -0.3, "auto within 0.3 dB of the best single method on " + cls + " (mean in-mask PSNR)",
                    String.format(Locale.ROOT, "auto %.2f dB, best %s %.2f dB (%+.2f)", mean.get("auto"), best,
                            mean.get(best), d));
        }
        // speed
        {
            int n = 0, ok = 0;
            double worst = 0;
            String at = "";
            for (ClassicalBenchmark.Result r : ours("biharmonic", c -> true)) {
                ClassicalBenchmark.Result sk = peer(r.c().id(), "skimage-biharmonic");
                if (sk == null || Double.isNaN(sk.seconds())) continue;
                n++;
                double ratio = r.seconds() / sk.seconds();
                if (ratio < 1) ok++;
                if (ratio > worst) {
                    worst = ratio;
                    at = r.c().id();
                }
            }
            if (n > 0) {
                check(ok == n, "biharmonic faster than scikit-image on every case", String.format(Locale.ROOT,
                        "%d of %d cases; slowest relative: %.2fx scikit-image's time (%s)", ok, n, worst, at));
            }
        }
        limit("biharmonic", "speed-1408-dots", 0.1, "biharmonic, 1408x1408 with 2% dots, under 0.1 s");
        limit("biharmonic", "speed-1408-hole256", 0.5, "biharmonic, 1408x1408 with a 256x256 hole, under 0.5 s");
        limit("patch", "speed-512-brick-hole64", 0.3, "patch, 512x512 with a 64x64 hole, under 0.3 s");
        limit("auto", "speed-512-brick-hole64", 0.1, "auto, 512x512 with a 64x64 hole in texture, under 100 ms");
        for (String id : List.of("speed-512-dots", "speed-1408-dots")) {
            ClassicalBenchmark.Result h = our("harmonic", id), ns = peer(id, "opencv-ns");
            if (h != null && ns != null && !Double.isNaN(ns.seconds())) {
                check(h.seconds() <= ns.seconds(), "harmonic at most OpenCV NS's time, " + label(id),
                        String.format(Locale.ROOT, "%s vs %s (%.2fx)", ms(h.seconds()), ms(ns.seconds()),
                                h.seconds() / ns.seconds()));
            }
        }
        {
            ClassicalBenchmark.Result t = our("telea", "speed-1408-dots"), cv = peer("speed-1408-dots", "opencv-telea");
            if (t != null && cv != null && !Double.isNaN(cv.seconds())) {
                check(cv.seconds() >= 10 * t.seconds(), "telea at least 10x faster than OpenCV Telea, 1408x1408 dots",
                        String.format(Locale.ROOT, "%s vs %s (%.0fx faster)", ms(t.seconds()), ms(cv.seconds()),
                                cv.seconds() / t.seconds()));
            }
        }
        {
            double worst = Double.POSITIVE_INFINITY;
            String at = "";
            int n = 0, ok = 0;
            for (ClassicalBenchmark.Result r : ours("harmonic", c -> c.maskClass().equals("dots")
                    && c.image().truth().length == 1)) {
                ClassicalBenchmark.Result cv = peer(r.c().id(), "opencv-telea");
                if (cv == null || Double.isNaN(cv.psnr())) continue;
                n++;
                if (r.psnr() >= cv.psnr()) ok++;
                if (r.psnr() - cv.psnr() < worst) {
                    worst = r.psnr() - cv.psnr();
                    at = r.c().id();
                }
            }
            if (n > 0) {
                check(ok == n, "harmonic in-mask PSNR >= OpenCV Telea's, grayscale images with 2% dots",
                        String.format(Locale.ROOT, "%d of %d cases; smallest margin %+.2f dB (%s)", ok, n, worst, at));
            }
        }
        if (scale != null) {
            if (scale.error() != null) {
                check(false, "8192x8192 16-bit, 200 defects, under 1 s", scale.error());
            } else {
                for (Map.Entry<String, double[]> e : scale.perMethod().entrySet()) {
                    if (e.getKey().equals("patch")) continue;
                    check(e.getValue()[0] < 1, e.getKey() + ", 8192x8192 16-bit with 200 defects, under 1 s",
                            String.format(Locale.ROOT, "%s, at most %.0f MiB of heap above the %.0f MiB image "
                                    + "(JVM %s)", ms(e.getValue()[0]), e.getValue()[1], scale.imageMiB(), scale.heap()));
                }
            }
        }
    }

    private void limit(String method, String id, double seconds, String what) {
        ClassicalBenchmark.Result r = our(method, id);
        if (r != null) check(r.seconds() < seconds, what, ms(r.seconds()));
    }

    private void check(boolean ok, String what, String measured) {
        checks.add(new String[] {ok ? "pass" : "**FAIL**", what, measured});
    }

    // ---------------------------------------------------------------------------------------------- tables

    private void speed(StringBuilder md) {
        List<String> ids = new ArrayList<>();
        for (ClassicalBenchmark.Result r : results) {
            if (r.c().maskClass().startsWith("speed") && !ids.contains(r.c().id())) ids.add(r.c().id());
        }
        if (ids.isEmpty()) return;
        md.append("### Speed (warm, same run)\n\n");
        List<String> methods = methodsPresent(c -> c.maskClass().startsWith("speed"));
        methodHeader(md, "case", methods);
        for (String id : ids) {
            md.append("| ").append(label(id)).append(" |");
            for (String m : methods) {
                ClassicalBenchmark.Result r = find(id, m);
                md.append(' ').append(r == null || Double.isNaN(r.seconds()) ? "" : ms(r.seconds())).append(" |");
            }
            md.append('\n');
        }
        md.append("\nRatios (ours / peer time; below 1 means faster):\n\n");
        md.append("| case | harmonic / OpenCV NS | telea / OpenCV Telea | biharmonic / scikit-image "
                + "| patch / G'MIC |\n|---|---:|---:|---:|---:|\n");
        for (String id : ids) {
            md.append("| ").append(label(id)).append(" | ").append(ratio(id, "harmonic", "opencv-ns")).append(" | ")
                    .append(ratio(id, "telea", "opencv-telea")).append(" | ")
                    .append(ratio(id, "biharmonic", "skimage-biharmonic")).append(" | ")
                    .append(ratio(id, "patch", "gmic-patch")).append(" |\n");
        }
        md.append('\n');
    }

    private void scale(StringBuilder md) {
        if (scale == null) return;
        md.append("### Scale: 8192x8192 16-bit, 200 small defects\n\n");
        if (scale.error() != null) {
            md.append("Failed: ").append(scale.error()).append("\n\n");
            return;
        }
        md.append(String.format(Locale.ROOT, "In a JVM started with `%s` (the image alone is %.0f MiB as 16-bit, "
                + "%.0f MiB as doubles), through the ImageJ adapter, filled in place. Peak heap is the sum of the "
                + "heap pools' peaks during one fill minus the heap in use before it, an upper bound of what the "
                + "fill allocates.%n%n", scale.heap(), scale.imageMiB(), scale.imageMiB() * 4));
        md.append("| method | time | peak heap above the image |\n|---|---:|---:|\n");
        for (Map.Entry<String, double[]> e : scale.perMethod().entrySet()) {
            md.append("| ").append(e.getKey()).append(" | ").append(ms(e.getValue()[0])).append(" | ")
                    .append(String.format(Locale.ROOT, "%.0f MiB", e.getValue()[1])).append(" |\n");
        }
        md.append('\n');
    }

    private void quality(StringBuilder md) {
        md.append("### Quality by mask class (mean over images and bit depths)\n\n");
        md.append("In-mask PSNR (dB) / in-mask SSIM");
        md.append("; for holes, textured holes and the border band also the texture ratio (1 = as much fine detail "
                + "as the original, a smooth fill is near 0).\n\n");
        List<String> methods = methodsPresent(c -> !c.maskClass().startsWith("speed"));
        methodHeader(md, "class", methods);
        for (String cls : ClassicalBenchmark.MASK_CLASSES) {
            Predicate<Cases.Case> in = c -> c.maskClass().equals(cls);
            if (results.stream().noneMatch(r -> in.test(r.c()))) continue;
            md.append("| ").append(cls).append(" |");
            for (String m : methods) {
                double[] s = means(m, in);
                md.append(' ');
                if (s != null) {
                    md.append(String.format(Locale.ROOT, "%.2f / %.3f", s[0], s[1]));
                    if (withTexture(cls)) md.append(String.format(Locale.ROOT, " / %.2f", s[2]));
                }
                md.append(" |");
            }
            md.append('\n');
        }
        md.append("\nMean time per image (ms):\n\n");
        methodHeader(md, "class", methods);
        for (String cls : ClassicalBenchmark.MASK_CLASSES) {
            Predicate<Cases.Case> in = c -> c.maskClass().equals(cls);
            if (results.stream().noneMatch(r -> in.test(r.c()))) continue;
            md.append("| ").append(cls).append(" |");
            for (String m : methods) {
                double[] s = means(m, in);
                md.append(' ').append(s == null ? "" : String.format(Locale.ROOT, "%.1f", s[3] * 1000)).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    /**
     * patch, auto and G'MIC on the textured holes (8-bit), with how much fine detail each hole's original holds
     * compared with the rest of its image: a fill as detailed as a typical part of the image scores the ratio
     * given. Then patch per seed.
     */
    private void texturedHoles(StringBuilder md) {
        List<ClassicalBenchmark.Result> rs = ours("patch", c -> c.maskClass().equals("texture")
                && c.image().depth() == 8);
        if (rs.isEmpty()) return;
        md.append("### Textured holes\n\n");
        md.append("64x64 holes in the textured regions of brick.png, camera.png (grass) and cell.png (its mottled "
                + "background), and in five synthetic textures (`org.inpaintij.testing.Textures`: gravel, weave, tissue, "
                + "bark, sand; 512x512). The texture ratio compares the fill with what the hole held, and how much fine "
                + "detail that was varies with the position: the last columns place the original hole's high-pass "
                + "energy among all 64x64 windows of its image, and give the ratio a fill would score if it were as "
                + "detailed as the median window (a perfect sample of the texture scores about that). 8-bit; every "
                + "bit depth is in the detail per case below.\n\n");
        md.append("| image, hole | patch PSNR / SSIM / texture | patch texture over " + SEEDS + " seeds: min / mean / "
                + "max | auto PSNR / SSIM / texture (choice) | G'MIC PSNR / SSIM / texture | original's detail "
                + "(percentile) | median window's ratio |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (ClassicalBenchmark.Result r : rs) {
            ClassicalBenchmark.Result g = peer(r.c().id(), "gmic-patch"), a = our("auto", r.c().id());
            double[] stat = detailPercentile(r.c());
            double[] tex = new double[SEEDS];
            double[][] per = seedResults(r.c());
            for (int k = 0; k < SEEDS; k++) tex[k] = per[k][2];
            md.append("| ").append(r.c().image().name()).append(", ").append(r.c().maskLabel()).append(" | ")
                    .append(pst(r)).append(" | ").append(seedSummary(tex)).append(" | ")
                    .append(a == null ? "" : pst(a) + (a.choice() == null ? "" : " (" + a.choice() + ")"))
                    .append(" | ").append(g == null || Double.isNaN(g.psnr()) ? "" : pst(g))
                    .append(String.format(Locale.ROOT, " | %.0f%% | %.2f |%n", stat[0] * 100, stat[1]));
        }
        md.append("\n#### patch per seed on the textured holes (8-bit)\n\n");
        md.append("Texture ratio, then in-mask PSNR and SSIM less G'MIC's on the same hole, for seeds 0 to "
                + (SEEDS - 1) + "; a value that misses its target is in bold.\n\n");
        String[] what = {"texture ratio", "PSNR less G'MIC's (dB)", "SSIM less G'MIC's"};
        for (int q = 0; q < 3; q++) {
            md.append(what[q]).append(":\n\n| image, hole |");
            for (int k = 0; k < SEEDS; k++) md.append(' ').append(k).append(" |");
            md.append("\n|---|");
            for (int k = 0; k < SEEDS; k++) md.append("---:|");
            md.append('\n');
            for (ClassicalBenchmark.Result r : rs) {
                ClassicalBenchmark.Result g = peer(r.c().id(), "gmic-patch");
                boolean vs = g != null && !Double.isNaN(g.psnr());
                if (q > 0 && !vs) continue;
                md.append("| ").append(r.c().image().name()).append(", ").append(r.c().maskLabel()).append(" |");
                for (double[] v : seedResults(r.c())) {
                    double x = q == 0 ? v[2] : q == 1 ? v[0] - g.psnr() : v[1] - g.ssim();
                    boolean ok = q == 0 ? x >= 0.7 && x <= 1.3 : x >= 0;
                    String f = String.format(Locale.ROOT, q == 0 ? "%.2f" : q == 1 ? "%+.2f" : "%+.3f", x);
                    md.append(' ').append(ok ? f : "**" + f + "**").append(" |");
                }
                md.append('\n');
            }
            md.append('\n');
        }
    }

    private static String pst(ClassicalBenchmark.Result r) {
        return String.format(Locale.ROOT, "%.2f / %.3f / %.2f", r.psnr(), r.ssim(), r.texture());
    }

    /** Whether a fill meets the textured-hole target: texture ratio 0.7..1.3, PSNR and SSIM at least G'MIC's. */
    private static boolean passes(double psnr, double ssim, double texture, ClassicalBenchmark.Result gmic) {
        boolean vs = gmic == null || Double.isNaN(gmic.psnr()) || (psnr >= gmic.psnr() && ssim >= gmic.ssim());
        return texture >= 0.7 && texture <= 1.3 && vs;
    }

    /** The header of a table with one column per method after a first column {@code first}. */
    private void methodHeader(StringBuilder md, String first, List<String> methods) {
        md.append("| ").append(first).append(" |");
        for (String m : methods) md.append(' ').append(name(m)).append(" |");
        md.append("\n|---|");
        for (int i = 0; i < methods.size(); i++) md.append("---:|");
        md.append('\n');
    }

    private static String seedSummary(double[] t) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0;
        for (double v : t) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", min, sum / t.length, max);
    }

    /** Seeds tried per textured hole to see how much patch depends on the seed. */
    static final int SEEDS = 12;

    private final Map<String, double[][]> seedResults = new java.util.HashMap<>();

    /** patch's PSNR, SSIM and texture ratio on a case for seeds 0 .. SEEDS - 1 (computed once). */
    private double[][] seedResults(Cases.Case c) {
        return seedResults.computeIfAbsent(c.id(), id -> {
            Cases.Image img = c.image();
            double[][] t = new double[SEEDS][];
            for (int s = 0; s < SEEDS; s++) {
                double[][] out = Ours.run(c, "patch", 1, (long) s).output();
                t[s] = new double[] {Metrics.psnr(img.truth(), out, c.mask(), img.peak()),
                        Metrics.ssim(img.truth(), out, img.width(), img.height(), c.mask(), img.peak()),
                        Metrics.textureRatio(img.truth(), out, img.width(), img.height(), c.mask())};
            }
            return t;
        });
    }

    /** Percentile of the hole's high-pass energy among all windows of its size, and median / hole energy. */
    private static double[] detailPercentile(Cases.Case c) {
        Cases.Image img = c.image();
        int w = img.width(), h = img.height(), s = 64;
        double[] hp = org.inpaintij.testing.Metrics.highPass(img.truth()[0], w, h);
        double[] sat = new double[(w + 1) * (h + 1)];
        for (int y = 0; y < h; y++) {
            double run = 0;
            for (int x = 0; x < w; x++) {
                run += hp[y * w + x] * hp[y * w + x];
                sat[(y + 1) * (w + 1) + x + 1] = sat[y * (w + 1) + x + 1] + run;
            }
        }
        int hx = -1, hy = -1;
        for (int i = 0; i < c.mask().length && hx < 0; i++) {
            if (c.mask()[i] != 0) {
                hx = i % w;
                hy = i / w;
            }
        }
        double hole = window(sat, w, hx, hy, s);
        List<Double> all = new ArrayList<>();
        for (int y = 0; y + s <= h; y += 4) for (int x = 0; x + s <= w; x += 4) all.add(window(sat, w, x, y, s));
        all.sort(null);
        int below = 0;
        for (double v : all) if (v < hole) below++;
        return new double[] {below / (double) all.size(), all.get(all.size() / 2) / hole};
    }

    private static double window(double[] sat, int w, int x, int y, int s) {
        int sw = w + 1;
        return sat[(y + s) * sw + x + s] - sat[y * sw + x + s] - sat[(y + s) * sw + x] + sat[y * sw + x];
    }

    private void definitions(StringBuilder md) {
        md.append("""
                ### What is measured

                - Images: the fixtures (camera, astronaut (RGB), coins, brick, cell), each in 8 bits, and the
                  grayscale ones also in 16 bits (x 257) and 32 bits (/ 255 + 0.25); for the textured holes also
                  five synthetic textures (gravel, weave, tissue, bark, sand; 512x512, made by
                  `org.inpaintij.testing.Textures` from their names), in the same three depths. Masked pixels are
                  set to 0 before filling. Speed cases use camera.png, camera.png scaled to 1408x1408 (bilinear)
                  and brick.png.
                - Masks: `dots` scattered blobs of radius 0-2 covering 2% of the image; `lines` straight scratches
                  1-5 pixels wide covering 2%; `hole` one 64x64 square at three positions (centre, upper left,
                  lower right: results depend strongly on what the hole covers); `texture` one 64x64 square in a
                  textured region (brick.png at the three `hole` positions, camera.png's grass at two, cell.png's
                  background at three, each synthetic texture at two; positions chosen before any fill was
                  measured there); `text` a burnt-in scale bar with a label and a time stamp (5x7 font at 3x);
                  `band` the 24 pixels along the right edge.
                - In-mask PSNR: 10 log10(peak² / MSE) over the masked pixels (all channels), peak = 255, 65535 or
                  1 (the data range). In-mask SSIM: the SSIM map (Gaussian window, sigma 1.5) averaged over the
                  masked pixels. Texture ratio: energy of (image - Gaussian blur with sigma 2) over the masked
                  pixels, filled image over original.
                - Results are stored in the image's type before scoring (8 and 16 bits rounded and clipped), ours
                  and the peers' alike.
                - On a texture as faint as cell.png's background (fine detail of about 0.6 grey levels RMS), rounding to
                  8 bits adds fine detail of its own (up to 0.29 grey levels RMS): the same fill scores a higher texture
                  ratio in 8 bits than in 16 and 32.
                - OpenCV's Telea on the 32-bit images (values 0.25 to 1.25) returns values off by orders of
                  magnitude (negative PSNR in the detail below); its class means include those cases.

                """);
    }

    private void detail(StringBuilder md) {
        md.append("### Detail per case\n\nPSNR dB / SSIM (and texture ratio for holes, textured holes and band), then "
                + "time in ms.\n\n");
        List<String> methods = methodsPresent(c -> !c.maskClass().startsWith("speed"));
        for (String cls : ClassicalBenchmark.MASK_CLASSES) {
            List<String> ids = new ArrayList<>();
            for (ClassicalBenchmark.Result r : results) {
                if (r.c().maskClass().equals(cls) && !ids.contains(r.c().id())) ids.add(r.c().id());
            }
            if (ids.isEmpty()) continue;
            md.append("#### ").append(cls).append("\n\n");
            methodHeader(md, "case", methods);
            for (String id : ids) {
                md.append("| ").append(label(id)).append(" |");
                for (String m : methods) {
                    ClassicalBenchmark.Result r = find(id, m);
                    md.append(' ');
                    if (r != null && r.error() != null) md.append("n/a");
                    else if (r != null) {
                        md.append(String.format(Locale.ROOT, "%.2f / %.3f", r.psnr(), r.ssim()));
                        if (withTexture(cls)) {
                            md.append(String.format(Locale.ROOT, " / %.2f", r.texture()));
                        }
                        md.append(String.format(Locale.ROOT, " (%.0f)", r.seconds() * 1000));
                    }
                    md.append(" |");
                }
                md.append('\n');
            }
            md.append('\n');
        }
        md.append("n/a: the peer does not take that image type (OpenCV's inpaint takes 8-bit 1 or 3 channels, "
                + "16-bit and 32-bit 1 channel only).\n\n");
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private List<ClassicalBenchmark.Result> ours(String method, Predicate<Cases.Case> in) {
        return results.stream().filter(r -> r.ours() && r.method().equals(method) && in.test(r.c())).toList();
    }

    private ClassicalBenchmark.Result our(String method, String id) {
        return results.stream().filter(r -> r.ours() && r.method().equals(method) && r.c().id().equals(id))
                .findFirst().orElse(null);
    }

    private ClassicalBenchmark.Result peer(String id, String peer) {
        return results.stream().filter(r -> !r.ours() && r.method().equals(peer) && r.c().id().equals(id))
                .findFirst().orElse(null);
    }

    private ClassicalBenchmark.Result find(String id, String method) {
        return results.stream().filter(r -> r.method().equals(method) && r.c().id().equals(id)).findFirst()
                .orElse(null);
    }

    private static double psnrOf(ClassicalBenchmark.Result r) {
        return r == null ? Double.NaN : r.psnr();
    }

    private List<String> methodsPresent(Predicate<Cases.Case> in) {
        List<String> out = new ArrayList<>();
        for (String m : ClassicalBenchmark.OURS) if (results.stream().anyMatch(r -> r.ours() && r.method().equals(m) && in.test(r.c()))) out.add(m);
        for (String m : ClassicalBenchmark.PEERS) if (results.stream().anyMatch(r -> !r.ours() && r.method().equals(m) && in.test(r.c()))) out.add(m);
        return out;
    }

    /** Mean PSNR, SSIM, texture and seconds of a method over the cases where it ran. */
    private double[] means(String method, Predicate<Cases.Case> in) {
        double[] s = new double[4];
        int n = 0;
        for (ClassicalBenchmark.Result r : results) {
            if (!r.method().equals(method) || !in.test(r.c()) || r.error() != null || Double.isNaN(r.psnr())) continue;
            s[0] += r.psnr();
            s[1] += r.ssim();
            s[2] += r.texture();
            s[3] += r.seconds();
            n++;
        }
        if (n == 0) return null;
        for (int i = 0; i < 4; i++) s[i] /= n;
        return s;
    }

    /**
     * Mean PSNR per method over the cases of a class, counting only cases every method filled (so that a
     * peer that skips some image types is compared on the same cases).
     */
    private Map<String, Double> meanPsnrByMethod(Predicate<Cases.Case> in) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String m : ClassicalBenchmark.OURS) {
            double[] s = means(m, in);
            if (s != null) out.put(m, s[0]);
        }
        return out;
    }

    private String ratio(String id, String ours, String peer) {
        ClassicalBenchmark.Result a = our(ours, id), b = peer(id, peer);
        if (a == null || b == null || Double.isNaN(b.seconds())) return "";
        return String.format(Locale.ROOT, "%.3f", a.seconds() / b.seconds());
    }

    private String label(String id) {
        for (ClassicalBenchmark.Result r : results) {
            if (r.c().id().equals(id)) {
                Cases.Case c = r.c();
                return c.maskClass().startsWith("speed") ? c.maskLabel() : c.image().label() + ", " + c.maskLabel();
            }
        }
        return id;
    }

    private static boolean withTexture(String maskClass) {
        return maskClass.equals("hole") || maskClass.equals("texture") || maskClass.equals("band");
    }

    private static String name(String m) {
        return switch (m) {
            case "opencv-telea" -> "OpenCV Telea";
            case "opencv-ns" -> "OpenCV NS";
            case "skimage-biharmonic" -> "scikit-image";
            case "gmic-patch" -> "G'MIC patch";
            default -> m;
        };
    }

    private static String ms(double s) {
        return s < 0.01 ? String.format(Locale.ROOT, "%.2f ms", s * 1000)
                : s < 1 ? String.format(Locale.ROOT, "%.1f ms", s * 1000) : String.format(Locale.ROOT, "%.2f s", s);
    }
}
