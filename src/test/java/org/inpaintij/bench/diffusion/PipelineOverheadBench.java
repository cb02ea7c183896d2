package org.inpaintij.bench.diffusion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.inpaintij.core.Monitor;
import org.inpaintij.diffusion.DiffusionPipeline;
import org.inpaintij.diffusion.GenerationRequest;
import org.inpaintij.diffusion.GenerationResult;
import org.inpaintij.diffusion.Timings;
import org.inpaintij.diffusion.model.TinyModels;
import org.inpaintij.testing.Fixtures;

/**
 * How much of a diffusion run is spent outside ONNX Runtime (tokenizing, tensor copies, float16 conversion,
 * the scheduler, guidance, the latent blend, mask and latent preparation, RGB conversion), and whether native
 * and heap memory stay flat over many runs. It runs the project's analytic test models, whose graphs cost
 * almost nothing, at 512 x 512 (64 x 64 latents) with the real text widths (768 and 1024), so what is not
 * inside {@code session.run} is the pipeline's own work.
 *
 * <p>Run: {@code mvn -q -o test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:exec -Dexec.executable=java
 * -Dexec.classpathScope=test "-Dexec.args=-Xms1g -Xmx1g -XX:+AlwaysPreTouch -cp %classpath org.inpaintij.bench.diffusion.PipelineOverheadBench"}
 * (arguments after the class: {@code overhead}, {@code memory}, or both when none is given). A fixed, pre-touched
 * heap keeps the Java heap's own growth out of the resident-set numbers, so that RSS shows native memory.
 */
public final class PipelineOverheadBench {

    private PipelineOverheadBench() {}

    /** Runs the benchmarks named in {@code args} (overhead, memory), all when none is named. */
    public static void main(String[] args) throws IOException {
        List<String> which = args.length == 0 ? List.of("overhead", "memory") : List.of(args);
        System.out.println("java " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, " + cpuModel());
        if (which.contains("overhead")) overhead();
        if (which.contains("memory")) memory();
    }

    private static GenerationRequest request(int steps, double cfg, String scheduler) {
        int W = 512, H = 512, n = W * H;
        double[][] ch = Fixtures.channels("astronaut.png");
        float[][] img = new float[3][n];
        for (int c = 0; c < 3; c++) for (int i = 0; i < n; i++) img[c][i] = (float) (ch[c][i] / 255.0);
        float[] mask = new float[n];
        for (int y = 160; y < 352; y++) for (int x = 160; x < 352; x++) mask[y * W + x] = 1;
        return GenerationRequest.inpaint(img, mask, W, H, "a red car parked on a street", 42)
                .withPrompts("a red car parked on a street", "blurry, low quality").with(steps, cfg, null, scheduler);
    }

    private static void overhead() {
        System.out.println();
        System.out.println("| model | scheduler | steps | guidance | per image, wall (ms) | in ONNX Runtime, wall (ms) "
                + "| outside, wall (ms) | outside per step, wall (ms) | outside, CPU (ms) | outside per step, CPU (ms) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        String[][] cases = {
            {TinyModels.SD15_SCRIPT, "euler", "30", "7.5"},
            {TinyModels.SD15_SCRIPT, "dpmpp_2m_karras", "30", "7.5"},
            {TinyModels.SD15_SCRIPT, "euler_ancestral", "30", "1.0"},
            {TinyModels.SD2_INPAINT_OPTIMUM, "ddim", "30", "7.5"},
            {TinyModels.SD15_INPAINT_FP16, "ddim", "30", "7.5"},
            {TinyModels.LCM, "lcm", "4", "8.5"},
        };
        for (String[] c : cases) {
            Path dir = TinyModels.folder(c[0], "bench");
            try (DiffusionPipeline p = DiffusionPipeline.open(dir, "cpu")) {
                GenerationRequest req = request(Integer.parseInt(c[2]), Double.parseDouble(c[3]), c[1]);
                for (int i = 0; i < 5; i++) p.generate(req, Monitor.NONE);
                int reps = 20;
                double total = 0, onnx = 0, outside = 0, perStep = 0, cpu = 0, cpuStep = 0;
                String guidance = "";
                for (int i = 0; i < reps; i++) {
                    GenerationResult r = p.generate(req, Monitor.NONE);
                    Timings t = r.timings();
                    total += t.totalNanos() / 1e6;
                    onnx += t.modelNanos() / 1e6;
                    outside += t.outsideNanos() / 1e6;
                    perStep += t.outsideMillisPerStep();
                    cpu += t.outsideCpuNanos() / 1e6;
                    cpuStep += t.outsideCpuMillisPerStep();
                    guidance = r.guidance();
                }
                System.out.printf(Locale.ROOT, "| %s (%s) | %s | %s | %s | %.1f | %.1f | %.1f | %.3f | %.1f | %.3f |%n",
                        c[0], p.model().fp16() ? "fp16" : "fp32", c[1], c[2], guidance, total / reps, onnx / reps,
                        outside / reps, perStep / reps, cpu / reps, cpuStep / reps);
            }
        }
    }

    private static void memory() {
        System.out.println();
        System.out.println("| runs | RSS (MiB) | heap after GC (MiB) | RSS less committed heap (MiB) |");
        System.out.println("|---|---|---|---|");
        Path dir = TinyModels.folder(TinyModels.SD2_INPAINT_OPTIMUM, "bench-memory");
        List<double[]> rows = new ArrayList<>();
        try (DiffusionPipeline p = DiffusionPipeline.open(dir, "cpu")) {
            GenerationRequest req = request(10, 7.5, "dpmpp_2m_karras");
            for (int i = 1; i <= 100; i++) {
                p.generate(req.withSeed(i), Monitor.NONE);
                if (i == 1 || i == 10 || i % 25 == 0) {
                    double heap = heapAfterGcMiB();
                    double rss = rssMiB();
                    double[] m = {i, rss, heap, rss - Runtime.getRuntime().totalMemory() / 1048576.0};
                    rows.add(m);
                    System.out.printf(Locale.ROOT, "| %d | %.1f | %.1f | %.1f |%n", (int) m[0], m[1], m[2], m[3]);
                }
            }
        }
        double[] at10 = rows.get(1), at100 = rows.get(rows.size() - 1);
        System.out.printf(Locale.ROOT, "runs 10 -> 100: RSS %+.1f MiB, heap after GC %+.1f MiB, RSS less heap %+.1f MiB%n",
                at100[1] - at10[1], at100[2] - at10[2], at100[3] - at10[3]);
    }

    private static double rssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0;
            }
            throw new IllegalStateException("/proc/self/status has no VmRSS line");
        } catch (IOException e) {
            throw new IllegalStateException("RSS is read from /proc/self/status (Linux only): " + e.getMessage(), e);
        }
    }

    private static double heapAfterGcMiB() {
        for (int i = 0; i < 3; i++) System.gc();
        Runtime r = Runtime.getRuntime();
        return (r.totalMemory() - r.freeMemory()) / 1048576.0;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException e) {
            return "CPU model unknown (" + e.getMessage() + ")";
        }
        return "CPU model unknown";
    }
}
