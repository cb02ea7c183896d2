package org.inpaintij.diffusion.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import org.inpaintij.core.BadInputException;
import org.inpaintij.models.JsonFiles;

/**
 * A Stable Diffusion model folder in the diffusers ONNX layout, as the diffusers conversion script and
 * optimum write it: {@code model_index.json}, {@code scheduler/scheduler_config.json}, {@code tokenizer/},
 * and {@code text_encoder/}, {@code unet/}, {@code vae_encoder/}, {@code vae_decoder/} each with a
 * {@code model.onnx} (and maybe external weights beside it). Reads the JSON files only; the graphs are
 * opened by {@link DiffusionModel}. Every missing or unreadable piece is a {@link BadInputException} that
 * names the file and what was expected.
 */
public final class ModelFolder {

    /** Scaling of the VAE latents for SD 1.x and 2.x, used when no VAE config says otherwise. */
    public static final double DEFAULT_SCALING = 0.18215;

    private final Path root;
    private final JsonObject modelIndex;
    private final JsonObject schedulerConfig;
    private final JsonObject unetConfig;
    private final double scalingFactor;

    private ModelFolder(Path root, JsonObject modelIndex, JsonObject schedulerConfig, JsonObject unetConfig,
            double scalingFactor) {
        this.root = root;
        this.modelIndex = modelIndex;
        this.schedulerConfig = schedulerConfig;
        this.unetConfig = unetConfig;
        this.scalingFactor = scalingFactor;
    }

    /** Reads and checks the folder's layout. */
    public static ModelFolder read(Path folder) {
        if (folder == null || !Files.isDirectory(folder)) {
            throw new BadInputException("Model folder " + folder + " does not exist; expected a folder in the "
                    + "diffusers ONNX layout (model_index.json, unet/model.onnx, ...).");
        }
        Path root = folder.toAbsolutePath().normalize();
        Path index = root.resolve("model_index.json");
        if (!Files.isRegularFile(index) && !Files.isRegularFile(root.resolve("unet/model.onnx"))) {
            throw new BadInputException(root + " is not a diffusers ONNX model folder: it has neither "
                    + "model_index.json nor unet/model.onnx.");
        }
        JsonObject modelIndex = Files.isRegularFile(index) ? json(index) : new JsonObject();
        if (Files.isDirectory(root.resolve("text_encoder_2")) || Files.isDirectory(root.resolve("tokenizer_2"))) {
            throw new BadInputException(root + " is an SDXL model (it has text_encoder_2/); supported are "
                    + "SD 1.x, SD 2.x, LCM and SD-Turbo folders.");
        }
        List<String> missing = new ArrayList<>();
        for (String part : List.of("text_encoder", "unet", "vae_encoder", "vae_decoder")) {
            if (!Files.isRegularFile(root.resolve(part).resolve("model.onnx"))) missing.add(part + "/model.onnx");
        }
        Path sched = root.resolve("scheduler/scheduler_config.json");
        if (!Files.isRegularFile(sched)) missing.add("scheduler/scheduler_config.json");
        for (String f : List.of("vocab.json", "merges.txt")) {
            if (!Files.isRegularFile(root.resolve("tokenizer").resolve(f))) missing.add("tokenizer/" + f);
        }
        if (!missing.isEmpty()) {
            throw new BadInputException("Model folder " + root + " lacks " + String.join(", ", missing)
                    + "; a diffusers ONNX folder needs text_encoder/, unet/, vae_encoder/ and vae_decoder/ "
                    + "(each with model.onnx), scheduler/scheduler_config.json and tokenizer/vocab.json, merges.txt.");
        }
        Path unetCfg = root.resolve("unet/config.json");
        JsonObject unetConfig = Files.isRegularFile(unetCfg) ? json(unetCfg) : new JsonObject();
        double scaling = DEFAULT_SCALING;
        for (String part : List.of("vae_decoder", "vae_encoder", "vae")) {
            Path c = root.resolve(part).resolve("config.json");
            if (Files.isRegularFile(c)) {
                JsonObject o = json(c);
                if (o.has("scaling_factor")) {
                    scaling = number(o, "scaling_factor", c);
                    if (!(scaling > 0)) {
                        throw new BadInputException(c + " has scaling_factor " + scaling
                                + "; expected a positive number such as 0.18215.");
                    }
                    break;
                }
            }
        }
        return new ModelFolder(root, modelIndex, json(sched), unetConfig, scaling);
    }

    /** The folder, absolute. */
    public Path root() {
        return root;
    }

    /** The graph of a part, e.g. {@code graph("unet")}. */
    public Path graph(String part) {
        return root.resolve(part).resolve("model.onnx");
    }

    /** The folder with vocab.json, merges.txt and tokenizer_config.json. */
    public Path tokenizerDir() {
        return root.resolve("tokenizer");
    }

    /** {@code scheduler/scheduler_config.json}. */
    public Path schedulerConfigFile() {
        return root.resolve("scheduler/scheduler_config.json");
    }

    /** The pipeline class named in model_index.json, or "" when there is none. */
    public String pipelineClass() {
        return string(modelIndex, "_class_name", "");
    }

    /** The scheduler class named in its config, e.g. {@code PNDMScheduler}. */
    public String schedulerClass() {
        return string(schedulerConfig, "_class_name", "");
    }

    /** The scheduler's timestep spacing ({@code leading} when the config leaves it out, as diffusers does). */
    public String timestepSpacing() {
        return string(schedulerConfig, "timestep_spacing", "leading");
    }

    /** The scheduler's prediction type ({@code epsilon} or {@code v_prediction}). */
    public String predictionType() {
        return string(schedulerConfig, "prediction_type", "epsilon");
    }

    /** {@code unet/config.json} (optimum exports), or an empty object. */
    public JsonObject unetConfig() {
        return unetConfig.deepCopy();
    }

    /** An integer of unet/config.json, or -1 when absent. */
    public int unetConfigInt(String key) {
        JsonElement e = unetConfig.get(key);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() ? e.getAsInt() : -1;
    }

    /** The VAE latent scaling factor (vae config's {@code scaling_factor}, else 0.18215). */
    public double scalingFactor() {
        return scalingFactor;
    }

    private static JsonObject json(Path file) {
        return JsonFiles.object(file, "a JSON object as diffusers writes it");
    }

    private static String string(JsonObject o, String key, String otherwise) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : otherwise;
    }

    private static double number(JsonObject o, String key, Path file) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new BadInputException(file + " has a " + key + " that is not a number; expected e.g. 0.18215.");
        }
        return e.getAsDouble();
    }

    @Override
    public String toString() {
        return root + " (" + (pipelineClass().isEmpty() ? "no model_index.json" : pipelineClass()) + ", "
                + schedulerClass() + ")";
    }
}
