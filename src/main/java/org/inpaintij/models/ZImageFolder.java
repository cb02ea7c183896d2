package org.inpaintij.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.inpaintij.core.BadInputException;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * A Z-Image model folder as {@code tools/export-zimage} writes it: {@value #MANIFEST} (what was exported and the
 * numbers the pipeline needs), {@code text_encoder/}, {@code transformer/}, {@code vae_encoder/},
 * {@code vae_decoder/} (each a {@code model.onnx}, maybe with external weights beside it),
 * {@code tokenizer/tokenizer.json} and {@code scheduler/scheduler_config.json}. Reads the JSON files only and
 * checks that every piece is there; each problem is one sentence naming the file and what was expected.
 *
 * @param root the folder, absolute
 * @param precision {@code fp32} or {@code fp16} (the text encoder and transformer; the graphs' I/O is float32)
 * @param promptPrefix the chat template's text before the user's prompt
 * @param promptSuffix the chat template's text after it
 * @param maxTokens the longest templated prompt the pipeline encodes (512); longer ones are cut
 * @param patchSize the transformer's spatial patch (2)
 * @param latentChannels the VAE's latent channels (16)
 * @param seqMultiple image and caption token counts are padded to a multiple of this (32)
 * @param headDim the transformer's attention head width (sum of axesDims)
 * @param captionWidth the text encoder's hidden width, which the transformer takes
 * @param axesDims RoPE width per position axis (frame, height, width)
 * @param axesLens RoPE table length per axis: the largest position + 1 the model knows
 * @param ropeTheta RoPE base
 * @param vaeScale pixels per latent (8)
 * @param scalingFactor latent scaling of the VAE
 * @param shiftFactor latent shift of the VAE
 */
public record ZImageFolder(Path root, String precision, String promptPrefix, String promptSuffix, int maxTokens,
        int patchSize, int latentChannels, int seqMultiple, int headDim, int captionWidth, int[] axesDims,
        int[] axesLens, double ropeTheta, int vaeScale, double scalingFactor, double shiftFactor) {

    /** The exporter's manifest file. */
    public static final String MANIFEST = "zimage.json";
    /** The manifest's format name. */
    public static final String FORMAT = "inpaint-ij/zimage-onnx";
    /** The manifest format versions this reader understands. */
    public static final int FORMAT_VERSION = 1;
    /** The graph folders, each with a model.onnx. */
    public static final List<String> GRAPHS = List.of("text_encoder", "transformer", "vae_encoder", "vae_decoder");

    /** Keeps copies of the arrays. */
    public ZImageFolder {
        axesDims = axesDims.clone();
        axesLens = axesLens.clone();
    }

    @Override
    public int[] axesDims() {
        return axesDims.clone();
    }

    @Override
    public int[] axesLens() {
        return axesLens.clone();
    }

    /** Whether {@code folder} holds a Z-Image export (its manifest), whatever else it holds or lacks. */
    public static boolean isZImage(Path folder) {
        return folder != null && Files.isRegularFile(folder.resolve(MANIFEST));
    }

    /**
     * Reads and checks a Z-Image model folder.
     *
     * @throws BadInputException naming the file and what was expected when a piece is missing or wrong
     */
    public static ZImageFolder read(Path folder) {
        if (folder == null || !Files.isDirectory(folder)) {
            throw new BadInputException("Model folder " + folder + " does not exist; expected a Z-Image folder as "
                    + "tools/export-zimage writes it.");
        }
        Path root = folder.toAbsolutePath().normalize();
        Path manifestFile = root.resolve(MANIFEST);
        JsonObject m = JsonFiles.object(manifestFile, "the JSON object tools/export-zimage writes");
        String format = string(m, "format", manifestFile);
        int version = integer(m, "format_version", manifestFile);
        if (!format.equals(FORMAT) || version < 1 || version > FORMAT_VERSION) {
            throw new BadInputException(manifestFile + " is format " + format + " version " + version + "; this "
                    + "Inpaint-IJ reads " + FORMAT + " version " + FORMAT_VERSION + " (export the model again with "
                    + "this version's tools/export-zimage).");
        }
        List<String> missing = new ArrayList<>();
        for (String g : GRAPHS) if (!Files.isRegularFile(root.resolve(g).resolve("model.onnx"))) missing.add(g + "/model.onnx");
        for (String f : List.of("tokenizer/tokenizer.json", "scheduler/scheduler_config.json")) {
            if (!Files.isRegularFile(root.resolve(f))) missing.add(f);
        }
        if (!missing.isEmpty()) {
            throw new BadInputException("Z-Image folder " + root + " lacks " + String.join(", ", missing) + "; "
                    + "tools/export-zimage writes text_encoder/, transformer/, vae_encoder/, vae_decoder/ (each with "
                    + "model.onnx), tokenizer/tokenizer.json and scheduler/scheduler_config.json.");
        }
        JsonObject prompt = object(m, "prompt", manifestFile);
        JsonObject t = object(m, "transformer", manifestFile);
        JsonObject te = object(m, "text_encoder", manifestFile);
        JsonObject vae = object(m, "vae", manifestFile);
        int[] dims = ints(t, "axes_dims", manifestFile), lens = ints(t, "axes_lens", manifestFile);
        int headDim = integer(t, "head_dim", manifestFile);
        int sum = 0;
        for (int d : dims) sum += d;
        if (dims.length != 3 || lens.length != 3 || sum != headDim) {
            throw new BadInputException(manifestFile + " has RoPE axes " + java.util.Arrays.toString(dims) + " / "
                    + java.util.Arrays.toString(lens) + " for head width " + headDim + "; expected three axes whose "
                    + "widths add up to the head width.");
        }
        int patch = positive(t, "patch_size", manifestFile);
        int channels = positive(t, "in_channels", manifestFile);
        int latent = integer(vae, "latent_channels", manifestFile);
        if (latent != channels) {
            throw new BadInputException(manifestFile + " says the VAE has " + latent + " latent channels but the "
                    + "transformer takes " + channels + "; the two do not belong together.");
        }
        int capWidth = integer(t, "caption_width", manifestFile);
        if (integer(te, "hidden_size", manifestFile) != capWidth) {
            throw new BadInputException(manifestFile + " says the text encoder gives width " + integer(te,
                    "hidden_size", manifestFile) + " but the transformer takes " + capWidth + ".");
        }
        double scaling = number(vae, "scaling_factor", manifestFile);
        if (!(scaling > 0)) throw new BadInputException(manifestFile + " has vae scaling_factor " + scaling
                + "; expected a positive number such as 0.3611.");
        return new ZImageFolder(root, string(m, "precision", manifestFile), string(prompt, "prefix", manifestFile),
                string(prompt, "suffix", manifestFile), positive(prompt, "max_tokens", manifestFile), patch, channels,
                positive(t, "seq_multiple", manifestFile), headDim, capWidth, dims, lens, number(t, "rope_theta", manifestFile), positive(vae,
                "scale_factor", manifestFile), scaling, number(vae, "shift_factor", manifestFile));
    }

    /** The graph of a part, e.g. {@code graph("transformer")}. */
    public Path graph(String part) {
        return root.resolve(part).resolve("model.onnx");
    }

    /** {@code tokenizer/tokenizer.json}. */
    public Path tokenizerFile() {
        return root.resolve("tokenizer/tokenizer.json");
    }

    /** {@code scheduler/scheduler_config.json}. */
    public Path schedulerConfigFile() {
        return root.resolve("scheduler/scheduler_config.json");
    }

    /** Pixels per side that a working size must be a multiple of: one latent patch (16 for Z-Image). */
    public int pixelMultiple() {
        return vaeScale * patchSize;
    }

    private static JsonElement value(JsonObject o, String key, Path file) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            throw new BadInputException(file + " has no " + key + "; expected the manifest tools/export-zimage writes.");
        }
        return e;
    }

    private static JsonObject object(JsonObject o, String key, Path file) {
        JsonElement e = value(o, key, file);
        if (!e.isJsonObject()) throw new BadInputException(file + " has " + key + " = " + e + "; expected an object.");
        return e.getAsJsonObject();
    }

    private static String string(JsonObject o, String key, Path file) {
        JsonElement e = value(o, key, file);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new BadInputException(file + " has " + key + " = " + e + "; expected a string.");
        }
        return e.getAsString();
    }

    private static double number(JsonObject o, String key, Path file) {
        JsonElement e = value(o, key, file);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new BadInputException(file + " has " + key + " = " + e + "; expected a number.");
        }
        return e.getAsDouble();
    }

    private static int integer(JsonObject o, String key, Path file) {
        double d = number(o, key, file);
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new BadInputException(file + " has " + key + " = " + d + "; expected a whole number.");
        }
        return (int) d;
    }

    private static int positive(JsonObject o, String key, Path file) {
        int v = integer(o, key, file);
        if (v < 1) throw new BadInputException(file + " has " + key + " = " + v + "; expected a positive whole number.");
        return v;
    }

    private static int[] ints(JsonObject o, String key, Path file) {
        JsonElement e = value(o, key, file);
        if (!e.isJsonArray()) throw new BadInputException(file + " has " + key + " = " + e + "; expected a list.");
        JsonArray a = e.getAsJsonArray();
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement x = a.get(i);
            if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isNumber() || x.getAsDouble() < 1
                    || x.getAsDouble() != Math.rint(x.getAsDouble())) {
                throw new BadInputException(file + " has " + key + " = " + e + "; expected positive whole numbers.");
            }
            out[i] = x.getAsInt();
        }
        return out;
    }
}
