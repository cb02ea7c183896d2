package org.inpaintij.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.Monitor;
import org.inpaintij.ij.MacroOptions;
import org.inpaintij.models.DiskSpace;
import org.inpaintij.models.Downloader;
import org.inpaintij.models.ModelCatalog;
import org.inpaintij.models.ModelDescriptor;
import org.inpaintij.models.ModelException;
import org.inpaintij.models.ModelManager;
import org.inpaintij.models.ModelsFolder;
import org.inpaintij.models.Settings;
import org.inpaintij.models.TestModels;
import org.inpaintij.models.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inpainting Models... driven by macro options, as headless Fiji runs it. */
class ModelsMacroTest {

    @TempDir
    Path tmp;

    TestServer server;
    Map<String, byte[]> files;
    ModelManager manager;
    Settings settings;

    @BeforeEach
    void setUp() throws IOException {
        server = new TestServer();
        files = TestModels.files(4);
        TestModels.serve(server, "hub/tiny", files);
        ModelDescriptor tiny = TestModels.parse(TestModels.descriptor("tiny", server.base() + "hub/tiny/", files,
                p -> true));
        settings = Settings.at(tmp.resolve("settings.properties"));
        manager = new ModelManager(ModelCatalog.of(List.of(tiny)), settings,
                ModelsFolder.resolve(tmp.resolve("models").toString(), Map.of(), settings), DiskSpace.STANDARD,
                new Downloader(TestServer.FAST), null);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    String run(String options) {
        return ModelsMacro.run(MacroOptions.parse(options), manager, Monitor.NONE);
    }

    @Test
    void installNeedsAcceptLicenseThenInstalls() {
        BadInputException e = assertThrows(BadInputException.class, () -> run("action=install model=tiny"));
        assertEquals("The licence of model 'tiny' (Test Licence 1.0, https://example.org/licence) must be accepted "
                + "first: read it, then add accept_license to the macro options.", e.getMessage());
        assertEquals("Installed tiny (3.1 MB) in " + tmp.resolve("models/tiny") + ".",
                run("action=install model=tiny accept_license"));
        assertEquals("tiny is already installed in " + tmp.resolve("models") + ".", run("action=install model=tiny"));
        assertTrue(run("action=list").contains("\ntiny "), "listed");
        assertEquals("tiny: OK (3.1 MB checked)", run("action=verify model=tiny"));
    }

    @Test
    void verifyFailureIsAnError() throws IOException {
        run("action=install model=tiny accept_license");
        Files.write(tmp.resolve("models/tiny/vae_encoder/model.onnx"), new byte[30_000]);
        ModelException e = assertThrows(ModelException.class, () -> run("action=verify model=tiny"));
        assertTrue(e.getMessage().startsWith("Model tiny failed verification: vae_encoder/model.onnx is damaged"),
                e.getMessage());
    }

    @Test
    void importRemoveAndSetFolder() throws IOException {
        Path src = TestModels.write(tmp.resolve("my export"), files);
        assertEquals("Imported mine (inpainting, 3.1 MB) into " + tmp.resolve("models/mine") + ".",
                run("action=import folder=[" + src + "] name=mine"));
        assertEquals("Removed mine from " + tmp.resolve("models") + ".", run("action=remove model=mine"));
        assertEquals("Saved " + tmp.resolve("elsewhere") + ", but the --models-dir (" + tmp.resolve("models")
                + ") takes precedence over the saved folder while it is set.",
                run("action=set-folder folder=[" + tmp.resolve("elsewhere") + "]"));
        assertEquals(tmp.resolve("elsewhere"), settings.modelsFolder().orElseThrow());
    }

    @Test
    void badOptionsGetOneSentence() {
        assertEquals("Unknown action 'fetch' for Inpainting Models; accepted: list, install, verify, remove, import, "
                + "set-folder.", assertThrows(BadInputException.class, () -> run("action=fetch")).getMessage());
        assertEquals("Inpainting Models action=install needs model=... (the model to install).",
                assertThrows(BadInputException.class, () -> run("action=install")).getMessage());
        assertEquals("Unknown key modle for Inpainting Models; accepted keys: accept_license, action, base_url, "
                + "folder, kind, model, name.", assertThrows(BadInputException.class,
                        () -> run("action=install modle=tiny")).getMessage());
        assertEquals("base_url must be an http(s) URL with a host (such as http://mirror.example.org/models), not 'file:/x'.", assertThrows(BadInputException.class,
                () -> ModelsMacro.mirror(MacroOptions.parse("base_url=file:/x"))).getMessage());
    }
}
