package org.inpaintij.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.CancelledException;
import org.inpaintij.core.Monitor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Import, verify, remove, and what is and is not taken for a model. */
class ModelStoreTest {

    @TempDir
    Path tmp;

    Map<String, byte[]> files;
    ModelStore store;

    @BeforeEach
    void setUp() {
        files = TestModels.files(11);
        store = new ModelStore(tmp.resolve("models"));
    }

    @Test
    void importCopiesPinsAndLeavesTheSourceAlone() throws IOException {
        Path src = TestModels.write(tmp.resolve("exported/my-model"), files);
        Files.createDirectories(src.resolve(".git/lfs"));
        Files.write(src.resolve(".git/lfs/object"), new byte[1000]);

        InstalledModel m = store.importFolder(src, null, null, Monitor.NONE);

        assertEquals("my-model", m.name());
        assertEquals(ModelKind.INPAINTING, m.kind(), "read from model_index.json");
        assertEquals(Manifest.IMPORT, m.manifest().origin());
        assertEquals(files.size(), m.manifest().files().size(), "hidden folders such as .git are left out");
        for (var e : files.entrySet()) {
            assertArrayEquals(e.getValue(), Files.readAllBytes(m.folder().resolve(e.getKey())));
            assertEquals(TestModels.sha256(e.getValue()), m.manifest().files().stream()
                    .filter(f -> f.path().equals(e.getKey())).findFirst().orElseThrow().sha256());
        }
        assertTrue(Files.isRegularFile(src.resolve("unet/weights.pb")), "the source is untouched");
        assertFalse(Files.exists(src.resolve(Manifest.FILE_NAME)));
        assertEquals(m.folder(), new ModelResolver(store, ModelCatalog.of(List.of())).resolve("my-model"));
    }

    @Test
    void importUnderAnotherNameAndKind() throws IOException {
        Path src = TestModels.write(tmp.resolve("x"), files);
        InstalledModel m = store.importFolder(src, "turbo-local", ModelKind.TURBO, Monitor.NONE);
        assertEquals("turbo-local", m.name());
        assertEquals(ModelKind.TURBO, m.kind());
        BadInputException again = assertThrows(BadInputException.class,
                () -> store.importFolder(src, "turbo-local", null, Monitor.NONE));
        assertTrue(again.getMessage().startsWith("A model named 'turbo-local' is already installed"));
    }

    @Test
    void importRefusesAFolderThatIsNotAModel() throws IOException {
        files.remove("vae_encoder/model.onnx");
        files.remove("tokenizer/merges.txt");
        Path src = TestModels.write(tmp.resolve("half"), files);
        BadInputException e = assertThrows(BadInputException.class,
                () -> store.importFolder(src, null, null, Monitor.NONE));
        // the diffusion model loader's own verdict
        assertTrue(e.getMessage().startsWith("Model folder " + src + " lacks vae_encoder/model.onnx, "
                + "tokenizer/merges.txt;"), e.getMessage());
        assertTrue(store.installed().isEmpty());
        assertFalse(Files.exists(store.root().resolve("half")));
    }

