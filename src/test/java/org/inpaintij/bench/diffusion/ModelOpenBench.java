package org.inpaintij.bench.diffusion;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;


import org.inpaintij.core.Monitor;
import org.inpaintij.diffusion.DiffusionPipeline;
import org.inpaintij.diffusion.GenerationRequest;
import org.inpaintij.models.Hashing;
import org.inpaintij.models.InstalledModel;
import org.inpaintij.models.ModelCatalog;
import org.inpaintij.models.ModelResolver;
import org.inpaintij.models.ModelStore;
import org.inpaintij.testing.Fixtures;
import org.inpaintij.testing.TestMasks;

/**
 * What it costs to start working with an installed model, on the real SD 1.5 inpainting topology in both export
 * layouts (../shared/fixtures/realarch, imported into a fresh model folder): resolving the installed model by
 * name (the manifest's hashes trusted while size and time are unchanged) side by side with the peer, hashing
 * every file as {@code models verify} does (what opening would cost if it re-hashed); opening the four graphs;
 * the first generation and the second one in the same process; and, when the built jar is there, a whole
 * command-line run as a process, twice. Hashing speed is measured on a 1 GiB file, so that the cost a re-hash
 * would add to every run of a real model (2 to 4 GB) can be read off.
 *
 * <p>Run: {@code mvn -q -o package -DskipTests && mvn -q -o org.codehaus.mojo:exec-maven-plugin:3.5.0:exec
 * -Dexec.executable=java -Dexec.classpathScope=test "-Dexec.args=-Xmx2g -cp %classpath
 * org.inpaintij.bench.diffusion.ModelOpenBench"}
 */
public final class ModelOpenBench {

    private static final int REPEATS = 5;
    private static final int STEPS = 10;

    private ModelOpenBench() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Path tmp = Files.createTempDirectory("inpaint-ij-open-bench");
        ModelStore store = new ModelStore(tmp.resolve("models"));
        System.out.println("java " + System.getProperty("java.version") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores");
        System.out.println();
        System.out.println("| model | files | resolve, manifest trusted (ms) | resolve + re-hash every file (ms) | ratio "
                + "| open the graphs (ms) | first run (ms) | second run (ms) |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        List<String> names = new ArrayList<>();
        for (String layout : new String[] {"sd15-script", "sd15-optimum"}) {
            InstalledModel m = store.importFolder(Fixtures.file("realarch/" + layout), layout, null, Monitor.NONE);
            names.add(layout);
            ModelResolver resolver = new ModelResolver(store, ModelCatalog.builtIn());
            resolver.resolveModel(layout);
            double[] trusted = new double[REPEATS], hashed = new double[REPEATS];
            for (int i = 0; i < REPEATS; i++) {
                long t0 = System.nanoTime();
                resolver.resolveModel(layout);
                trusted[i] = ms(t0);
                t0 = System.nanoTime();
                resolver.resolveModel(layout);
                if (!store.verify(layout, null, Monitor.NONE).ok()) throw new IllegalStateException("verify failed");
                hashed[i] = ms(t0);
            }
            double[] open = new double[3], first = new double[3], second = new double[3];
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                try (DiffusionPipeline p = DiffusionPipeline.open(m.folder(), "cpu")) {
                    open[i] = ms(t0);
                    t0 = System.nanoTime();
                    p.generate(request(), Monitor.NONE);
                    first[i] = ms(t0);
                    t0 = System.nanoTime();
                    p.generate(request(), Monitor.NONE);
                    second[i] = ms(t0);
                }
            }
            System.out.printf(Locale.ROOT, "| %s (%.1f MB) | %d | %.2f | %.1f | %.3f | %.0f | %.0f | %.0f |%n", layout,
                    m.bytes() / 1e6, m.manifest().files().size(), median(trusted), median(hashed),
                    median(trusted) / median(hashed), median(open), median(first), median(second));
        }

        Path big = tmp.resolve("one-gib.bin");
        try (OutputStream o = Files.newOutputStream(big)) {
            byte[] b = new byte[1 << 20];
            Random r = new Random(1);
            for (int i = 0; i < 1024; i++) {
                r.nextBytes(b);
                o.write(b);
            }
        }
        double[] h = new double[2];
        for (int i = 0; i < h.length; i++) {
            long t0 = System.nanoTime();
            Hashing.file(big);
            h[i] = ms(t0) / 1000;
        }
        double mbps = 1024 * 1.048576 / median(h);
        System.out.printf(Locale.ROOT, "%nSHA-256 of a 1 GiB file: %.2f s (%.0f MB/s): re-hashing would add about "
                + "%.0f s to every run of sd15-inpainting (about 2.1 GB) and %.0f s of lcm-dreamshaper-v7 (about 4.3 GB)"
                + "%n", median(h), mbps, 2140 / mbps, 4280 / mbps);
        Files.delete(big);

        Path jar = Path.of("target/inpaint-ij.jar");
        if (Files.isRegularFile(jar)) {
            System.out.println();
            System.out.println("| model | command-line run 1, whole process (s) | run 2 (s) |");
            System.out.println("|---|---|---|");
            Path maskFile = TestMasks.rectangleFile(tmp.resolve("mask.png"), 512, 512, 200, 120, 64, 48);
            for (String n : names) {
                double[] t = new double[2];
                for (int i = 0; i < 2; i++) t[i] = cli(jar, store.root(), n, maskFile, tmp.resolve(n + i + ".tif"));
                System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f |%n", n, t[0], t[1]);
            }
        }
    }

    /** One {@code inpaint} run as its own process; seconds. */
    private static double cli(Path jar, Path models, String name, Path mask, Path out) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "inpaint", "--image", Fixtures.file("images/astronaut.png").toString(),
                "--mask", mask.toString(), "--out", out.toString(), "--method", "diffusion", "--model", name,
                "--models-dir", models.toString(), "--prompt", "a red flower", "--steps", Integer.toString(STEPS),
                "--seed", "1", "--resolution", "256"));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("the command line failed: " + String.join(" ", cmd));
        }
        return ms(t0) / 1000;
    }

    /**
     * 256 x 256 (the astronaut's centre), 10 DDIM steps, guidance 7.5 (batched). At 512 x 512 the small-width
     * realarch UNet's attention over 4096 positions alone takes minutes per run on two shared cores.
     */
    private static GenerationRequest request() {
        int W = 256, H = 256, n = W * H;
        double[][] ch = Fixtures.channels("astronaut.png");
        float[][] img = new float[3][n];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) img[c][y * W + x] = (float) (ch[c][(y + 128) * 512 + x + 128] / 255.0);
            }
        }
        float[] mask = new float[n];
        for (int y = 96; y < 160; y++) for (int x = 96; x < 160; x++) mask[y * W + x] = 1;
        return GenerationRequest.inpaint(img, mask, W, H, "a red flower", 42).with(STEPS, 7.5, null, "ddim");
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
