package org.inpaintij.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import org.inpaintij.core.Plane;
import org.inpaintij.testing.Fixtures;
import org.inpaintij.testing.Metrics;
import org.inpaintij.testing.TestMasks;
import org.inpaintij.testing.Textures;

/**
 * The model-free benchmark: fills the same real images (8, 16 and 32 bits), and synthetic textures for the
 * textured holes, with the same masks in this project (in process, warm) and in the peers (OpenCV,
 * scikit-image and G'MIC, through bench/peers.py), measures in-mask PSNR and SSIM, texture kept and time, checks
 * the targets, and rewrites the model-free part of doc/benchmarks.md. Run it with {@code bench/run.sh}.
 *
 * <p>Options: {@code --out DIR} (work folder, default bench/out), {@code --doc FILE} (default
 * doc/benchmarks.md; {@code --doc -} prints instead), {@code --images a,b} (fixture or {@link Textures} names)
 * and {@code --masks a,b} (classes) for subsets,
 * {@code --methods a,b} (subset of ours), {@code --peers a,b} (subset of peers, {@code none} for none),
 * {@code --reuse-peers} (keep peer outputs of an earlier run), {@code --no-speed}, {@code --no-scale}.
 */
public final class ClassicalBenchmark {

    static final List<String> OURS = List.of("harmonic", "biharmonic", "telea", "patch", "auto");
    static final List<String> PEERS = List.of("opencv-telea", "opencv-ns", "skimage-biharmonic", "gmic-patch");
    static final List<String> MASK_CLASSES = List.of("dots", "lines", "hole", "texture", "text", "band");

    private ClassicalBenchmark() {}

    /** One measured fill. */
    record Result(Cases.Case c, String method, boolean ours, double seconds, int runs, double psnr, double ssim,
            double texture, String error, String choice) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        Path out = Path.of(opt.getOrDefault("out", "bench/out"));
        Set<String> images = set(opt.get("images"));
        Set<String> masks = set(opt.get("masks"));
        List<String> methods = opt.containsKey("methods") ? List.of(opt.get("methods").split(",")) : OURS;
        List<String> peers = opt.containsKey("peers")
                ? (opt.get("peers").equals("none") ? List.of() : List.of(opt.get("peers").split(",")))
                : PEERS;
        boolean speed = !opt.containsKey("no-speed"), scale = !opt.containsKey("no-scale");
        String loadAtStart = Report.loadAverage();

        List<Cases.Case> cases = new ArrayList<>();
        List<String> imageNames = new ArrayList<>();
        for (String file : Fixtures.imageNames()) imageNames.add(file.replace(".png", ""));
        imageNames.addAll(Textures.NAMES);
        for (String name : imageNames) {
            if (images != null && !images.contains(name)) continue;
            boolean synthetic = Textures.NAMES.contains(name);
            if (masks != null && synthetic && !masks.contains("texture")) continue;
            for (Cases.Image img : synthetic ? Cases.textureVariants(name) : Cases.variants(name + ".png")) {
                Map<String, byte[]> all = new LinkedHashMap<>();
                if (!synthetic) all.putAll(Cases.qualityMasks(img.width(), img.height()));
                all.putAll(Cases.textureHoles(name, img.width(), img.height()));
                for (Map.Entry<String, byte[]> m : all.entrySet()) {
                    if (masks != null && !masks.contains(Cases.classOf(m.getKey()))) continue;
                    String id = img.name() + "-" + img.depth() + "-" + m.getKey();
                    cases.add(new Cases.Case(id, img, Cases.classOf(m.getKey()), m.getKey(), m.getValue(), peers, 3));
                }
            }
        }
        List<Cases.Case> speedCases = speed ? speedCases(peers) : List.of();
        List<Cases.Case> all = new ArrayList<>(cases);
        all.addAll(speedCases);

        Path casesDir = out.resolve("cases"), peersDir = out.resolve("peers");
        Files.createDirectories(casesDir);
        Files.createDirectories(peersDir);
        boolean reuse = opt.containsKey("reuse-peers");
        writeCases(all, casesDir, peersDir, reuse);
        runPeers(casesDir, peersDir);