    @Test
    void importRefusesBadNamesAndMissingFolders() throws IOException {
        Path src = TestModels.write(tmp.resolve("my model"), files);
        BadInputException e = assertThrows(BadInputException.class,
                () -> store.importFolder(src, null, null, Monitor.NONE));
        assertTrue(e.getMessage().contains("choose one with --name"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> store.importFolder(tmp.resolve("nope"), null, null,
                Monitor.NONE));
        assertEquals("Cannot import " + tmp.resolve("nope") + ": no such folder.", e.getMessage());
        assertThrows(BadInputException.class, () -> store.importFolder(src, "../escape", null, Monitor.NONE));
    }

    @Test
    void cancelledImportLeavesNothing() throws IOException {
        Path src = TestModels.write(tmp.resolve("big"), files);
        Monitor cancelSoon = new Monitor() {
            @Override
            public void progress(double fraction, String status) {
                // only the cancel matters here
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThrows(CancelledException.class, () -> store.importFolder(src, null, null, cancelSoon));
        assertTrue(store.installed().isEmpty());
        assertFalse(Files.exists(store.root().resolve("big")));
        assertFalse(Files.exists(store.partial("big")));
    }

    @Test
    void aFolderAlreadyInTheModelFolderIsRegisteredInPlace() throws IOException {
        Path inside = TestModels.write(store.root().resolve("hand-copied"), files);
        assertTrue(store.installed().isEmpty(), "a folder without manifest is not a model");
        assertEquals(1, store.problems().size());
        assertTrue(store.problems().get(0).startsWith("Folder hand-copied was not installed by Inpaint-IJ"));

        InstalledModel m = store.importFolder(inside, null, null, Monitor.NONE);
        assertEquals(inside, m.folder());
        assertEquals(List.of("hand-copied"), store.names());
        assertEquals(List.of(), store.problems());
    }

    @Test
    void verifyFindsChangedAndMissingFiles() throws IOException {
        InstalledModel m = store.importFolder(TestModels.write(tmp.resolve("v"), files), null, null, Monitor.NONE);
        VerifyResult ok = store.verify("v", null, Monitor.NONE);
        assertTrue(ok.ok(), ok.problems().toString());
        assertEquals(m.bytes(), ok.bytesChecked());

        Path weights = m.folder().resolve("unet/weights.pb");
        byte[] b = Files.readAllBytes(weights);
        b[b.length / 2] ^= 1;
        Files.write(weights, b);
        Files.delete(m.folder().resolve("vae_decoder/model.onnx"));
        VerifyResult bad = store.verify("v", null, Monitor.NONE);
        assertFalse(bad.ok());
        assertEquals(3, bad.problems().size(), bad.problems().toString());
        assertTrue(bad.problems().get(0).startsWith("unet/weights.pb is damaged: its SHA-256 is "));
        assertEquals("vae_decoder/model.onnx is missing.", bad.problems().get(1));
        assertTrue(bad.problems().get(2).startsWith("Layout: Model folder " + m.folder() + " lacks "
                + "vae_decoder/model.onnx;"), bad.problems().get(2));

        ModelException e = assertThrows(ModelException.class,
                () -> new ModelResolver(store, ModelCatalog.of(List.of())).resolve("v"));
        // the weights kept their size but not their time: they are hashed again, and found changed
        assertTrue(e.getMessage().startsWith("Model 'v' is damaged (unet/weights.pb changed since it was installed: "
                + "its SHA-256 is "), e.getMessage());
    }

    @Test
    void verifyComparesWithPublishedHashes() throws IOException {
        store.importFolder(TestModels.write(tmp.resolve("p"), files), null, null, Monitor.NONE);
        Map<String, byte[]> other = TestModels.files(12);
        ModelDescriptor published = TestModels.parse(TestModels.descriptor("p", "https://example.org/p/", other,
                path -> path.equals("unet/weights.pb")));
        VerifyResult r = store.verify("p", published, Monitor.NONE);
        assertEquals(List.of("unet/weights.pb is not the published file: the descriptor's SHA-256 is "
                + TestModels.sha256(other.get("unet/weights.pb")) + "."), r.problems());
    }

    @Test
    void removeTakesTheModelAndItsUnfinishedDownloadAway() throws IOException {
        store.importFolder(TestModels.write(tmp.resolve("gone"), files), null, null, Monitor.NONE);
        Path partial = store.partial("gone");
        Files.createDirectories(partial);
        Files.write(partial.resolve("x.part"), new byte[10]);

        store.remove("gone");
        assertTrue(store.installed().isEmpty());
        assertFalse(Files.exists(store.root().resolve("gone")));
        assertFalse(Files.exists(partial));
        try (var s = Files.list(store.root().resolve(ModelStore.TRASH))) {
            assertEquals(0, s.count(), "the trash is emptied");
        }
        BadInputException e = assertThrows(BadInputException.class, () -> store.remove("gone"));
        assertEquals("No model named 'gone' is installed in " + store.root() + " (no model is installed).",
                e.getMessage());
    }

    @Test
    void installedModelsAreListedInInstallOrder() throws IOException {
        InstalledModel zeta = store.importFolder(TestModels.write(tmp.resolve("zeta"), files), null, null,
                Monitor.NONE);
        store.importFolder(TestModels.write(tmp.resolve("alpha"), files), null, null, Monitor.NONE);
        // installed long before alpha, whatever the clock's resolution
        Manifest m = zeta.manifest();
        new Manifest(m.name(), m.title(), m.kind(), m.origin(), m.source(), m.license(), m.defaults(),
                java.time.Instant.EPOCH, m.files()).writeTo(zeta.folder());
        assertEquals(List.of("zeta", "alpha"), store.names());
        assertEquals(store.root().resolve("zeta"), new ModelResolver(store, ModelCatalog.of(List.of()))
                .resolve(null), "no model option: the first installed");
    }

    @Test
    void aDamagedManifestIsReportedAndDoesNotHideOtherModels() throws IOException {
        store.importFolder(TestModels.write(tmp.resolve("good"), files), null, null, Monitor.NONE);
        Path bad = Files.createDirectories(store.root().resolve("bad"));
        Files.writeString(bad.resolve(Manifest.FILE_NAME), "{ not json");
        assertEquals(List.of("good"), store.names());
        assertEquals(1, store.problems().size());
        assertTrue(store.problems().get(0).startsWith("The model manifest " + bad.resolve(Manifest.FILE_NAME)
                + " is damaged"), store.problems().get(0));
    }

    @Test
    void twoWritersOfOneModelAreRefused() throws IOException {
        ModelStore.Lock held = store.lock("busy");
        try {
            ModelException e = assertThrows(ModelException.class, () -> store.remove("busy"));
            assertTrue(e.getMessage().startsWith("Another install, import or removal of model 'busy' is running"));
        } finally {
            held.close();
        }
        BadInputException free = assertThrows(BadInputException.class, () -> store.remove("busy"));
        assertTrue(free.getMessage().startsWith("No model named 'busy'"), "the lock is free again");
    }
}
