package org.inpaintij.bench.diffusion;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;

import org.inpaintij.diffusion.TorchGenerator;

/**
 * The time to draw one latent tensor of noise with {@link TorchGenerator}, side by side with its peer, torch's
 * own {@code torch.randn(shape, generator=g)} on the CPU, in one run: the shapes of SD 1.x latents at 512 and
 * 1024 pixels ([1, 4, 64, 64] and [1, 4, 128, 128]), median of 200 warm draws each, on one thread (torch is
 * limited to one thread too; its generator is sequential anyway).
 *
 * <p>Run: {@code mvn -q -o test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:exec -Dexec.executable=java
 * -Dexec.classpathScope=test "-Dexec.args=-cp %classpath org.inpaintij.bench.diffusion.NoiseBench
 * /work/venv/bin/python"} (the argument is a Python with torch; without one, only our side is measured).
 */
public final class NoiseBench {

    private static final int[] SIZES = {4 * 64 * 64, 4 * 128 * 128};
    private static final int REPS = 200;

    private NoiseBench() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        double[] torch = args.length > 0 ? torch(args[0]) : null;
        System.out.println("| latents | TorchGenerator, ms per draw | torch.randn (CPU, 1 thread), ms per draw "
                + "| ratio |");
        System.out.println("|---|---|---|---|");
        for (int k = 0; k < SIZES.length; k++) {
            int n = SIZES[k];
            float[] out = new float[n];
            TorchGenerator g = new TorchGenerator(42);
            for (int i = 0; i < 50; i++) g.randn(out);
            double[] t = new double[REPS];
            for (int i = 0; i < REPS; i++) {
                long t0 = System.nanoTime();
                g.randn(out);
                t[i] = (System.nanoTime() - t0) / 1e6;
            }
            double ours = median(t);
            String peer = torch == null ? "not measured" : String.format(Locale.ROOT, "%.3f", torch[k]);
            String ratio = torch == null ? "" : String.format(Locale.ROOT, "%.2fx torch's time", ours / torch[k]);
            String image = n == SIZES[0] ? "512 x 512" : "1024 x 1024";
            System.out.printf(Locale.ROOT, "| %d (%s) | %.3f | %s | %s |%n", n, image, ours, peer, ratio);
        }
    }

    /** torch's median milliseconds per draw for each size, measured by the given Python. */
    private static double[] torch(String python) throws IOException, InterruptedException {
        String script = "import time, torch\n"
                + "torch.set_num_threads(1)\n"
                + "g = torch.Generator().manual_seed(42)\n"
                + "for n in " + Arrays.toString(SIZES) + ":\n"
                + "    for _ in range(50): torch.randn(n, generator=g)\n"
                + "    t = []\n"
                + "    for _ in range(" + REPS + "):\n"
                + "        t0 = time.perf_counter(); torch.randn(n, generator=g); t.append(time.perf_counter() - t0)\n"
                + "    t.sort(); print(t[len(t) // 2] * 1000)\n";
        Process p = new ProcessBuilder(python, "-c", script).redirectErrorStream(true).start();
        String[] lines = new String(p.getInputStream().readAllBytes()).trim().split("\\R");
        if (p.waitFor() != 0 || lines.length < SIZES.length) {
            throw new IOException(python + " could not time torch.randn: " + String.join(" ", lines));
        }
        double[] ms = new double[SIZES.length];
        for (int k = 0; k < ms.length; k++) ms[k] = Double.parseDouble(lines[lines.length - SIZES.length + k]);
        return ms;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
