package org.inpaintij.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.inpaintij.testing.RealImageJ;
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
        RealImageJ imagej = RealImageJ.install("it-imagej-models", "org.inpaintij.models",
                n -> n.startsWith("ModelsWindowDriver"));
        Path root = imagej.root();
        Map<String, byte[]> files = TestModels.files(21);
        try (TestServer server = new TestServer()) {
            TestModels.serve(server, "hub/tiny", files);
            Path descriptor = Files.writeString(root.resolve("tiny.json"), TestModels.descriptor("tiny",
                    server.base() + "hub/tiny/", files, p -> p.startsWith("unet/")));
            Path out = imagej.runMacro("/models/models-in-imagej.ijm", Map.of("DESCRIPTOR", descriptor.toString()),
                    180);
            Path home = root.resolve("home");
            String log = Files.readString(out.resolve("log.txt"));

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
            // its descriptor is the user's own, with URLs no hub lists: the list and Info say how far it is trusted
            assertTrue(log.contains("  (trusted on first use: 8 of 10 files were confirmed by nothing but the download "
                    + "(a URL you typed))\n"), log);
            assertTrue(log.lines().anyMatch(l -> l.startsWith("tiny ") && l.endsWith("installed, trusted on first use "
                    + "(a URL you typed)")), log);
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
        // the catalog's six models and tiny, then the six
        assertEquals("7", window[1]);
        assertEquals("6", window[2]);
        assertEquals(java.util.List.of(), new ModelStore(root.resolve("home/.inpaint-ij/models")).installed());
        // Inpainting Info's window: "Copy to clipboard" copies the whole report (now without the removed model)
        String clip = Files.readString(root.resolve("out/clipboard.txt"));
        assertTrue(clip.startsWith("Inpaint-IJ ") && clip.contains("Installed models: none")
                && clip.contains("\ndevice=auto runs on: "), clip);
    }
}
