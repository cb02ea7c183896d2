package org.inpaintij.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;

import org.inpaintij.learned.TinyLearned;
import org.inpaintij.testing.Fixtures;
import org.inpaintij.testing.RealImageJ;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Starts a real ImageJ (ij.jar) on the display (Xvfb in CI) with the built plugin installed in its plugins
 * folder exactly as a user installs it, and drives Plugins > Inpainting > Inpaint Selection... from a macro in
 * every output mode, then plays the user in the dialogs with the recorder on and replays the recorded line in
 * batch mode.
 */
class RealImageJIT {

    private static RealImageJ imagej;

    @BeforeAll
    static void install() throws IOException {
        imagej = RealImageJ.install("it-imagej", "org.inpaintij.it", n -> n.startsWith("ImageJDriver"));
    }

    @Test
    void menuCommandInEveryOutputModeAndRecordedLineReplays() throws Exception {
        Path out = imagej.runMacro("/it/inpaint-modes.ijm", Map.of(
                "FIXTURES", Fixtures.dir().toAbsolutePath().toString(),
                "MIGAN", TinyLearned.graph(TinyLearned.MIGAN_DYNAMIC).toString(),
                "LAMA", TinyLearned.graph(TinyLearned.LAMA_512).toString()), 240);
        Map<String, String> r = read(out);

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
        // and the provenance line goes with the pixels (it used to stay in the Info)
        assertTrue(r.get("inplace.info").contains("Inpaint-IJ ") && r.get("inplace.info").contains("output=in-place"),
                r.get("inplace.info"));
        assertEquals("", r.get("undo.info"));
        assertEquals("camera-inpainted", r.get("bracket.title"), "mask=[dust [1]] named the mask image");
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
        // the learned fills, by the path of a graph, from the menu command and Outpaint...
        assertTrue(r.get("migan.info").contains("method=migan; model=" + TinyLearned.graph(TinyLearned.MIGAN_DYNAMIC))
                && r.get("migan.info").contains("(sha256 "), r.get("migan.info"));
        assertEquals("72x48", r.get("lama.size"));
        assertTrue(r.get("lama.info").contains("method=lama") && r.get("lama.info").contains("graph=LaMa, fixed 512x512"),
                r.get("lama.info"));
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
}
