package org.inpaintij.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.Monitor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model option, as the diffusion engine will resolve it. */
class ModelResolverTest {

    @TempDir
    Path tmp;

    ModelStore store;
    ModelResolver resolver;
    Map<String, byte[]> files;

    @BeforeEach
    void setUp() {
        store = new ModelStore(tmp.resolve("models"));
        resolver = new ModelResolver(store, ModelCatalog.builtIn());
        files = TestModels.files(3);
    }

    @Test
    void nothingInstalledSaysHowToInstall() {
        BadInputException e = assertThrows(BadInputException.class, () -> resolver.resolve(null));
        assertEquals("No diffusion model is installed: install one with Plugins > Inpainting > Inpainting Models... or "
                + "`java -jar inpaint-ij.jar models install NAME` (NAME: sd15-inpainting, sd2-inpainting, "
                + "lcm-dreamshaper-v7, sd-turbo; model folder " + store.root() + ").", e.getMessage());
        // a name that was asked for is named (it used to get the message above, which does not say what was asked)
        assertEquals("Unknown model 'nosuch', and no diffusion model is installed: give the path of a model folder, or"
                + " install one with Plugins > Inpainting > Inpainting Models... or `java -jar inpaint-ij.jar models "
                + "install NAME` (NAME: sd15-inpainting, sd2-inpainting, lcm-dreamshaper-v7, sd-turbo; model folder "
                + store.root() + ").", assertThrows(BadInputException.class, () -> resolver.resolve("nosuch"))
                .getMessage());
    }

    @Test
    void knownButNotInstalled() throws IOException {
        store.importFolder(TestModels.write(tmp.resolve("mine"), files), null, null, Monitor.NONE);
        BadInputException e = assertThrows(BadInputException.class, () -> resolver.resolve("SD-Turbo"));
        assertEquals("Model 'SD-Turbo' is not installed: install it with Plugins > Inpainting > Inpainting Models... or"
                + " `java -jar inpaint-ij.jar models install sd-turbo` (installed: mine).", e.getMessage());
    }

    @Test
    void unknownNameListsTheInstalledOnes() throws IOException {
        store.importFolder(TestModels.write(tmp.resolve("mine"), files), null, null, Monitor.NONE);
        store.importFolder(TestModels.write(tmp.resolve("yours"), files), null, null, Monitor.NONE);
        BadInputException e = assertThrows(BadInputException.class, () -> resolver.resolve("theirs"));
        assertEquals("Unknown model 'theirs'; installed: mine, yours (or give the path of a model folder).",
                e.getMessage());
    }

    @Test
    void namesAreMatchedIgnoringCase() throws IOException {
        store.importFolder(TestModels.write(tmp.resolve("Mine"), files), null, null, Monitor.NONE);
        assertEquals(store.root().resolve("Mine"), resolver.resolve("mine"));
    }

    @Test
    void aFolderPathIsAcceptedWhenItIsAModel() throws IOException {
        Path loose = TestModels.write(tmp.resolve("loose"), files);
        ModelResolver.Resolved r = resolver.resolveModel(loose.toString());
        assertEquals(loose, r.folder());
        assertTrue(r.installed().isEmpty());

        InstalledModel m = store.importFolder(loose, null, null, Monitor.NONE);
        ModelResolver.Resolved byPath = resolver.resolveModel(m.folder().toString());
        assertEquals(m, byPath.installed().orElseThrow(), "an installed model's folder brings its manifest");
    }

    @Test
    void aPathThatIsNotAModelIsRefused() throws IOException {
        files.remove("unet/model.onnx");
        Path half = TestModels.write(tmp.resolve("half"), files);
        BadInputException e = assertThrows(BadInputException.class, () -> resolver.resolve(half.toString()));
        assertTrue(e.getMessage().startsWith("Model folder " + half + " lacks unet/model.onnx;"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> resolver.resolve(tmp.resolve("absent").toString()));
        assertTrue(e.getMessage().startsWith("Model folder " + tmp.resolve("absent") + " does not exist"));
    }

    /**
     * Opening trusts the manifest while a file keeps its size and modification time: a same-size change whose time
     * is put back is not seen (only {@code models verify} hashes everything, and it finds it), a file whose time
     * changed is hashed once and its new time recorded, and a change with a new time is refused.
     */
    @Test
    void theManifestIsTrustedWhileSizeAndTimeStayTheSame() throws IOException {
        InstalledModel m = store.importFolder(TestModels.write(tmp.resolve("m"), files), null, null, Monitor.NONE);
        Path weights = m.folder().resolve("unet/weights.pb");
        java.nio.file.attribute.FileTime t = java.nio.file.Files.getLastModifiedTime(weights);
        assertEquals(t.toMillis(), pinned(m, "unet/weights.pb").modified());

        // same size, same time: trusted without reading
        byte[] b = java.nio.file.Files.readAllBytes(weights);
        b[10] ^= 1;
        java.nio.file.Files.write(weights, b);
        java.nio.file.Files.setLastModifiedTime(weights, t);
        assertEquals(m.folder(), resolver.resolve("m"));
        VerifyResult v = store.verify("m", null, Monitor.NONE);
        assertEquals(1, v.problems().size(), v.problems().toString());
        assertTrue(v.problems().get(0).startsWith("unet/weights.pb is damaged"), v.problems().get(0));

        // the right bytes back with a new time: hashed once, found good, the new time recorded
        b[10] ^= 1;
        java.nio.file.Files.write(weights, b);
        java.nio.file.attribute.FileTime later = java.nio.file.attribute.FileTime.fromMillis(t.toMillis() + 60_000);
        java.nio.file.Files.setLastModifiedTime(weights, later);
        assertEquals(m.folder(), resolver.resolve("m"));
        assertEquals(later.toMillis(), pinned(store.find("m").orElseThrow(), "unet/weights.pb").modified());

        // other bytes with a new time: refused
        b[10] ^= 1;
        java.nio.file.Files.write(weights, b);
        ModelException e = assertThrows(ModelException.class, () -> resolver.resolve("m"));
        assertTrue(e.getMessage().startsWith("Model 'm' is damaged (unet/weights.pb changed since it was installed: its "
                + "SHA-256 is " + TestModels.sha256(b) + ", not the pinned "
                + TestModels.sha256(files.get("unet/weights.pb")) + "): run `models verify m`"), e.getMessage());
    }

    @Test
    void aManifestOfAnOlderVersionIsHashedOnceAndThenTrusted() throws IOException {
        InstalledModel m = store.importFolder(TestModels.write(tmp.resolve("old"), files), null, null, Monitor.NONE);
        // an older version wrote no times
        Path manifest = m.folder().resolve(Manifest.FILE_NAME);
        String text = java.nio.file.Files.readString(manifest).replaceAll(",\\s*\"modified\": \\d+", "");
        java.nio.file.Files.writeString(manifest, text);
        assertEquals(null, pinned(store.find("old").orElseThrow(), "unet/weights.pb").modified());
        assertEquals(m.folder(), resolver.resolve("old"));
        for (Manifest.PinnedFile f : store.find("old").orElseThrow().manifest().files()) {
            assertEquals(java.nio.file.Files.getLastModifiedTime(m.folder().resolve(f.path())).toMillis(), f.modified(),
                    f.path());
        }
    }

    static Manifest.PinnedFile pinned(InstalledModel m, String path) {
        return m.manifest().files().stream().filter(f -> f.path().equals(path)).findFirst().orElseThrow();
    }
}