        System.out.println("warming up");
        warmUp(all, methods);
        List<Result> results = new ArrayList<>();
        for (Cases.Case c : all) {
            for (String m : methods) {
                if (c.maskClass().equals("speed-patch") && !m.equals("patch") && !m.equals("auto")) continue;
                Ours.Run r = Ours.run(c, m, c.repeat());
                results.add(measure(c, m, true, r.output(), r.seconds(), r.runs(), r.choice()));
                System.out.printf("%-40s %-20s %8.4f s  %6.2f dB%n", c.id(), m, r.seconds(),
                        results.get(results.size() - 1).psnr());
            }
        }
        JsonObject peerResults = readPeerResults(peersDir);
        for (Cases.Case c : all) {
            for (String p : c.peers()) results.add(peerResult(c, p, peerResults, peersDir));
        }
        Scale.Outcome scaleOutcome = scale ? Scale.runInChildJvm() : null;
        Report report = new Report(results, versions(peerResults), scaleOutcome, loadAtStart);
        String doc = opt.getOrDefault("doc", "doc/benchmarks.md");
        if (doc.equals("-")) {
            System.out.println(report.markdown());
        } else {
            report.writeInto(Path.of(doc));
            System.out.println("wrote " + doc);
        }
        System.out.println(report.checksText());
    }

    /** The fixed-size cases the speed targets are stated for, each timed over several runs. */
    static List<Cases.Case> speedCases(List<String> peers) {
        List<Cases.Case> out = new ArrayList<>();
        List<String> smooth = peers.stream().filter(p -> !p.equals("gmic-patch")).toList();
        Cases.Image camera = Cases.variants("camera.png").get(0);
        out.add(new Cases.Case("speed-512-dots", camera, "speed", "512x512, 2% dots",
                TestMasks.scatteredBlobs(512, 512, 0.02, 21), smooth, 7));
        Cases.Image big = Cases.camera1408();
        out.add(new Cases.Case("speed-1408-dots", big, "speed", "1408x1408, 2% dots",
                TestMasks.scatteredBlobs(1408, 1408, 0.02, 22), smooth, 5));
        out.add(new Cases.Case("speed-1408-hole256", big, "speed", "1408x1408, one 256x256 hole",
                TestMasks.holeAt(1408, 1408, 0.5, 0.5, 256), smooth, 3));
        Cases.Image brick = Cases.variants("brick.png").get(0);
        out.add(new Cases.Case("speed-512-brick-hole64", brick, "speed-patch", "brick 512x512, one 64x64 hole",
                TestMasks.holeAt(512, 512, 0.5, 0.5, 64), peers.contains("gmic-patch") ? List.of("gmic-patch")
                        : List.of(), 5));
        return out;
    }

    private static void writeCases(List<Cases.Case> cases, Path dir, Path peersDir, boolean reuse)
            throws IOException {
        JsonArray manifest = new JsonArray();
        Map<String, Cases.Image> written = new LinkedHashMap<>();
        for (Cases.Case c : cases) {
            Cases.Image img = c.image();
            String imageFile = c.id() + ".image.npy", maskFile = c.id() + ".mask.npy";
            double[][] damaged = new double[img.truth().length][];
            for (int ch = 0; ch < damaged.length; ch++) {
                damaged[ch] = img.truth()[ch].clone();
                for (int i = 0; i < c.mask().length; i++) if (c.mask()[i] != 0) damaged[ch][i] = 0;
            }
            Npy.write(dir.resolve(imageFile), img.width(), img.height(), img.dtype(), damaged);
            double[] m = new double[c.mask().length];
            for (int i = 0; i < m.length; i++) m[i] = c.mask()[i];
            Npy.write(dir.resolve(maskFile), img.width(), img.height(), "|u1", new double[][] {m});
            written.put(img.label(), img);
            JsonObject o = new JsonObject();
            o.addProperty("id", c.id());
            o.addProperty("image", imageFile);
            o.addProperty("mask", maskFile);
            JsonArray ps = new JsonArray();
            for (String p : c.peers()) {
                if (reuse && Files.exists(peersDir.resolve(c.id() + "." + p + ".npy"))) continue;
                ps.add(p);
            }
            o.add("peers", ps);
            JsonObject rep = new JsonObject();
            // OpenCV's Telea is quadratic in the number of defects: one run is enough to see it
            for (String p : c.peers()) rep.addProperty(p, p.equals("gmic-patch") ? 1 : c.repeat());
            if (c.id().equals("speed-1408-dots")) rep.addProperty("opencv-telea", 1);
            o.add("repeat", rep);
            manifest.add(o);
        }
        Files.writeString(dir.resolve("manifest.json"), new GsonBuilder().setPrettyPrinting().create().toJson(manifest));
    }

    private static void runPeers(Path casesDir, Path peersDir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", "bench/peers.py", casesDir.toString(),
                peersDir.toString());
        pb.inheritIO();
        int rc = pb.start().waitFor();
        if (rc != 0) throw new IllegalStateException("bench/peers.py failed with exit status " + rc);
    }

    private static JsonObject readPeerResults(Path peersDir) throws IOException {
        Path f = peersDir.resolve("results.json");
        if (!Files.exists(f)) return new JsonObject();
        return new Gson().fromJson(Files.readString(f), JsonObject.class);
    }

    private static Map<String, String> versions(JsonObject peerResults) {
        Map<String, String> v = new LinkedHashMap<>();
        if (peerResults.has("versions")) {
            for (Map.Entry<String, JsonElement> e : peerResults.getAsJsonObject("versions").entrySet()) {
                v.put(e.getKey(), e.getValue().getAsString());
            }
        }
        return v;
    }

    private static Result peerResult(Cases.Case c, String peer, JsonObject all, Path dir) throws IOException {
        JsonObject r = null;
        if (all.has("results")) {
            for (JsonElement e : all.getAsJsonArray("results")) {
                JsonObject o = e.getAsJsonObject();
                if (o.get("id").getAsString().equals(c.id()) && o.get("peer").getAsString().equals(peer)) r = o;
            }
        }
        if (r == null) {
            return new Result(c, peer, false, Double.NaN, 0, Double.NaN, Double.NaN, Double.NaN, "not run", null);
        }
        if (r.has("error")) {
            return new Result(c, peer, false, Double.NaN, 0, Double.NaN, Double.NaN, Double.NaN,
                    r.get("error").getAsString(), null);
        }
        Npy.Array a = Npy.read(dir.resolve(c.id() + "." + peer + ".npy"));
        double[][] outv = a.channelData();
        // what the image would hold: the peers' results stored in the image's type, as ours are
        Plane.Type t = c.image().type();
        for (double[] ch : outv) for (int i = 0; i < ch.length; i++) ch[i] = t.store(ch[i]);
        return measure(c, peer, false, outv, r.get("seconds").getAsDouble(), r.get("runs").getAsInt(), null);
    }

    static Result measure(Cases.Case c, String method, boolean ours, double[][] out, double seconds, int runs,
            String choice) {
        Cases.Image img = c.image();
        double psnr = Metrics.psnr(img.truth(), out, c.mask(), img.peak());
        double ssim = Metrics.ssim(img.truth(), out, img.width(), img.height(), c.mask(), img.peak());
        double tex = Metrics.textureRatio(img.truth(), out, img.width(), img.height(), c.mask());
        if (ours) {
            // the pixels outside the mask must come back exactly as they went in
            for (int ch = 0; ch < out.length; ch++) {
                for (int i = 0; i < c.mask().length; i++) {
                    if (c.mask()[i] == 0 && out[ch][i] != img.truth()[ch][i]) {
                        throw new IllegalStateException(method + " changed a pixel outside the mask in " + c.id());
                    }
                }
            }
        }
        return new Result(c, method, ours, seconds, runs, psnr, ssim, tex, null, choice);
    }

    /**
     * Runs every method on a few small cases for about two seconds each, so that the timed runs find the
     * just-in-time compiler done (methods called once per region need thousands of calls to get compiled).
     */
    private static void warmUp(List<Cases.Case> cases, List<String> methods) {
        List<Cases.Case> some = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (Cases.Case c : cases) {
            if (c.image().width() <= 512 && seen.add(c.maskClass())) some.add(c);
        }
        for (String m : methods) {
            long end = System.nanoTime() + 2_000_000_000L;
            for (int round = 0; round < 50 && (round < 2 || System.nanoTime() < end); round++) {
                for (Cases.Case c : some) Ours.run(c, m, 1);
            }
        }
    }

    private static Set<String> set(String s) {
        return s == null ? null : Set.of(s.split(","));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("unexpected argument " + args[i]);
            String k = args[i].substring(2);
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) o.put(k, args[++i]);
            else o.put(k, "");
        }
        return o;
    }
}
