package org.inpaintij.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Installs the built plugin into a real ImageJ (as a user does: the jar renamed with an underscore, its
 * libraries in plugins/jars) and drives Plugins > Inpainting > Inpainting Models... from a macro: install from
 * a local server, verify, list; then plays the user in the window (Verify, Remove). This proves the menu entry,
 * the catalog packaged in the jar, downloads inside ImageJ's own class loader, and the window's worker thread;
 * and Inpainting Info, in the Log by macro and through its window's "Copy to clipboard".
 * Needs a display (Xvfb in CI), like the other real-ImageJ test.
 */
class ModelsInImageJIT {

    @Test
    void installVerifyAndListFromAMacroThenVerifyAndRemoveInTheWindow() throws Exception {
        String display = System.getenv("DISPLAY");
        if (display == null || display.isBlank()) {
            fail("This test starts real ImageJ and needs a display: run it under Xvfb (xvfb-run -a mvn verify).");
        }
        Path root = Path.of("target", "it-imagej-models").toAbsolutePath();
        ModelStore.deleteTree(root);
        Path jars = Files.createDirectories(root.resolve("plugins/jars"));
        Files.copy(Path.of(System.getProperty("inpaintij.jar", "target/inpaint-ij.jar")),
                root.resolve("plugins/Inpaint_IJ.jar"));
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("inpaintij.lib", "target/lib")))) {
            for (Path p : s.toList()) {
                Files.copy(p, p.getFileName().toString().startsWith("ij-") ? root.resolve("ij.jar")
                        : jars.resolve(p.getFileName()));
            }
        }
        packDriver(jars.resolve("inpaint-models-it-driver.jar"));
        Map<String, byte[]> files = TestModels.files(21);
        try (TestServer server = new TestServer()) {
            TestModels.serve(server, "hub/tiny", files);
            Path descriptor = Files.writeString(root.resolve("tiny.json"), TestModels.descriptor("tiny",
                    server.base() + "hub/tiny/", files, p -> p.startsWith("unet/")));
            String macro;
            try (InputStream in = ModelsInImageJIT.class.getResourceAsStream("/models/models-in-imagej.ijm")) {
                macro = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        .replace("@DESCRIPTOR@", descriptor.toString());
            }
            Path macroFile = Files.writeString(root.resolve("models.ijm"), macro);
            Path out = Files.createDirectories(root.resolve("out"));
            Path home = Files.createDirectories(root.resolve("home"));
            String log = runImageJ(root, home, macroFile, out);

            assertTrue(log.contains("Installed tiny (3.1 MB) in " + home.resolve(".inpaint-ij/models/tiny") + "."),
                    log);
            assertTrue(log.contains("tiny: OK (3.1 MB checked)"), log);
            assertTrue(log.contains("Model folder: " + home.resolve(".inpaint-ij/models") + " (from default)"), log);
            for (String known : new String[] {"sd15-inpainting", "sd2-inpainting", "lcm-dreamshaper-v7", "sd-turbo"}) {
                assertTrue(log.contains("\n" + known + " "), "the catalog packaged in the jar lists " + known + ": "
                        + log);
            }
            // Inpainting Info, by macro, in the Log: the model and the device section of the real runtime
            assertTrue(log.contains("\nInpaint-IJ ") && log.contains(" (ImageJ 1."), log);
            assertTrue(log.contains("\n  tiny  inpainting    3.1 MB  installed "), log);
            assertTrue(log.contains("\nExecution providers: ") && log.contains("\ndevice=auto runs on: "), log);
            // the licence acceptance went to the settings in ImageJ's home
            assertTrue(Files.readString(home.resolve(".inpaint-ij/settings.properties"))
                    .contains("license.accepted.tiny="));
            assertEquals(files.size(), server.requests().size(), "every file downloaded once");
        }
        // then the window (after the macro's own verify): Verify on the model, then Remove (confirmed) takes its
        // row away and the model with it
        String[] window = Files.readString(root.resolve("out/window.txt")).split("\\|");
        assertEquals("tiny: every file matches its pinned SHA-256.", window[0]);
        assertEquals("5", window[1]);
        assertEquals("4", window[2]);
        assertEquals(java.util.List.of(), new ModelStore(root.resolve("home/.inpaint-ij/models")).installed());
        // Inpainting Info's window: "Copy to clipboard" copies the whole report (now without the removed model)
        String clip = Files.readString(root.resolve("out/clipboard.txt"));
        assertTrue(clip.startsWith("Inpaint-IJ ") && clip.contains("Installed models: none")
                && clip.contains("\ndevice=auto runs on: "), clip);
    }

    /** The window driver, from the test classes, as a jar ImageJ's plugin class loader finds. */
    private static void packDriver(Path dest) throws IOException {
        Path classes = Path.of("target", "test-classes");
        try (java.io.OutputStream o = Files.newOutputStream(dest);
                java.util.jar.JarOutputStream jar = new java.util.jar.JarOutputStream(o);
                Stream<Path> s = Files.list(classes.resolve("org/inpaintij/models"))) {
            for (Path p : s.filter(f -> f.getFileName().toString().startsWith("ModelsWindowDriver")).toList()) {
                jar.putNextEntry(new java.util.jar.JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                jar.write(Files.readAllBytes(p));
                jar.closeEntry();
            }
        }
    }

    private static String runImageJ(Path root, Path home, Path macro, Path out) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Duser.home=" + home, "-jar", root.resolve("ij.jar").toString(), "-ijpath",
                root.toString(), "-macro", macro.toString(), out.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(root.resolve("imagej.log").toFile());
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (!Files.exists(out.resolve("done"))) {
                if (!p.isAlive()) fail("ImageJ exited early: " + Files.readString(root.resolve("imagej.log")));
                if (System.nanoTime() > deadline) {
                    fail("The macro did not finish in 180 s; ImageJ output:\n" + Files.readString(
                            root.resolve("imagej.log")) + logSoFar(out));
                }
                Thread.sleep(200);
            }
            return Files.readString(out.resolve("log.txt"));
        } finally {
            p.destroyForcibly();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private static String logSoFar(Path out) throws IOException {
        Path f = out.resolve("log.txt");
        return Files.exists(f) ? "\nLog:\n" + Files.readString(f) : "";
    }
}
