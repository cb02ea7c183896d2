package org.inpaintij.models;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The diffusers ONNX folder layout, checked by files only: which files a model folder must have for the engine
 * to open it. Opening and checking the graphs themselves is the diffusion model loader's job.
 */
public final class ModelLayout {

    /** Files every model folder must have (text-to-image exports without a VAE encoder cannot inpaint). */
    public static final List<String> REQUIRED = List.of(
            "model_index.json",
            "scheduler/scheduler_config.json",
            "tokenizer/vocab.json",
            "tokenizer/merges.txt",
            "tokenizer/tokenizer_config.json",
            "text_encoder/model.onnx",
            "unet/model.onnx",
            "vae_encoder/model.onnx",
            "vae_decoder/model.onnx");

    private ModelLayout() {}

    /** What is missing or unreadable in a folder, one short phrase each; empty when the layout is complete. */
    public static List<String> problems(Path folder) {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            out.add(folder + " is not a folder");
            return out;
        }
        List<String> missing = new ArrayList<>();
        for (String f : REQUIRED) {
            Path p = folder.resolve(f);
            if (!Files.isRegularFile(p)) missing.add(f);
            else if (!Files.isReadable(p)) out.add(f + " cannot be read");
        }
        if (!missing.isEmpty()) out.add(0, "missing " + String.join(", ", missing));
        for (String json : List.of("model_index.json", "scheduler/scheduler_config.json")) {
            Path p = folder.resolve(json);
            if (Files.isRegularFile(p) && readJson(p) == null) out.add(json + " is not valid JSON");
        }
        return out;
    }

    /**
     * What kind of model a folder holds, from its configuration files: an inpainting pipeline or a UNet with 9
     * input channels is {@link ModelKind#INPAINTING}, a consistency pipeline or scheduler is {@link ModelKind#LCM},
     * anything else {@link ModelKind#PLAIN} (a Turbo model cannot be told from its files).
     */
    public static ModelKind guessKind(Path folder) {
        String pipeline = className(folder.resolve("model_index.json"));
        String scheduler = className(folder.resolve("scheduler/scheduler_config.json"));
        JsonObject unet = readJson(folder.resolve("unet/config.json"));
        if (pipeline.contains("Inpaint")) return ModelKind.INPAINTING;
        if (unet != null && unet.has("in_channels") && unet.get("in_channels").isJsonPrimitive()
                && unet.get("in_channels").getAsInt() == 9) {
            return ModelKind.INPAINTING;
        }
        if (pipeline.contains("LatentConsistency") || scheduler.equals("LCMScheduler")) return ModelKind.LCM;
        return ModelKind.PLAIN;
    }

    private static String className(Path json) {
        JsonObject o = readJson(json);
        JsonElement c = o == null ? null : o.get("_class_name");
        return c != null && c.isJsonPrimitive() ? c.getAsString() : "";
    }

    private static JsonObject readJson(Path p) {
        if (!Files.isRegularFile(p)) return null;
        try {
            JsonElement e = JsonParser.parseString(Files.readString(p, StandardCharsets.UTF_8));
            return e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (IOException | JsonParseException e) {
            // unreadable or malformed: reported by problems(), treated here as "no information"
            return null;
        }
    }
}
