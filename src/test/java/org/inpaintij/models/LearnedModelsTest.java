package org.inpaintij.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.Monitor;
import org.inpaintij.learned.TinyLearned;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LaMa and MI-GAN as the model manager sees them: the shipped descriptors carry the catalog's facts, a learned model
 * installs from a (local) hub with its size and SHA-256 checked and its scanner label shown, a user's own graph is
 * imported or used by path with its kind read from the graph, and each method only takes models of its own kind.
 */
class LearnedModelsTest {

    private static final Pattern PINNED = Pattern.compile("https://huggingface\\.co/[^/]+/[^/]+/resolve/[0-9a-f]{40}/");

    @TempDir
    Path tmp;

    TestServer server;
    ModelStore store;
    Settings settings;

    @BeforeEach
    void setUp() throws IOException {
        server = new TestServer();
        store = new ModelStore(tmp.resolve("models"));
        settings = Settings.at(tmp.resolve("settings.properties"));
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    /** Facts from shared/docs/model-catalog.md, sections 8 (LaMa) and 9 (MI-GAN). */
    @Test
    void shippedDescriptorsCarryTheCatalogsFacts() {
        ModelCatalog c = ModelCatalog.builtIn();
        ModelDescriptor lama = c.get("lama"), migan = c.get("migan");
        assertEquals(ModelKind.LAMA, lama.kind());
        assertEquals(ModelKind.MIGAN, migan.kind());
        assertEquals("https://huggingface.co/Carve/LaMa-ONNX/resolve/c3c0c9e468934d62e79c329e35d82dd09ff8c444/"
                + "lama_fp32.onnx", lama.files().get(0).source(lama, null).toString());
        assertEquals("https://huggingface.co/andraniksargsyan/migan/resolve/b5fe990a75967292c4271b439ab50ae75ea4c758/"
                + "migan.onnx", migan.files().get(0).source(migan, null).toString());
        assertEquals(1, lama.files().size());
        assertEquals(1, migan.files().size());
        assertEquals(208044816L, lama.files().get(0).size());
        assertEquals("1faef5301d78db7dda502fe59966957ec4b79dd64e16f03ed96913c7a4eb68d6", lama.files().get(0).sha256());
        assertEquals(29546882L, migan.files().get(0).size());
        assertEquals("593eba0b7e04730f1b61c0a3cbca68d97d8d6a7ff5c6a44a7b9d7fcd880fc5ae", migan.files().get(0).sha256());
        for (ModelDescriptor d : List.of(lama, migan)) {
            assertTrue(d.fullyPinned(), d.name());
            assertTrue(PINNED.matcher(d.baseUrl().toString()).matches(), d.baseUrl().toString());
            assertEquals(512, d.defaults().resolution());
        }
        assertEquals("Apache-2.0", lama.license().name());
        assertTrue(migan.license().name().startsWith("MIT"));
        assertTrue(migan.license().summary().contains("Places2") && migan.license().summary().contains("non-commercial"));
        assertTrue(lama.license().summary().contains("Places"));
        // the hub's scanner labels lama_fp32.onnx Suspicious (shown before the licence is accepted); migan.onnx is
        // Safe, and the repository's banner is about a file that is not downloaded
        assertTrue(lama.scannerWarning().startsWith("The hub labels lama_fp32.onnx, the one file this model downloads,"
                + " \"Suspicious\""), lama.scannerWarning());
        assertTrue(migan.scannerWarning().contains("migan_pipeline_v2.onnx, which this model does not download; "
                + "migan.onnx is labelled Safe"), migan.scannerWarning());
    }

    private ModelDescriptor learnedDescriptor(String name, String kind, byte[] graph, String flagged) {
        JsonObject o = JsonParser.parseString(TestModels.descriptor(name, server.base() + "hub/" + name + "/",
                Map.of("graph.onnx", graph), p -> true)).getAsJsonObject();
        o.addProperty("kind", kind);
        o.getAsJsonArray("files").get(0).getAsJsonObject().addProperty("flagged", flagged);
        ModelDescriptor d = TestModels.parse(o.toString());
        settings.acceptLicense(d);
        return d;
    }

    @Test
    void aLearnedModelInstallsWithItsPublishedHashAndOnlyItsMethodTakesIt() throws IOException {
        byte[] graph = Files.readAllBytes(TinyLearned.graph(TinyLearned.MIGAN_DYNAMIC));
        server.put("hub/tinymigan/graph.onnx", graph);
        ModelDescriptor d = learnedDescriptor("tinymigan", "migan", graph, "Suspicious");
        assertEquals(List.of("graph.onnx (Suspicious)"), d.flaggedFiles());
        InstalledModel m = new ModelInstaller(store, settings, new Downloader(TestServer.FAST), null).install(d,
                Monitor.NONE);
        assertEquals(ModelKind.MIGAN, m.kind());
        assertArrayEquals(graph, Files.readAllBytes(m.folder().resolve("graph.onnx")));
        assertEquals("descriptor", m.manifest().files().get(0).pinnedBy());
        assertTrue(store.verify("tinymigan", d, Monitor.NONE).ok());

        ModelResolver r = new ModelResolver(store, ModelCatalog.of(List.of(d)));
        ModelResolver.Use migan = ModelResolver.Use.learned("migan", ModelKind.MIGAN);
        assertEquals(m.folder(), r.resolveModel(null, migan).folder());
        assertEquals(m.folder(), r.resolveModel("tinymigan", migan).folder());
        assertEquals(List.of("tinymigan"), store.names(migan.keys()));
        assertEquals(List.of(), store.names(ModelResolver.Use.DIFFUSION.keys()));
        assertEquals("Model 'tinymigan' is a MI-GAN model; method=lama needs a LaMa model (none is installed).",
                assertThrows(BadInputException.class, () -> r.resolveModel("tinymigan",
                        ModelResolver.Use.learned("lama", ModelKind.LAMA))).getMessage());
        assertEquals("Model 'tinymigan' is a MI-GAN model; method=diffusion needs a diffusion model (none is "
                + "installed).", assertThrows(BadInputException.class, () -> r.resolve("tinymigan")).getMessage());
        // diffusion's default is the first installed diffusion model, never a learned one
        assertTrue(assertThrows(BadInputException.class, () -> r.resolve(null)).getMessage()
                .startsWith("No diffusion model is installed"));
        assertTrue(assertThrows(BadInputException.class, () -> r.resolveModel(null, ModelResolver.Use.learned("lama",
                ModelKind.LAMA))).getMessage().startsWith("No LaMa model is installed"));
    }

    @Test
    void aGraphFileIsImportedAsAModelOfTheKindItsInputsSay() throws IOException {
        Path graph = TinyLearned.graph(TinyLearned.LAMA_512);
        InstalledModel m = store.importFolder(graph, null, null, Monitor.NONE);
        assertEquals("lama-512", m.name());
        assertEquals(ModelKind.LAMA, m.kind());
        assertEquals(List.of("lama-512.onnx"), m.manifest().files().stream().map(Manifest.PinnedFile::path).toList());
        assertEquals(TestModels.sha256(Files.readAllBytes(graph)), m.manifest().files().get(0).sha256());
        assertTrue(store.verify("lama-512", null, Monitor.NONE).ok());

        BadInputException wrongKind = assertThrows(BadInputException.class, () -> store.importFolder(
                TinyLearned.graph(TinyLearned.MIGAN_512), "x", ModelKind.LAMA, Monitor.NONE));
        assertEquals(TinyLearned.graph(TinyLearned.MIGAN_512) + " is a MI-GAN graph, not LaMa; leave the kind out or "
                + "give migan.", wrongKind.getMessage());
        Path text = Files.writeString(tmp.resolve("readme.txt"), "hello");
        assertEquals("Cannot import " + text + ": it is a file but not an .onnx graph; give a model folder (the one "
                + "that holds model_index.json) or a LaMa or MI-GAN .onnx file.", assertThrows(BadInputException.class,
                        () -> store.importFolder(text, null, null, Monitor.NONE)).getMessage());
        BadInputException bad = assertThrows(BadInputException.class, () -> store.importFolder(
                TinyLearned.graph("bad-rank"), null, null, Monitor.NONE));
        assertTrue(bad.getMessage().endsWith("input 'image' has shape [3, 512, 512]; expected [1, 3, H, W]."),
                bad.getMessage());
        assertEquals(List.of("lama-512"), store.names(), "nothing else was installed");
    }

    @Test
    void aLearnedModelIsFoundByPathToItsFileOrFolder() throws IOException {
        ModelResolver r = new ModelResolver(store, ModelCatalog.of(List.of()));
        ModelResolver.Use lama = ModelResolver.Use.learned("lama", ModelKind.LAMA);
        Path graph = TinyLearned.graph(TinyLearned.LAMA_DYNAMIC);
        assertEquals(graph, r.resolveModel(graph.toString(), lama).folder());
        Path folder = Files.createDirectories(tmp.resolve("mine"));
        Files.copy(graph, folder.resolve("model.onnx"));
        assertEquals(folder, r.resolveModel(folder.toString(), lama).folder());
        Files.copy(graph, folder.resolve("other.onnx"));
        assertEquals("Model folder " + folder + " has 2 .onnx files (model.onnx, other.onnx); a LaMa or MI-GAN model "
                + "folder holds one graph.", assertThrows(BadInputException.class,
                        () -> r.resolveModel(folder.toString(), lama)).getMessage());
        assertEquals(graph + " is a file; method=diffusion needs a model folder in the diffusers ONNX layout.",
                assertThrows(BadInputException.class, () -> r.resolve(graph.toString())).getMessage());
    }
}
