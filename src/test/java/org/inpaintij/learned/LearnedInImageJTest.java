package org.inpaintij.learned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.OvalRoi;
import ij.gui.Roi;
import ij.gui.ShapeRoi;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Monitor;
import org.inpaintij.core.Requests;
import org.inpaintij.ij.ImageInpainter;
import org.inpaintij.ij.MaskSource;
import org.inpaintij.ij.Outpainter;
import org.inpaintij.models.Hashing;
import org.inpaintij.models.InstalledModel;
import org.inpaintij.models.ModelStore;
import org.inpaintij.models.ModelsFolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * method=lama and method=migan through the same facade as the plugin and the macro language, on ImageJ images:
 * installed models found by name or as the first of their kind, stacks, RGB, every output mode, outpainting,
 * provenance, and auto's learned step.
 */
class LearnedInImageJTest {

    private static final int W = 200, H = 160;

    @TempDir
    Path tmp;

    InstalledModel lama;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @BeforeEach
    void installTinyLama() {
        System.setProperty(ModelsFolder.FLAG_PROPERTY, tmp.resolve("models").toString());
        lama = new ModelStore(tmp.resolve("models")).importFolder(TinyLearned.graph(TinyLearned.LAMA_512),
                "lama-tiny", null, Monitor.NONE);
    }

    @AfterEach
    void clearFolder() {
        System.clearProperty(ModelsFolder.FLAG_PROPERTY);
    }

