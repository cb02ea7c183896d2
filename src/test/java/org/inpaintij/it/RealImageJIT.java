package org.inpaintij.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import ij.IJ;
import ij.ImagePlus;

import org.inpaintij.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Starts a real ImageJ (ij.jar) on the display (Xvfb in CI) with the built plugin installed in its plugins
 * folder exactly as a user installs it, and drives Plugins > Inpainting > Inpaint Selection... from a macro in
 * every output mode, then plays the user in the dialogs with the recorder on and replays the recorded line in
 * batch mode.
 */
class RealImageJIT {

    private static Path root;

    @BeforeAll
    static void install() throws IOException {
        String display = System.getenv("DISPLAY");
        if (display == null || display.isBlank()) {
            fail("This test starts real ImageJ and needs a display: run it under Xvfb (xvfb-run -a mvn verify); "
                    + "it is never skipped.");
        }
        Path jar = Path.of(System.getProperty("inpaintij.jar", "target/inpaint-ij.jar"));
        Path lib = Path.of(System.getProperty("inpaintij.lib", "target/lib"));
        root = Path.of("target", "it-imagej").toAbsolutePath();
        deleteTree(root);
        Path jars = Files.createDirectories(root.resolve("plugins").resolve("jars"));
        // ImageJ installs a jar's plugins.config only when its file name has an underscore
        Files.copy(jar, root.resolve("plugins").resolve("Inpaint_IJ.jar"));
        try (Stream<Path> s = Files.list(lib)) {
            for (Path p : s.toList()) {
                if (p.getFileName().toString().startsWith("ij-")) {
                    Files.copy(p, root.resolve("ij.jar"));
                } else {
                    Files.copy(p, jars.resolve(p.getFileName()));
                }
            }
        }
        packDriver(jars.resolve("inpaint-it-driver.jar"));
    }

    /** The driver class, from the test classes, as a jar ImageJ's plugin class loader finds. */
    private static void packDriver(Path dest) throws IOException {
        Path classes = Path.of("target", "test-classes");
        try (OutputStream o = Files.newOutputStream(dest); JarOutputStream jar = new JarOutputStream(o);
                Stream<Path> s = Files.walk(classes.resolve("org/inpaintij/it"))) {
            for (Path p : s.filter(f -> f.getFileName().toString().startsWith("ImageJDriver")).toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                jar.write(Files.readAllBytes(p));
                jar.closeEntry();
            }
        }
    }

    @Test
    void menuCommandInEveryOutputModeAndRecordedLineReplays() throws Exception {
        Path out = Files.createDirectories(root.resolve("out"));
        String macro;
        try (InputStream in = RealImageJIT.class.getResourceAsStream("/it/inpaint-modes.ijm")) {
            macro = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("@FIXTURES@", Fixtures.dir().toAbsolutePath().toString());
        }
        Path macroFile = root.resolve("inpaint-modes.ijm");
        Files.writeString(macroFile, macro);
        Map<String, String> r = runImageJ(macroFile, out);

        // output=new: a new window, the source untouched, the region outlined, provenance in the Info
        assertEquals("camera-inpainted", r.get("new.title"));
        assertEquals("1", r.get("new.overlay"));
        assertEquals("inpainted", r.get("new.roiname"));
        assertTrue(r.get("new.info").contains("Inpaint-IJ ") && r.get("new.info").contains("method=harmonic"), r.get("new.info"));
        assertEquals(r.get("orig.before"), r.get("orig.after.new"));
        // output=in-place: changed, and Edit > Undo brings the original back
        assertNotEquals(r.get("orig.before"), r.get("inplace.value"));
        assertEquals(r.get("orig.before"), r.get("undo.value"));
        assertEquals(r.get("new.value"), r.get("inplace.value"));
        // output=overlay: pixels unchanged, an image layer added
        assertEquals(r.get("orig.before"), r.get("overlay.value"));
        assertEquals("2", r.get("overlay.size"));
        assertEquals("inpainted layer", r.get("overlay.layer"));
        // 16-bit stack, every slice, labels kept; 32-bit NaN; RGB
        assertEquals("3", r.get("stack.slices"));
        assertEquals("s2", r.get("stack.label2"));
        assertEquals("16", r.get("stack.bits"));
        assertEquals("NaN", r.get("nan.before"));
        assertEquals("32", r.get("nan.bits"));
        assertTrue(Double.isFinite(Double.parseDouble(r.get("nan.after"))), r.get("nan.after"));
        assertEquals("24", r.get("rgb.bits"));
        // Outpaint... makes a larger new image
        assertEquals("522x518", r.get("outpaint.size"));
        assertEquals("camera-outpainted", r.get("outpaint.title"));
        // the recorder wrote every option, and the line replays to the same pixels in batch mode
        String rec = r.get("recorded");
        for (String key : List.of("method=telea", "output=new", "mask=selection", "grow=2", "feather=1", "radius=4")) {
            assertTrue(rec.contains(key), "recorded: " + rec);
        }
        ImagePlus interactive = IJ.openImage(out.resolve("interactive.tif").toString());
        ImagePlus replay = IJ.openImage(out.resolve("replay.tif").toString());
        assertArrayEquals((byte[]) interactive.getProcessor().getPixels(), (byte[]) replay.getProcessor().getPixels());
        assertTrue(r.get("error").startsWith("Unknown method 'bogus'; accepted: auto"), r.get("error"));
    }

    private static Map<String, String> runImageJ(Path macro, Path out) throws Exception {
        Path home = Files.createDirectories(root.resolve("home"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-Duser.home=" + home, "-jar", root.resolve("ij.jar").toString(), "-ijpath", root.toString(),
                "-macro", macro.toString(), out.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(root.resolve("imagej.log").toFile());
        Process p = pb.start();
        Path done = out.resolve("done");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (!Files.exists(done)) {
                if (!p.isAlive()) fail("ImageJ exited early (" + p.exitValue() + "): " + Files.readString(root.resolve("imagej.log")));
                if (System.nanoTime() > deadline) {
                    fail("The macro did not finish in 240 s; results so far: " + read(out) + "\nImageJ output:\n"
                            + Files.readString(root.resolve("imagej.log")));
                }
                Thread.sleep(200);
            }
            return read(out);
        } finally {
            p.destroyForcibly();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private static Map<String, String> read(Path out) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        Path f = out.resolve("results.txt");
        if (!Files.exists(f)) return m;
        for (String line : Files.readAllLines(f)) {
            int eq = line.indexOf('=');
            if (eq > 0) m.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return m;
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }

    static void copy(Path a, Path b) throws IOException {
        Files.copy(a, b, StandardCopyOption.REPLACE_EXISTING);
    }
}
