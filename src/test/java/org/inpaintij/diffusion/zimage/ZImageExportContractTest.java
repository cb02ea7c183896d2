package org.inpaintij.diffusion.zimage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.onnxruntime.OrtException;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.Monitor;
import org.inpaintij.models.InstalledModel;
import org.inpaintij.models.ModelKind;
import org.inpaintij.models.ModelLayout;
import org.inpaintij.models.ModelStore;
import org.inpaintij.models.ZImageFolder;
import org.inpaintij.onnx.Devices;
import org.inpaintij.onnx.Sessions;
import org.inpaintij.onnx.TensorSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The output contract of tools/export-zimage, on its committed output for the shared tiny pipeline: the manifest's
 * numbers (those of the pipeline's own configs), every graph's inputs and outputs exactly as the manifest states
 * them, and a folder that {@code models import} accepts as a Z-Image model.
 */
class ZImageExportContractTest {

    private static Path folder;

    @BeforeAll
    static void copy() {
        folder = ZImageModels.folder("contract");
    }

    @Test
    void manifestCarriesThePipelinesOwnNumbers() throws IOException {
        ZImageFolder f = ZImageFolder.read(folder);
        assertEquals("fp32", f.precision());
        assertEquals("<|im_start|>user\n", f.promptPrefix(), "Qwen3's chat template, rendered by transformers");
        assertEquals("<|im_end|>\n<|im_start|>assistant\n", f.promptSuffix());
        assertEquals(512, f.maxTokens());
        assertEquals(2, f.patchSize());
        assertEquals(16, f.latentChannels());
        assertEquals(32, f.seqMultiple());
        assertEquals(32, f.headDim(), "transformer dim 64 over 2 heads");
        assertEquals(32, f.captionWidth(), "cap_feat_dim, the text encoder's hidden size");
        assertArrayEquals(new int[] {8, 12, 12}, f.axesDims());
        assertArrayEquals(new int[] {1024, 64, 64}, f.axesLens());
        assertEquals(256.0, f.ropeTheta());
        assertEquals(8, f.vaeScale());
        assertEquals(0.3611, f.scalingFactor());
        assertEquals(0.1159, f.shiftFactor());
        assertEquals(16, f.pixelMultiple());
        JsonObject m = JsonParser.parseString(Files.readString(folder.resolve(ZImageFolder.MANIFEST))).getAsJsonObject();
        JsonObject te = m.getAsJsonObject("text_encoder");
        assertEquals(-2, te.get("hidden_layer").getAsInt(), "ZImagePipeline takes hidden_states[-2]");
        assertEquals(3, te.get("layers").getAsInt());
        assertEquals(2, te.get("layers_kept").getAsInt(), "the last layer and the final norm are not needed");
        assertEquals("ZImageInpaintPipeline", m.get("pipeline").getAsString());
        for (String copied : new String[] {"model_index.json", "scheduler/scheduler_config.json",
                "tokenizer/tokenizer_config.json", "tokenizer/chat_template.jinja", "transformer/config.json",
                "text_encoder/config.json", "vae_encoder/config.json", "vae_decoder/config.json"}) {
            assertTrue(Files.isRegularFile(folder.resolve(copied)), copied);
        }
    }

    /** name -> "type [dims]" with the graph's symbolic dimensions as letters, as the manifest writes them. */
    private static Map<String, String> describe(String graph, Map<String, TensorSpec> specs,
            Map<String, String> letters) {
        Map<String, String> out = new LinkedHashMap<>();
        specs.forEach((name, s) -> {
            StringBuilder sb = new StringBuilder(s.typeName()).append(" [");
            long[] shape = s.shape();
            for (int i = 0; i < shape.length; i++) {
                if (i > 0) sb.append(", ");
                sb.append(shape[i] >= 0 ? Long.toString(shape[i]) : letters.getOrDefault(graph + "/" + name + ":" + i, "?"));
            }
            out.put(name, sb.append(']').toString());
        });
        return out;
    }

    @Test
    void everyGraphHasTheInputsAndOutputsTheManifestStates() throws IOException, OrtException {
        JsonObject graphs = JsonParser.parseString(Files.readString(folder.resolve(ZImageFolder.MANIFEST)))
                .getAsJsonObject().getAsJsonObject("graphs");
        // the symbolic dimensions the manifest names: L tokens, N image and M caption tokens, H x W pixels
        Map<String, String> letters = Map.ofEntries(Map.entry("text_encoder/input_ids:1", "L"),
                Map.entry("text_encoder/hidden_states:1", "L"), Map.entry("transformer/hidden_states:1", "N"),
                Map.entry("transformer/encoder_hidden_states:1", "M"), Map.entry("transformer/img_pad_mask:0", "N"),
                Map.entry("transformer/cap_pad_mask:0", "M"), Map.entry("transformer/img_cos:0", "N"),
                Map.entry("transformer/img_sin:0", "N"), Map.entry("transformer/cap_cos:0", "M"),
                Map.entry("transformer/cap_sin:0", "M"), Map.entry("transformer/sample:1", "N"));
        for (String g : ZImageFolder.GRAPHS) {
            Sessions.Opened o = Sessions.open(folder.resolve(g).resolve("model.onnx"),
                    Devices.place(org.inpaintij.onnx.DeviceSpec.parse("cpu")));
            try {
                Map<String, String> in = describe(g, TensorSpec.inputs(o.session()), letters);
                Map<String, String> out = describe(g, TensorSpec.outputs(o.session()), letters);
                JsonObject want = graphs.getAsJsonObject(g);
                assertEquals(want.getAsJsonObject("inputs").keySet(), in.keySet(), g + " inputs");
                assertEquals(want.getAsJsonObject("outputs").keySet(), out.keySet(), g + " outputs");
                if (g.equals("text_encoder") || g.equals("transformer")) {
                    Map<String, String> all = new LinkedHashMap<>(in);
                    all.putAll(out);
                    for (String name : all.keySet()) {
                        String stated = (want.getAsJsonObject("inputs").has(name) ? want.getAsJsonObject("inputs")
                                : want.getAsJsonObject("outputs")).get(name).getAsString();
                        assertEquals(stated, all.get(name), g + " " + name);
                    }
                }
            } finally {
                o.session().close();
            }
        }
        assertEquals("int64 [1, L]", graphs.getAsJsonObject("text_encoder").getAsJsonObject("inputs")
                .get("input_ids").getAsString());
        assertEquals("float32 [1, N, 64]", graphs.getAsJsonObject("transformer").getAsJsonObject("outputs")
                .get("sample").getAsString(), "p * p * C = 2 * 2 * 16 features per token");
    }

    @Test
    void modelsImportTakesItAsAZImageModel(@TempDir Path tmp) {
        assertEquals(ModelKind.ZIMAGE, ModelLayout.guessKind(folder));
        InstalledModel m = new ModelStore(tmp.resolve("models")).importFolder(folder, "zimage-tiny", null,
                Monitor.NONE);
        assertEquals(ModelKind.ZIMAGE, m.kind());
        assertTrue(m.manifest().files().stream().anyMatch(p -> p.path().equals("transformer/model.onnx")));
        assertTrue(m.manifest().files().stream().anyMatch(p -> p.path().equals("tokenizer/tokenizer.json")));
        ZImageFolder.read(m.folder());
    }

    @Test
    void aBrokenFolderIsOneSentence(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("broken");
        Files.createDirectories(f);
        Files.writeString(f.resolve(ZImageFolder.MANIFEST), "{\"format\": \"inpaint-ij/zimage-onnx\", "
                + "\"format_version\": 2}");
        BadInputException e = assertThrows(BadInputException.class, () -> ZImageFolder.read(f));
        assertTrue(e.getMessage().contains("version 2; this Inpaint-IJ reads inpaint-ij/zimage-onnx version 1"),
                e.getMessage());
        Files.writeString(f.resolve(ZImageFolder.MANIFEST), Files.readString(folder.resolve(ZImageFolder.MANIFEST)));
        e = assertThrows(BadInputException.class, () -> ModelLayout.check(f));
        assertTrue(e.getMessage().startsWith("Z-Image folder " + f.toAbsolutePath() + " lacks text_encoder/model.onnx, "
                + "transformer/model.onnx"), e.getMessage());
    }
}
