package org.inpaintij.bench.diffusion;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.inpaintij.core.Monitor;
import org.inpaintij.diffusion.GenerationRequest;
import org.inpaintij.diffusion.GenerationResult;
import org.inpaintij.diffusion.LatentMask;
import org.inpaintij.diffusion.zimage.ZImageModels;
import org.inpaintij.diffusion.zimage.ZImagePipeline;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Speed of Z-Image inpainting per step on this machine: ZImagePipeline (ONNX Runtime, CPU) on a Z-Image model
 * folder at 128 x 128 and 256 x 256, 8 steps, guidance off, side by side with diffusers' ZImageInpaintPipeline
 * (PyTorch, CPU, same thread count, OpenMP workers sleeping when idle) on the pipeline it was exported from, with
 * the ratio. Medians over the timed runs after warm-up.
 *
 * <p>Run: {@code mvn -q -o test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:exec -Dexec.executable=java
 * -Dexec.classpathScope=test "-Dexec.args=-Xmx2g -cp %classpath org.inpaintij.bench.diffusion.ZImageStepBench
 * [MODEL_DIR] [--peer PYTHON PIPELINE_DIR]"}; without MODEL_DIR the committed tiny export is used (its pipeline is
 * ../shared/fixtures/zimage-tiny/pipeline). The peer needs torch, transformers, diffusers and pillow.
 */
public final class ZImageStepBench {

    private static final int WARMUP = 2, RUNS = 5, STEPS = 8;

    private ZImageStepBench() {}

    /** See the class comment for the arguments. */
    public static void main(String[] args) throws IOException, InterruptedException {
        Path model = null;
        String python = null, pipeline = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--peer")) {
                python = args[++i];
                pipeline = args[++i];
            } else {
                model = Path.of(args[i]);
            }
        }
        if (model == null) model = ZImageModels.folder("bench");
        int threads = org.inpaintij.onnx.Devices.cpuThreads();
        System.out.println("java " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, ONNX Runtime intra-op threads " + threads + ", model " + model);
        System.out.println();
        System.out.println("| size | steps | Inpaint-IJ per image (ms) | Inpaint-IJ per transformer step (ms) "
                + "| diffusers per image (ms) | diffusers per transformer step (ms) | per-step ratio (diffusers / Inpaint-IJ) |");
        System.out.println("|---|---|---|---|---|---|---|");
        try (ZImagePipeline p = ZImagePipeline.open(model, "cpu")) {
            for (int size : new int[] {128, 256}) {
                List<Double> image = new ArrayList<>(), step = new ArrayList<>();
                for (int r = 0; r < WARMUP + RUNS; r++) {
                    GenerationResult g = p.generate(request(size, r), Monitor.NONE);
                    if (r < WARMUP) continue;
                    image.add(g.timings().totalNanos() / 1e6);
                    step.add(g.timings().onnxNanos().get("transformer") / 1e6 / g.timings().runs().get("transformer"));
                }
                double img = median(image), st = median(step);
                String peer = "| n/a | n/a | n/a |";
                if (python != null) {
                    JsonObject j = peer(python, pipeline, size, threads);
                    double pImg = j.get("image_ms").getAsDouble(), pStep = j.get("step_ms").getAsDouble();
                    peer = String.format(Locale.ROOT, "| %.1f | %.2f | %.1f |", pImg, pStep, pStep / st);
                }
                System.out.printf(Locale.ROOT, "| %d x %d | %d | %.1f | %.2f %s%n", size, size, STEPS, img, st, peer);
            }
        }
    }

    private static GenerationRequest request(int size, int seed) {
        java.util.Random rnd = new java.util.Random(0);
        int n = size * size;
        float[][] rgb = new float[3][n];
        for (float[] c : rgb) for (int i = 0; i < n; i++) c[i] = rnd.nextInt(256) / 255f;
        float[] mask = new float[n];
        for (int y = size / 4; y < 3 * size / 4; y++) for (int x = size / 4; x < 3 * size / 4; x++) mask[y * size + x] = 1;
        return new GenerationRequest(rgb, mask, size, size, "a red brick wall", "", STEPS, 0.0, 1.0, "default", seed,
                GenerationRequest.Mode.INPAINT, LatentMask.NEAREST);
    }

    private static JsonObject peer(String python, String pipeline, int size, int threads)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(python, "bench/zimage_peer.py", pipeline, Integer.toString(size),
                Integer.toString(STEPS), Integer.toString(WARMUP), Integer.toString(RUNS), Integer.toString(threads))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        // idle OpenMP workers sleep instead of spinning, as ONNX Runtime's do here (allow_spinning=0): on a shared
        // machine spinning workers made PyTorch ten times slower
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        Process pr = pb.start();
        String out = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (pr.waitFor() != 0 || out.isEmpty()) throw new IOException("the peer failed: " + out);
        return JsonParser.parseString(out.substring(out.lastIndexOf('\n') + 1)).getAsJsonObject();
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