    private static InpaintRequest req(String... kv) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("device", "cpu");
        for (int i = 0; i < kv.length; i += 2) v.put(kv[i], kv[i + 1]);
        return Requests.parse(v);
    }

    private static ImageInpainter.Result run(ImagePlus imp, InpaintRequest req) {
        return ImageInpainter.run(imp, MaskSource.of(imp, req), req, Monitor.NONE);
    }

    /** A 16-bit stack whose slices are row ramps with different offsets: each slice must be filled from itself. */
    @Test
    void everySliceOfAStackIsFilledFromItsOwnPixels() throws Exception {
        ImageStack st = new ImageStack(W, H);
        for (int s = 0; s < 3; s++) {
            short[] px = new short[W * H];
            for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) px[y * W + x] = (short) (1000 * (s + 1) + 20 * y);
            st.addSlice(new ShortProcessor(W, H, px, null));
        }
        ImagePlus imp = new ImagePlus("stack", st);
        imp.setRoi(new Roi(80, 60, 40, 40));
        ImagePlus out = run(imp, req("method", "lama", "stack", "true")).image();
        for (int s = 1; s <= 3; s++) {
            ImageProcessor in = st.getProcessor(s), ip = out.getStack().getProcessor(s);
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    boolean hole = x >= 80 && x < 120 && y >= 60 && y < 100;
                    if (hole) assertEquals(1000 * s + 20 * y, ip.get(x, y), 1.0, "slice " + s + " at " + x + "," + y);
                    else assertEquals(in.get(x, y), ip.get(x, y), "slice " + s + " outside at " + x + "," + y);
                }
            }
        }
        String info = (String) out.getProperty("Info");
        assertTrue(info.contains("method=lama; model=default; context=default; resolution=default; device=cpu"), info);
        String sha = Hashing.file(lama.folder().resolve("lama-512.onnx"));
        assertTrue(info.contains("model=lama-tiny (lama-512.onnx sha256 " + sha + ") (x3)"), info);
        assertTrue(info.contains("range=each crop's 0.5th to 99.5th percentile of its known pixels as the model's 0..1"),
                info);
    }

    /** RGB with an oval selection, in a new window and in place: only the selection changes. */
    @Test
    void rgbInANewWindowAndInPlaceChangesOnlyTheSelection() {
        for (String output : new String[] {"new", "in-place"}) {
            ColorProcessor cp = new ColorProcessor(W, H);
            for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) cp.set(x, y, ((x * 3) & 0xff) << 16 | (y & 0xff) << 8 | 77);
            int[] before = ((int[]) cp.getPixels()).clone();
            ImagePlus imp = new ImagePlus("rgb", cp);
            OvalRoi oval = new OvalRoi(60, 50, 70, 50);
            imp.setRoi(oval);
            ImagePlus out = run(imp, req("method", "migan", "model", TinyLearned.graph(TinyLearned.MIGAN_DYNAMIC)
                    .toString(), "output", output)).image();
            assertTrue(output.equals("new") ? out != imp : out == imp, output);
            ImageProcessor ip = out.getProcessor();
            int changed = 0;
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    int v = ip.get(x, y) & 0xffffff, b = before[y * W + x] & 0xffffff;
                    if (!oval.contains(x, y)) {
                        assertEquals(b, v, output + " outside at " + x + "," + y);
                    } else if (v != b) {
                        changed++;
                        // blue is 77 everywhere, so its row mean is 77; green is the row, so it stays
                        assertEquals(77, v & 0xff, output + " blue at " + x + "," + y);
                        assertEquals(y & 0xff, (v >> 8) & 0xff, output + " green at " + x + "," + y);
                    }
                }
            }
            assertTrue(changed > 1000, output + ": " + changed);
        }
    }

    @Test
    void outpaintingFillsTheNewBorderAndKeepsTheOriginal() {
        ImagePlus imp = IJ.createImage("g", "8-bit black", W, H, 1);
        ImageProcessor p = imp.getProcessor();
        for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) p.set(x, y, 30 + y);
        byte[] orig = ((byte[]) p.getPixels()).clone();
        ImagePlus out = Outpainter.run(imp, req("method", "migan", "model", TinyLearned.graph(TinyLearned.MIGAN_DYNAMIC)
                .toString()), new Outpainter.Border(0, 24, 0, 0, 4), Monitor.NONE).image();
        assertEquals(W + 24, out.getWidth());
        ImageProcessor ip = out.getProcessor();
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W - 4; x++) assertEquals(orig[y * W + x] & 0xff, ip.get(x, y), "original " + x + "," + y);
            // the border's rows get their own row's value back: the row means of a row ramp
            for (int x = W - 4; x < W + 24; x++) assertEquals(30 + y, ip.get(x, y), 1.0, "border " + x + "," + y);
        }
    }

    /** auto takes the installed LaMa for a large hole and says so; a scratch stays biharmonic. */
    @Test
    void autoUsesAnInstalledLearnedFillForLargeHolesOnly() {
        ImagePlus imp = IJ.createImage("g", "8-bit black", W, H, 1);
        ImageProcessor p = imp.getProcessor();
        for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) p.set(x, y, 30 + y + (x % 7));
        ShapeRoi both = new ShapeRoi(new Roi(70, 50, 48, 48)).or(new ShapeRoi(new Roi(10, 130, 60, 3)));
        imp.setRoi(both);
        String info = (String) run(imp, req("method", "auto")).image().getProperty("Info");
        assertTrue(info.contains("auto=lama (learned fill of a large hole)"), info);
        assertTrue(info.contains("auto=biharmonic"), info);
        assertTrue(info.contains("model=lama-tiny (lama-512.onnx sha256 "), info);

        int open = LearnedModels.shared().size();
        new ModelStore(tmp.resolve("models")).remove("lama-tiny");
        assertEquals(open - 1, LearnedModels.shared().size(), "removing the model closed its session");
        imp.setRoi(new Roi(70, 50, 48, 48));
        String without = (String) run(imp, req("method", "auto")).image().getProperty("Info");
        assertFalse(without.contains("lama"), without);
        assertTrue(without.matches("(?s).*auto=(harmonic|biharmonic|patch).*"), without);
    }

    @Test
    void withNothingInstalledTheMethodSaysWhatToInstall() {
        new ModelStore(tmp.resolve("models")).remove("lama-tiny");
        ImagePlus imp = IJ.createImage("g", "8-bit ramp", W, H, 1);
        imp.setRoi(new Roi(80, 60, 40, 40));
        byte[] before = ((byte[]) imp.getProcessor().getPixels()).clone();
        org.inpaintij.core.BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.inpaintij.core.BadInputException.class, () -> run(imp, req("method", "migan", "output", "in-place")));
        assertTrue(e.getMessage().startsWith("No MI-GAN model is installed: install one with Plugins > Inpainting > "
                + "Inpainting Models... or `java -jar inpaint-ij.jar models install NAME` (NAME: migan;"), e.getMessage());
        assertTrue(java.util.Arrays.equals(before, (byte[]) imp.getProcessor().getPixels()), "image unchanged");
    }
}
