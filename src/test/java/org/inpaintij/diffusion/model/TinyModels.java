package org.inpaintij.diffusion.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.inpaintij.testing.Fixtures;

/**
 * The tiny analytic model folders of src/test/resources/models (made by src/test/python/make_tiny_models.py),
 * completed into real model folders: a copy under target/ with the CLIP vocabulary and merges of the shared
 * fixtures linked into tokenizer/ (they are too large to keep in every folder).
 */
public final class TinyModels {

    /** diffusers-script style, int32 ids, float timestep [B], D 768, weights.pb. */
    public static final String SD15_SCRIPT = "sd15-script";
    /** optimum style, 9 channels, int64 ids and timestep, latent_parameters, model.onnx_data, D 1024. */
    public static final String SD2_INPAINT_OPTIMUM = "sd2-inpaint-optimum";
    /** float16, 9 channels, text encoder batch 1, UNet batch 2, D 32. */
    public static final String SD15_INPAINT_FP16 = "sd15-inpaint-fp16";
    /** LCM with timestep_cond, timestep [1], vae scaling 0.2. */
    public static final String LCM = "lcm-optimum";
    /** batch 1, trailing Euler Ancestral, D 1024. */
    public static final String TURBO = "turbo-b1";
    /**
     * diffusers-script export of an inpainting model: 9 channels on a free channel axis, no config.json, a
     * model_index naming the plain ONNX pipeline, int32 ids, float timestep [B], weights.pb, in-graph VAE sampling.
     */
    public static final String SD15_INPAINT_SCRIPT = "sd15-inpaint-script";
    /** optimum 1.14+ export: float scalar timestep, int32 ids, latent_parameters, PyTorch class names, D 768. */
    public static final String SD15_INPAINT_OPTIMUM = "sd15-inpaint-optimum";
    /** UNet predicting zero noise, pass-through decoder, 9 channels, script encoder (make_noise_models.py). */
    public static final String ZERO_EPS_9CH = "zero-eps-9ch";
    /** The same with 4 channels and an optimum encoder of log-variance 2 ln 0.5 (make_noise_models.py). */
    public static final String ZERO_EPS_4CH = "zero-eps-4ch";

    private TinyModels() {}

    /** A complete, freshly copied model folder {@code name} under {@code target/tiny-models/<tag>}. */
    public static Path folder(String name, String tag) {
        try {
            Path src = Path.of(TinyModels.class.getResource("/models/" + name).toURI());
            Path dst = Path.of("target", "tiny-models", tag, name).toAbsolutePath();
            if (Files.exists(dst)) delete(dst);
            try (Stream<Path> s = Files.walk(src)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    Path q = dst.resolve(src.relativize(p).toString());
                    if (Files.isDirectory(p)) Files.createDirectories(q);
                    else Files.copy(p, q, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            for (String f : new String[] {"vocab.json", "merges.txt"}) {
                Files.createSymbolicLink(dst.resolve("tokenizer").resolve(f), Fixtures.file("clip-tokenizer/" + f)
                        .toAbsolutePath());
            }
            return dst;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The analytic constants the generator wrote beside the graphs. */
    public static JsonObject analytic(Path folder) {
        try {
            return JsonParser.parseString(Files.readString(folder.resolve("analytic.json"))).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a folder tree. */
    public static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) Files.delete(p);
        }
    }

    /** The analytic UNet's noise prediction, in double: the closed form the graphs compute. */
    public static double eps(double x, double abar, double mu, double s) {
        return Math.sqrt(1 - abar) * (x - Math.sqrt(abar) * mu) / (abar * s * s + 1 - abar);
    }

    /** alphas_cumprod of the scaled-linear schedule (0.00085 .. 0.012, 1000 steps). */
    public static double[] alphasCumprod() {
        double[] a = new double[1000];
        double lo = Math.sqrt(0.00085), hi = Math.sqrt(0.012), p = 1;
        for (int i = 0; i < 1000; i++) {
            double b = lo + (hi - lo) * i / 999.0;
            p *= 1 - b * b;
            a[i] = p;
        }
        return a;
    }

    /**
     * A method=diffusion request for the analytic models' ImageJ tests: 20 DDIM steps, guidance off, seed 5,
     * resolution 192, context 32 (a 128 x 128 hole then meets the model at its own size on the 8-pixel grid),
     * with {@code kv} (key, value, ...) overriding or adding values.
     */
    public static org.inpaintij.core.InpaintRequest request(String model, String... kv) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("method", "diffusion");
        if (model != null) m.put("model", model);
        m.put("steps", "20");
        m.put("cfg", "1");
        m.put("scheduler", "ddim");
        m.put("seed", "5");
        m.put("resolution", "192");
        m.put("context", "32");
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return org.inpaintij.core.Requests.parse(m);
    }
}
