package org.inpaintij.models;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * A small model folder in the diffusers ONNX layout, made in the test: real configuration files and random
 * bytes standing in for the graphs (the model manager moves and checks bytes; it never opens the graphs).
 */
public final class TestModels {

    /** Size of the stand-in for the UNet weights: big enough to be cut part-way and resumed. */
    public static final int WEIGHTS = 3_000_000;

    private TestModels() {}

    /** The files of a tiny inpainting model, path to bytes, in a stable order. */
    public static Map<String, byte[]> files(long seed) {
        Random r = new Random(seed);
        Map<String, byte[]> f = new LinkedHashMap<>();
        f.put("model_index.json", text("{\"_class_name\": \"OnnxStableDiffusionInpaintPipeline\"}\n"));
        f.put("scheduler/scheduler_config.json",
                text("{\"_class_name\": \"PNDMScheduler\", \"beta_start\": 0.00085}\n"));
        f.put("tokenizer/vocab.json", text("{\"a</w>\": 320, \"<|startoftext|>\": 49406, \"<|endoftext|>\": 49407}\n"));
        f.put("tokenizer/merges.txt", text("#version: 0.2\na b\n"));
        f.put("tokenizer/tokenizer_config.json", text("{\"pad_token\": \"<|endoftext|>\"}\n"));
        f.put("text_encoder/model.onnx", random(r, 40_000));
        f.put("unet/model.onnx", random(r, 20_000));
        f.put("unet/weights.pb", random(r, WEIGHTS));
        f.put("vae_encoder/model.onnx", random(r, 30_000));
        f.put("vae_decoder/model.onnx", random(r, 30_000));
        return f;
    }

    /** Serves the files under {@code prefix/}. */
    public static void serve(TestServer server, String prefix, Map<String, byte[]> files) {
        files.forEach((p, b) -> server.put(prefix + "/" + p, b));
    }

    /** Every file of a folder, path (with '/') to bytes, sorted by path. */
    public static Map<String, byte[]> read(Path folder) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (java.util.stream.Stream<Path> s = Files.walk(folder)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                out.put(folder.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return out;
    }

    /** Writes the files into a folder. */
    public static Path write(Path dir, Map<String, byte[]> files) throws IOException {
        for (var e : files.entrySet()) {
            Path p = dir.resolve(e.getKey());
            Files.createDirectories(p.getParent() == null ? dir : p.getParent());
            Files.write(p, e.getValue());
        }
        return dir;
    }

    /**
     * A descriptor for the files served under {@code baseUrl}, with exact sizes and hashes for the files that
     * {@code published} accepts and neither (only an estimate) for the others.
     */
    public static String descriptor(String name, String baseUrl, Map<String, byte[]> files,
            Predicate<String> published) {
        JsonObject o = new JsonObject();
        o.addProperty("format", 1);
        o.addProperty("name", name);
        o.addProperty("title", "Test model " + name);
        o.addProperty("description", "A tiny stand-in with the real folder layout.");
        o.addProperty("kind", "inpainting");
        o.addProperty("homepage", "https://example.org/" + name);
        o.addProperty("baseUrl", baseUrl);
        JsonObject l = new JsonObject();
        l.addProperty("name", "Test Licence 1.0");
        l.addProperty("url", "https://example.org/licence");
        l.addProperty("summary", "Anything goes in tests.");
        l.addProperty("commercialUse", true);
        o.add("license", l);
        JsonObject d = new JsonObject();
        d.addProperty("steps", 20);
        d.addProperty("cfg", 7.5);
        d.addProperty("scheduler", "ddim");
        d.addProperty("resolution", 512);
        o.add("defaults", d);
        JsonArray fs = new JsonArray();
        for (var e : files.entrySet()) {
            // a deliberately rough estimate, as real descriptors have where nothing is published
            fs.add(fileEntry(e.getKey(), e.getValue(), published, "approxSize",
                    new JsonPrimitive(e.getValue().length * 9L / 10)));
        }
        o.add("files", fs);
        o.addProperty("provenance", "Made by the test.");
        return o.toString();
    }

    /**
     * A descriptor's entry for one file: its exact size and SHA-256 where {@code published} accepts it, else
     * {@code key} = {@code estimate} (what a descriptor says where nothing is published).
     */
    private static JsonObject fileEntry(String path, byte[] content, Predicate<String> published, String key,
            JsonPrimitive estimate) {
        JsonObject f = new JsonObject();
        f.addProperty("path", path);
        if (published.test(path)) {
            f.addProperty("size", content.length);
            f.addProperty("sha256", sha256(content));
        } else {
            f.add(key, estimate);
        }
        return f;
    }

    public static ModelDescriptor parse(String json) {
        return ModelDescriptor.parse(json, "test descriptor");
    }

    /** Parses a descriptor as one shipped with Inpaint-IJ (pinned hub files only, every file confirmed). */
    public static ModelDescriptor parseShipped(String json) {
        return ModelDescriptor.parse(json, "test descriptor", true);
    }

    /**
     * A shipped-style descriptor of {@code files} in {@code repo} at {@code revision} on a mock hub: the files
     * {@code published} accepts with their exact size and SHA-256 (what a hub page publishes for some files),
     * the others with the size as a hub page shows it (rounded), and the folders in {@code listed} left to the
     * hub's listing (their files are then not named).
     */
    public static String hubDescriptor(String name, MockHub hub, String repo, String revision, Map<String, byte[]> files,
            Predicate<String> published, String... listed) {
        JsonObject o = com.google.gson.JsonParser.parseString(descriptor(name, hub.baseUrl(repo, revision), files,
                published)).getAsJsonObject();
        o.addProperty("format", 2);
        o.addProperty("repo", repo);
        o.addProperty("revision", revision);
        JsonArray fs = new JsonArray();
        for (var e : files.entrySet()) {
            boolean inListed = false;
            for (String l : listed) inListed |= e.getKey().startsWith(l);
            if (inListed) continue;
            fs.add(fileEntry(e.getKey(), e.getValue(), published, "shown",
                    new JsonPrimitive(shown(e.getValue().length))));
        }
        o.add("files", fs);
        if (listed.length > 0) {
            JsonArray ls = new JsonArray();
            for (String l : listed) {
                JsonObject part = new JsonObject();
                part.addProperty("path", l);
                part.addProperty("approxSize", 100_000);
                ls.add(part);
            }
            o.add("listed", ls);
        }
        return o.toString();
    }

    /** A size as the hub's pages show it: three significant digits, SI units ({@code 3 MB}, {@code 52 Bytes}). */
    public static String shown(long size) {
        if (size < 1000) return size + " Bytes";
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = size;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        java.math.BigDecimal d = new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros();
        return d.toPlainString() + " " + units[u];
    }

    public static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] random(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}
