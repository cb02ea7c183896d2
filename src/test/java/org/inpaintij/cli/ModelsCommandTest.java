package org.inpaintij.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.inpaintij.models.DiskSpace;
import org.inpaintij.models.Downloader;
import org.inpaintij.models.ModelCatalog;
import org.inpaintij.models.ModelDescriptor;
import org.inpaintij.models.ModelManager;
import org.inpaintij.models.ModelResolver;
import org.inpaintij.models.MockHub;
import org.inpaintij.models.ModelsFolder;
import org.inpaintij.models.Settings;
import org.inpaintij.models.TestModels;
import org.inpaintij.models.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** {@code models ...} on the command line against a local server: output, exit status and messages. */
class ModelsCommandTest {

    @TempDir
    Path tmp;

    static final String REV = "5eddd2140ba17d2c94b30bedcb3ee2139d03409e";

    MockHub hub;
    MockHub.Repo repo;
    TestServer server;
    Map<String, byte[]> files;
    ModelCatalog catalog;
    Settings settings;
    String out = "", err = "";
    final List<String> questions = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        hub = new MockHub();
        server = hub.server();
        files = TestModels.files(9);
        repo = hub.repo("test/tiny", REV).putAll(files);
        repo.put("README.md", "# tiny\n".getBytes());
        // the hub's scanner flags one file of this model
        ModelDescriptor tiny = TestModels.parseShipped(TestModels.hubDescriptor("tiny", hub, "test/tiny", REV, files,
                p -> p.startsWith("unet/")).replace("\"path\":\"unet/model.onnx\",", "\"path\":\"unet/model.onnx\","
                        + "\"flagged\":\"Suspicious\","));
        ModelDescriptor gone = TestModels.parseShipped(TestModels.hubDescriptor("gone", hub, "test/gone", REV, files,
                p -> false));
        catalog = ModelCatalog.of(List.of(tiny, gone));
        settings = Settings.at(tmp.resolve("settings.properties"));
        settings.setModelsFolder(tmp.resolve("models"));
    }

    @AfterEach
    void tearDown() {
        hub.close();
    }

    int run(Function<String, String> console, String... args) {
        ModelsCommand.Context ctx = new ModelsCommand.Context((dir, mirror) -> new ModelManager(catalog, settings,
                ModelsFolder.resolve(dir, Map.of(), settings), DiskSpace.STANDARD, new Downloader(TestServer.FAST),
                mirror), console, false);
        StringWriter o = new StringWriter(), e = new StringWriter();
        CommandLine cl = new CommandLine(new ModelsCommand(ctx));
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        int rc = cl.execute(args);
        out = o.toString();
        err = e.toString();
        return rc;
    }

    int run(String... args) {
        return run(null, args);
    }

    Function<String, String> answering(String answer) {
        return q -> {
            questions.add(q);
            return answer;
        };
    }

    @Test
    void listShowsTheFolderAndEveryModel() {
        assertEquals(0, run("list"), err);
        String[] lines = out.split("\n");
        assertEquals("Model folder: " + tmp.resolve("models") + " (from saved setting)", lines[0]);
        assertTrue(lines[1].matches("NAME +KIND +SIZE +LICENCE +STATUS"), lines[1]);
        assertTrue(lines[2].matches("tiny +inpainting +~3\\.\\d MB +Test Licence 1\\.0 +not installed"), lines[2]);
        assertTrue(lines[3].startsWith("gone "), lines[3]);
        assertEquals(0, run(), "models without a subcommand lists");
        assertTrue(out.startsWith("Model folder: "));
    }

    @Test
    void installNeedsTheLicenceAcceptedWithoutATerminal() {
        assertEquals(2, run("install", "tiny"));
        assertEquals("inpaint-ij: The licence of model 'tiny' (Test Licence 1.0, https://example.org/licence) must be "
                + "accepted before it is downloaded: read it, then run again with --accept-license.\n", err);
        assertEquals(0, server.requests().size());
    }

    @Test
    void aDeclinedLicenceInstallsNothing() {
        assertEquals(2, run(answering("n"), "install", "tiny"));
        assertEquals(1, questions.size());
        assertTrue(err.contains("Model tiny is licensed under Test Licence 1.0: https://example.org/licence"), err);
        assertTrue(err.contains("\nThe hub's file scanner flags unet/model.onnx (Suspicious) of this model.\n"),
                "shown before the licence is accepted: " + err);
        assertTrue(err.endsWith("inpaint-ij: tiny was not installed: its licence was not accepted.\n"), err);
        assertEquals(0, server.requests().size());
    }

    @Test
    void anAcceptedLicenceIsRememberedAndTheModelIsUsable() {
        assertEquals(0, run(answering("yes"), "install", "tiny"), err);
        assertTrue(out.startsWith("Installing tiny: Test model tiny, about "), out);
        assertTrue(out.contains("\nNote: The hub's file scanner flags unet/model.onnx (Suspicious) of this model.\n"),
                out);
        assertTrue(out.contains("Installed tiny (3.1 MB, 10 files) in " + tmp.resolve("models/tiny")
                + "; every file matched the size and hash that its descriptor publishes or the hub lists for its "
                + "pinned revision."), out);
        assertTrue(settings.licenseAccepted(catalog.get("tiny")));
        assertEquals(tmp.resolve("models/tiny"), new ModelResolver(new org.inpaintij.models.ModelStore(
                tmp.resolve("models")), catalog).resolve("tiny"));

        assertEquals(0, run("install", "tiny"));
        assertEquals("tiny is already installed in " + tmp.resolve("models") + ".\n", out);
        assertEquals(0, run("list"));
        assertTrue(out.split("\n")[2].matches("tiny +inpainting +3\\.1 MB +Test Licence 1\\.0 +installed"), out);
    }

    @Test
    void verifyReportsOkAndProblems() throws IOException {
        assertEquals(0, run("install", "tiny", "--accept-license"), err);
        assertEquals(0, run("verify", "tiny"), err);
        assertEquals("tiny: OK (3.1 MB checked)\n", out);
        Files.write(tmp.resolve("models/tiny/unet/model.onnx"), new byte[20_000]);
        assertEquals(1, run("verify", "--all"));
        assertTrue(out.startsWith("tiny: 1 problem:\n  unet/model.onnx is damaged: its SHA-256 is "), out);
        String pinned = TestModels.sha256(files.get("unet/model.onnx"));
        assertTrue(out.endsWith(pinned + " was pinned when it was installed.\n"), out);
        assertEquals(2, run("verify"));
        assertEquals("inpaint-ij: Name the models to verify, or give --all.\n", err);
    }

    @Test
    void removeAndRemoveAgain() {
        assertEquals(0, run("install", "tiny", "--accept-license"), err);
        assertEquals(0, run("remove", "tiny"), err);
        assertEquals("Removed tiny from " + tmp.resolve("models") + ".\n", out);
        assertFalse(Files.exists(tmp.resolve("models/tiny")));
        assertEquals(2, run("remove", "tiny"));
        assertEquals("inpaint-ij: No model named 'tiny' is installed in " + tmp.resolve("models")
                + " (no model is installed).\n", err);
    }

    @Test
    void importAFolderAndRefuseANonModel() throws IOException {
        Path src = TestModels.write(tmp.resolve("exported"), files);
        assertEquals(0, run("import", src.toString(), "--name", "mine", "--kind", "plain"), err);
        assertEquals("Imported mine (plain, 3.1 MB, 10 files, SHA-256 pinned) into " + tmp.resolve("models/mine")
                + ".\n", out);
        Files.delete(src.resolve("unet/weights.pb"));
        Files.delete(src.resolve("unet/model.onnx"));
        assertEquals(2, run("import", src.toString(), "--name", "other"));
        assertTrue(err.startsWith("inpaint-ij: Model folder " + src + " lacks unet/model.onnx;"), err);
        assertEquals(1, err.lines().count(), err);
        assertEquals(2, run("import", src.toString(), "--kind", "sdxl"));
        assertTrue(err.startsWith("inpaint-ij: Unknown model kind 'sdxl'; accepted: inpainting, plain, lcm, turbo, zimage."),
                err);
    }

    @Test
    void modelsDirFlagWinsOverTheSavedFolder() {
        Path flag = tmp.resolve("flagged");
        assertEquals(0, run("list", "--models-dir", flag.toString()), err);
        assertTrue(out.startsWith("Model folder: " + flag + " (from --models-dir)"), out);
        assertEquals(0, run("--models-dir", flag.toString(), "install", "tiny", "--accept-license"), err);
        assertTrue(Files.isDirectory(flag.resolve("tiny")));
        assertFalse(Files.exists(tmp.resolve("models/tiny")));
    }

    @Test
    void setFolderIsRememberedAndWarnsWhenOverridden() {
        Path other = tmp.resolve("other");
        assertEquals(0, run("set-folder", other.toString()), err);
        assertEquals("Model folder set to " + other + ".\n", out);
        assertEquals(0, run("list"));
        assertTrue(out.startsWith("Model folder: " + other + " (from saved setting)"), out);
        assertEquals(0, run("set-folder", tmp.resolve("third").toString(), "--models-dir", other.toString()));
        assertEquals("Saved " + tmp.resolve("third") + ", but the --models-dir (" + other + ") takes precedence over "
                + "the saved folder while it is set.\n", out);
    }

    @Test
    void unknownModelsAndServerErrorsGetOneLine() {
        assertEquals(2, run("install", "sd3"));
        assertEquals("inpaint-ij: Unknown model 'sd3'; known models: tiny, gone (or the path of a descriptor .json "
                + "file).\n", err);
        assertEquals(1, run("install", "gone", "--accept-license"));
        assertTrue(err.contains("inpaint-ij: Cannot install model 'gone' (nothing was downloaded): could not read the "
                + "hub's listing of test/gone at " + REV + " from " + hub.endpoint() + "/api/models/test/gone/tree/"
                + REV + "?recursive=true&expand=false: the hub has no model repository test/gone at revision " + REV
                + " (HTTP 404)"), err);
        // progress goes to stderr too; the error itself is one line
        assertEquals(1, err.lines().filter(l -> l.startsWith("inpaint-ij:")).count(), err);
    }

    @Test
    void aDescriptorFileAndAMirrorCanBeGiven() throws IOException {
        TestModels.serve(server, "mirror/extra", files);
        Path json = Files.writeString(tmp.resolve("extra.json"), TestModels.descriptor("extra",
                "https://unreachable.invalid/extra/", files, p -> true));
        assertEquals(0, run("install", json.toString(), "--accept-license", "--base-url", server.base() + "mirror"),
                err);
        assertTrue(Files.isRegularFile(tmp.resolve("models/extra/unet/weights.pb")));
        assertEquals(2, run("install", "tiny", "--base-url", "ftp://x"));
        assertEquals("inpaint-ij: --base-url must be an http(s) URL with a host (such as "
                + "http://mirror.example.org/models), not 'ftp://x'.\n", err);
    }

    @Test
    void aMirrorJavaCannotReachIsOneSentence() {
        // each of these used to end in a Java exception's name (an illegal argument from the HTTP client)
        for (String bad : List.of("httpx://mirror.org", "http:/no-host", "http://h/p?x=1", "https://", "mirror.org")) {
            assertEquals(2, run("install", "tiny", "--accept-license", "--base-url", bad), bad);
            assertTrue(err.startsWith("inpaint-ij: --base-url must be an http(s) URL with a host"), err);
            org.inpaintij.testing.Snapshot.assertNoJavaNames(err);
        }
        assertFalse(Files.exists(tmp.resolve("models/.partial")));
    }

    @Test
    void aDescriptorWithUrlsTheUserTypedIsTrustedOnFirstUseAndSaysSo() throws IOException {
        TestModels.serve(server, "my-server/mine", files);
        Path json = Files.writeString(tmp.resolve("mine.json"), TestModels.descriptor("mine", server.base()
                + "my-server/mine/", files, p -> p.startsWith("unet/")));
        assertEquals(0, run("install", json.toString(), "--accept-license"), err);
        assertTrue(out.contains("; 8 files were confirmed by nothing but their download (a URL you typed), and their "
                + "SHA-256 is now pinned (trusted on first use)."), out);
        assertEquals(0, run("list"));
        assertTrue(out.lines().anyMatch(l -> l.matches("mine +inpainting +3\\.1 MB +Test Licence 1\\.0 +installed, "
                + "trusted on first use \\(a URL you typed\\)")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("tiny .* not installed")), "the catalog's model is not: " + out);
    }

    @Test
    void checkComparesEachDescriptorWithTheHubAndPrintsEveryDifference() {
        assertEquals(0, run("check", "tiny"), err);
        assertEquals("tiny (test/tiny at " + REV + "): agrees with the hub.\n  on the hub but not installed by the "
                + "descriptor: README.md (7 bytes)\n", out);
        repo.listAs("unet/weights.pb", 3_000_001, null);
        repo.listAs("vae_decoder/model.onnx", 31_000, "cd".repeat(32));
        assertEquals(1, run("check", "tiny"), err);
        assertEquals("tiny (test/tiny at " + REV + "): 2 differences:\n"
                + "  unet/weights.pb: the descriptor gives 3000000 bytes, the hub lists 3000001\n"
                + "  vae_decoder/model.onnx: the hub lists 31000 bytes, which is not the 30 kB its page showed\n"
                + "  on the hub but not installed by the descriptor: README.md (7 bytes)\n", out);
        assertEquals(1, run("check", "--all"));
        assertTrue(out.contains("tiny (test/tiny at " + REV + "): 2 differences:"), out);
        assertTrue(err.contains("inpaint-ij: Cannot check model 'gone': could not read the hub's listing of test/gone"),
                err);
        assertEquals(2, run("check"));
        assertEquals("inpaint-ij: Name the models to check, or give --all.\n", err);
    }

    @Test
    void inpaintTakesModelsDirAndTheResolverUsesIt() {
        Path dir = tmp.resolve("for-inpaint");
        try {
            Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
                    .parseArgs("inpaint", "--models-dir", dir.toString(), "--image", "in.tif", "--out", "out.tif");
            assertEquals(dir.toString(), System.getProperty(ModelsFolder.FLAG_PROPERTY));
            String message = org.junit.jupiter.api.Assertions.assertThrows(
                    org.inpaintij.core.BadInputException.class, () -> ModelResolver.standard().resolve(null))
                    .getMessage();
            assertTrue(message.startsWith("No diffusion model is installed") && message.contains("model folder " + dir),
                    message);
        } finally {
            System.clearProperty(ModelsFolder.FLAG_PROPERTY);
        }
    }

    @Test
    void registeredInTheMainCommandLine() {
        StringWriter o = new StringWriter(), e = new StringWriter();
        int rc = Main.commandLine(new PrintWriter(o, true), new PrintWriter(e, true)).execute("models", "--help");
        assertEquals(0, rc, e.toString());
        assertTrue(o.toString().contains("install") && o.toString().contains("set-folder"), o.toString());
    }
}
