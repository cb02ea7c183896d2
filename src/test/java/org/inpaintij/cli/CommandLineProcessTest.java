package org.inpaintij.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.inpaintij.diffusion.model.TinyModels;
import org.inpaintij.models.TestModels;
import org.inpaintij.models.TestProxy;
import org.inpaintij.models.TestServer;
import org.inpaintij.testing.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a user runs it, in its own process, so that everything that reaches the real standard
 * output and error (ImageJ's own messages, log records, ONNX Runtime) and everything left in the temporary
 * folder is seen.
 */
class CommandLineProcessTest {

    @TempDir
    Path tmp;

    @org.junit.jupiter.api.AfterEach
    void inputsUnchanged() {
        InProcessCli.assertSampleUnchanged();
    }

    record Run(int rc, String out, String err) {}

    private Run run(String... args) throws IOException, InterruptedException {
        return run(java.util.Map.of(), args);
    }

    private Run run(java.util.Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path temp = Files.createDirectories(tmp.resolve("javatmp"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + temp, "-Duser.home=" + tmp.resolve("home"), "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(tmp.resolve("stdout").toFile())
                .redirectError(tmp.resolve("stderr").toFile());
        for (String v : List.of("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
                "no_proxy", "NO_PROXY", "INPAINT_IJ_MODELS", "INPAINT_IJ_DEBUG")) {
            pb.environment().remove(v);
        }
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the command line did not finish");
        }
        return new Run(p.exitValue(), Files.readString(tmp.resolve("stdout"), StandardCharsets.UTF_8),
                Files.readString(tmp.resolve("stderr"), StandardCharsets.UTF_8));
    }

    private List<String> leftInTemp() throws IOException {
        try (Stream<Path> s = Files.list(tmp.resolve("javatmp"))) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void aQuietDiffusionRunPrintsNothingAndLeavesNoTemporaryFolder() throws Exception {
        Path model = TinyModels.folder(TinyModels.SD15_SCRIPT, "process");
        Path dest = tmp.resolve("out.tif");
        Run r = run("inpaint", "--image", "doc/sample/sample.tif", "--mask", "doc/sample/sample-mask.png", "--out",
                dest.toString(), "--method", "diffusion", "--model", model.toString(), "--steps", "2",
                "--resolution", "64", "--context", "8", "--quiet");
        assertEquals(0, r.rc(), r.err());
        assertEquals("", r.out());
        assertEquals("", r.err(), "--quiet prints nothing but errors (log records included)");
        assertTrue(Files.isRegularFile(dest));
        assertEquals(List.of(), leftInTemp(), "ONNX Runtime's library folder is removed at exit");
    }

    @Test
    void modelsInstallHonoursHttpProxyAndNoProxy() throws Exception {
        try (TestServer server = new TestServer(); TestProxy proxy = new TestProxy()) {
            java.util.Map<String, byte[]> files = TestModels.files(5);
            TestModels.serve(server, "mirror/tiny", files);
            Path json = Files.writeString(tmp.resolve("tiny.json"), TestModels.descriptor("tiny",
                    "https://unreachable.invalid/tiny/", files, p -> true));
            // a mirror name that only the proxy can reach
            String mirror = "http://models.example.test:" + server.base().getPort() + "/mirror";
            Run r = run(java.util.Map.of("HTTP_PROXY", proxy.url()), "models", "install", json.toString(),
                    "--accept-license", "--base-url", mirror, "--models-dir", tmp.resolve("m1").toString());
            assertEquals(0, r.rc(), r.err());
            assertTrue(Files.isRegularFile(tmp.resolve("m1/tiny/unet/weights.pb")));
            assertTrue(proxy.urls().contains(mirror + "/tiny/unet/weights.pb"), proxy.urls().toString());
            int through = proxy.urls().size();
            // NO_PROXY: the local mirror is reached directly
            r = run(java.util.Map.of("HTTP_PROXY", proxy.url(), "NO_PROXY", "127.0.0.1"), "models", "install",
                    json.toString(), "--accept-license", "--base-url", server.base() + "mirror", "--models-dir",
                    tmp.resolve("m2").toString());
            assertEquals(0, r.rc(), r.err());
            assertEquals(through, proxy.urls().size(), "no request went through the proxy");
            assertEquals(List.of(), leftInTemp());
        }
    }

    @Test
    void aCorruptSettingsFileIsReportedOnceSetAsideAndTheDefaultsUsed() throws Exception {
        Path conf = Files.createDirectories(tmp.resolve("home/.inpaint-ij"));
        byte[] garbage = {'m', 'o', 'd', 'e', 'l', 's', '=', (byte) 0xff, (byte) 0xfe, '\n'};
        Files.write(conf.resolve("settings.properties"), garbage);
        Path model = TinyModels.folder(TinyModels.SD15_SCRIPT, "process-settings");
        Run r = run("inpaint", "--image", "doc/sample/sample.tif", "--mask", "doc/sample/sample-mask.png", "--out",
                tmp.resolve("o.tif").toString(), "--method", "diffusion", "--model", model.toString(), "--steps", "1",
                "--resolution", "64", "--context", "8");
        assertEquals(0, r.rc(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("inpaint-ij: warning: The Inpaint-IJ settings file " + conf.resolve(
                "settings.properties") + " is damaged: it is not UTF-8 text; it was renamed to " + conf.resolve(
                "settings.properties.corrupt-")), r.err());
        Snapshot.assertNoJavaNames(r.err());
        List<Path> aside;
        try (Stream<Path> s = Files.list(conf)) {
            aside = s.filter(p -> p.getFileName().toString().startsWith("settings.properties.corrupt-")).toList();
        }
        assertEquals(1, aside.size());
        org.junit.jupiter.api.Assertions.assertArrayEquals(garbage, Files.readAllBytes(aside.get(0)),
                "the damaged file is kept, byte for byte");
        r = run("models", "list");
        assertEquals(0, r.rc(), r.err());
        assertEquals("", r.err(), "reported once");
        assertTrue(r.out().startsWith("Model folder: " + tmp.resolve("home/.inpaint-ij/models") + " (from default)"),
                r.out());
    }

    @Test
    void aFailureIsOneLineQuietlyAndShowsItsDetailsWithDebug() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.png"), "hello");
        String[] args = {"inpaint", "--image", text.toString(), "--mask", "doc/sample/sample-mask.png", "--out",
            tmp.resolve("o.tif").toString()};
        Run r = run(concat(args, "--quiet"));
        assertEquals(2, r.rc());
        assertEquals("", r.out(), "ImageJ's 'Unsupported format' message stays out of the output");
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("inpaint-ij: Cannot open the image " + text), r.err());
        Snapshot.assertNoJavaNames(r.err());

        r = run(concat(args, "--debug"));
        assertEquals(2, r.rc());
        assertTrue(r.err().startsWith("inpaint-ij: Cannot open the image " + text), r.err());
        assertTrue(r.err().contains("inpaint-ij: debug: ") && r.err().contains("\tat org.inpaintij."), r.err());
        assertTrue(r.err().contains("ImageJ printed: Unsupported format"), r.err());
    }

    private static String[] concat(String[] a, String b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = b;
        return out;
    }
}
