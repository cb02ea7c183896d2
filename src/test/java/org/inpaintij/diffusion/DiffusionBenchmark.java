package org.inpaintij.diffusion;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;

import org.inpaintij.core.Monitor;
import org.inpaintij.diffusion.scheduler.Scheduler;
import org.inpaintij.diffusion.scheduler.SchedulerConfig;
import org.inpaintij.diffusion.scheduler.Schedulers;
import org.inpaintij.testing.Fixtures;

/**
 * Benchmark (not a test): tokenizer load and encode time, and the sampling loop's own cost per step at
 * 64x64x4 latents (a 512x512 image) with a model that costs nothing, for every scheduler, with and without
 * the latent blend; also the bytes allocated per step. Run after {@code mvn -o test-compile}:
 *
 * <pre>
 * mvn -q -o dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     -Dinpaintij.fixtures=../shared/fixtures org.inpaintij.diffusion.DiffusionBenchmark
 * </pre>
 */
public final class DiffusionBenchmark {

    private DiffusionBenchmark() {}

    /** Runs the benchmark and prints one line per measurement. */
    public static void main(String[] args) {
        Path tok = Fixtures.file("clip-tokenizer");
        long t0 = System.nanoTime();
        ClipTokenizer first = ClipTokenizer.load(tok);
        double cold = (System.nanoTime() - t0) / 1e6;
        double[] loads = new double[20];
        for (int i = 0; i < loads.length; i++) {
            long s = System.nanoTime();
            ClipTokenizer.load(tok);
            loads[i] = (System.nanoTime() - s) / 1e6;
        }
        String prompt = "a microscopy image of HeLa cells, DAPI stain, high detail, sharp focus, 4k";
        for (int i = 0; i < 2000; i++) first.encode(prompt + i);
        long s = System.nanoTime();
        int reps = 20000;
        for (int i = 0; i < reps; i++) first.encode(prompt + i);
        double encodeUs = (System.nanoTime() - s) / 1e3 / reps;
        System.out.printf("tokenizer load: first %.1f ms, then median %.1f ms; encode %.1f us per prompt%n", cold,
                median(loads), encodeUs);

        SchedulerConfig sd15 = SchedulerConfig.parse("""
                {"_class_name": "PNDMScheduler", "beta_end": 0.012, "beta_schedule": "scaled_linear",
                 "beta_start": 0.00085, "set_alpha_to_one": false, "steps_offset": 1, "clip_sample": false}""",
                "sd15");
        int h = 64, w = 64, n = 4 * h * w, steps = 50;
        float[] modelOut = new TorchGenerator(3).randn(n);
        for (int i = 0; i < n; i++) modelOut[i] *= 0.1f;
        Denoiser free = (x, t, k) -> modelOut;
        float[] known = new TorchGenerator(4).randn(n);
        float[] mask = new float[h * w];
        for (int p = 0; p < mask.length; p++) mask[p] = (p % w) < w / 2 ? 0f : 1f;
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (String name : Schedulers.NAMES.subList(1, Schedulers.NAMES.size())) {
            int st = name.equals("lcm") ? 8 : steps;
            for (boolean blend : new boolean[] {false, true}) {
                SamplingSpec spec = SamplingSpec.of(h, w, st, 1);
                if (blend) spec = spec.withBlend(known, mask);
                double[] perStep = new double[15];
                long bytes = 0;
                for (int r = -10; r < perStep.length; r++) {
                    Scheduler sch = Schedulers.create(name, sd15);
                    long b0 = threads.getThreadAllocatedBytes(thread);
                    long a = System.nanoTime();
                    Sampler.run(spec, sch, free, Monitor.NONE);
                    if (r >= 0) {
                        perStep[r] = (System.nanoTime() - a) / 1e6 / st;
                        bytes = threads.getThreadAllocatedBytes(thread) - b0;
                    }
                }
                System.out.printf("%-16s %-8s %.3f ms per step (median of %d runs of %d steps); %.0f kB allocated"
                        + " per run (%d kB of latents)%n", name, blend ? "blend" : "no blend", median(perStep),
                        perStep.length, st, bytes / 1024.0, n * 4 / 1024);
            }
        }
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
