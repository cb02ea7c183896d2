package org.inpaintij.learned;

import static org.inpaintij.learned.TinyLearned.LAMA_512;
import static org.inpaintij.learned.TinyLearned.LAMA_DYNAMIC;
import static org.inpaintij.learned.TinyLearned.MIGAN_512;
import static org.inpaintij.learned.TinyLearned.MIGAN_DYNAMIC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.inpaintij.core.ArrayPlane;
import org.inpaintij.core.BadInputException;
import org.inpaintij.core.FillRegion;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Plane;
import org.inpaintij.core.PlaneFill;
import org.inpaintij.models.Hashing;
import org.inpaintij.models.LearnedGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * method=lama and method=migan on the tiny graphs, whose fill is known exactly (each pixel to fill gets the mean of
 * the known pixels of its row, in the model's input): where the window lands, how it is resized and mapped, and
 * that nothing outside the mask changes, in every bit depth.
 */
class LearnedEngineTest {

    private static final int W = 200, H = 160;
    /** A 40 x 40 hole: context 20 on each side makes an 80 x 80 window, which a dynamic graph takes as it is. */
    private static final Rectangle HOLE = new Rectangle(80, 60, 40, 40);
    private static final Rectangle WINDOW = new Rectangle(60, 40, 80, 80);

    @TempDir
    Path tmp;

    private static double[][] copy(double[][] d) {
        double[][] c = new double[d.length][];
        for (int i = 0; i < d.length; i++) c[i] = d[i].clone();
        return c;
    }

    /** Fills and checks that every pixel outside the mask kept its exact bits; returns the plane. */
    private static ArrayPlane fillKeepingOutside(double[][] data, Plane.Type type, byte[] mask, InpaintRequest req) {
        ArrayPlane p = new ArrayPlane(W, H, type, copy(data));
        TinyLearned.fill(p, mask, req);
        for (int c = 0; c < data.length; c++) {
            for (int i = 0; i < mask.length; i++) {
                if (mask[i] == 0) {
                    assertEquals(Double.doubleToRawLongBits(data[c][i]), Double.doubleToRawLongBits(p.channel(c)[i]),
                            "pixel " + i + " of channel " + c + " outside the mask changed");
                } else {
                    assertTrue(Double.isFinite(p.channel(c)[i]), "non-finite fill at " + i);
                }
            }
        }
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {LAMA_DYNAMIC, MIGAN_DYNAMIC})
    void aDynamicGraphSeesTheSquareWindowAtItsOwnSize(String model) {
        double[][] rgb = {TinyLearned.texture(W, H, 0), TinyLearned.texture(W, H, 5), TinyLearned.texture(W, H, 11)};
        byte[] mask = TinyLearned.rect(W, H, HOLE);
        ArrayPlane p = fillKeepingOutside(rgb, Plane.Type.BYTE, mask, TinyLearned.request(model));
        for (int c = 0; c < 3; c++) {
            for (int y = HOLE.y; y < HOLE.y + HOLE.height; y++) {
                double want = TinyLearned.rowMean(rgb[c], mask, W, WINDOW, y);
                for (int x = HOLE.x; x < HOLE.x + HOLE.width; x++) {
                    // the model's float mean, rounded once to 8 bits
                    assertEquals(want, p.channel(c)[y * W + x], 0.5 + 1e-3, model + " channel " + c + " at " + x + ","
                            + y);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {LAMA_DYNAMIC, MIGAN_DYNAMIC})
    void aHoleAtTheImageBorderGetsAWindowClampedToTheImage(String model) {
        double[] grey = TinyLearned.texture(W, H, 3);
        // 30 x 40 in the top-left corner: context 20, margin 26, so the crop is 56 x 66 and the square 56 x 56
        Rectangle hole = new Rectangle(0, 0, 30, 40);
        byte[] mask = TinyLearned.rect(W, H, hole);
        ArrayPlane p = fillKeepingOutside(new double[][] {grey}, Plane.Type.BYTE, mask, TinyLearned.request(model));
        Rectangle window = new Rectangle(0, 0, 56, 56);
        for (int y = 0; y < hole.height; y++) {
            double want = TinyLearned.rowMean(grey, mask, W, window, y);
            for (int x = 0; x < hole.width; x++) assertEquals(want, p.channel(0)[y * W + x], 0.5 + 1e-3, x + "," + y);
        }
        // 23 x 23 on the right edge: context 16, margin 17, a crop of 40 x 57 from 160, 53; the 40 x 40 square is
        // centred on the hole vertically
        Rectangle right = new Rectangle(W - 23, 70, 23, 23);
        byte[] m2 = TinyLearned.rect(W, H, right);
        ArrayPlane q = fillKeepingOutside(new double[][] {grey}, Plane.Type.BYTE, m2, TinyLearned.request(model));
        Rectangle w2 = new Rectangle(160, 61, 40, 40);
        for (int y = right.y; y < right.y + right.height; y++) {
            double want = TinyLearned.rowMean(grey, m2, W, w2, y);
            for (int x = right.x; x < W; x++) assertEquals(want, q.channel(0)[y * W + x], 0.5 + 1e-3, x + "," + y);
        }
    }

    /**
     * A fixed 512 x 512 graph sees the 80 x 80 window scaled up and gives its answer scaled back down: on an image
     * that changes only from row to row, linearly, the row means survive both resizes inside the window.
     */
    @ParameterizedTest
    @ValueSource(strings = {LAMA_512, MIGAN_512})
    void aFixedGraphGetsTheWindowResizedToItsSizeAndBack(String model) {
        byte[] mask = TinyLearned.rect(W, H, HOLE);
        double[] v8 = new double[W * H], v16 = new double[W * H], v32 = new double[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                v8[y * W + x] = 40 + y;
                v16[y * W + x] = 1000 + 37 * y;
                v32[y * W + x] = (float) (-0.3 + 0.01 * y);
            }
        }
        // one NaN outside the mask: it must stay NaN and not reach the fill
        v32[10 * W + 10] = Double.NaN;
        boolean bytes = model.startsWith("migan");
        // the window's known rows span rows 40..119, which map to 0..1 in 16 and 32 bits; MI-GAN's uint8 input
        // rounds to 1/255 of that
        double span16 = 37 * 79, span32 = 0.01 * 79;
        ArrayPlane p8 = fillKeepingOutside(new double[][] {v8}, Plane.Type.BYTE, mask, TinyLearned.request(model));
        ArrayPlane p16 = fillKeepingOutside(new double[][] {v16}, Plane.Type.SHORT, mask, TinyLearned.request(model));
        ArrayPlane p32 = fillKeepingOutside(new double[][] {v32}, Plane.Type.FLOAT, mask, TinyLearned.request(model));
        assertTrue(Double.isNaN(p32.channel(0)[10 * W + 10]));
        for (int y = HOLE.y; y < HOLE.y + HOLE.height; y++) {
            for (int x = HOLE.x; x < HOLE.x + HOLE.width; x++) {
                int i = y * W + x;
                assertEquals(40 + y, p8.channel(0)[i], 1.0, "8-bit at " + x + "," + y);
                assertEquals(1000 + 37 * y, p16.channel(0)[i], bytes ? span16 / 255 + 1 : 1.0, "16-bit at " + x + "," + y);
                assertEquals(-0.3 + 0.01 * y, p32.channel(0)[i], bytes ? span32 / 255 + 1e-4 : 1e-4, "32-bit at " + x
                        + "," + y);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {LAMA_512, MIGAN_512, LAMA_DYNAMIC, MIGAN_DYNAMIC})
    void rgbChannelsKeepTheirOrder(String model) {
        double[] r = new double[W * H], g = new double[W * H], b = new double[W * H];
        java.util.Arrays.fill(r, 200);
        java.util.Arrays.fill(g, 100);
        java.util.Arrays.fill(b, 30);
        byte[] mask = TinyLearned.rect(W, H, new Rectangle(50, 50, 70, 33));
        ArrayPlane p = fillKeepingOutside(new double[][] {r, g, b}, Plane.Type.BYTE, mask, TinyLearned.request(model));
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] == 0) continue;
            assertEquals(200, p.channel(0)[i], 0.0);
            assertEquals(100, p.channel(1)[i], 0.0);
            assertEquals(30, p.channel(2)[i], 0.0);
        }
    }

    /**
     * One saturated pixel beside a dim 16-bit hole: the 0.5..99.5 percentile range ignores it, so MI-GAN's 8 bits
     * still resolve the dim values (with the window's minimum and maximum, one step would be 257 units).
     */
    @Test
    void aHotPixelDoesNotFlattenA16BitImage() {
        double[] v = new double[W * H];
        for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) v[y * W + x] = 1000 + 37 * y;
        v[45 * W + 70] = 65535;
        byte[] mask = TinyLearned.rect(W, H, HOLE);
        ArrayPlane p = fillKeepingOutside(new double[][] {v}, Plane.Type.SHORT, mask, TinyLearned.request(MIGAN_512));
        assertEquals(65535, p.channel(0)[45 * W + 70], 0.0);
        for (int y = HOLE.y; y < HOLE.y + HOLE.height; y++) {
            assertEquals(1000 + 37 * y, p.channel(0)[y * W + HOLE.x + 20], 37 * 79 / 255.0 + 1, "row " + y);
        }
    }

    @Test
    void percentilesAreTheNearestRanks() {
        double[] a = new double[1001];
        for (int i = 0; i < a.length; i++) a[i] = (i * 7919) % 1001; // 0..1000, shuffled
        double[] r = LearnedWindow.percentiles(a, 0.005, 0.995);
        assertEquals(5, r[0], 0.0);
        assertEquals(995, r[1], 0.0);
        double[] flat = {3, 3, 3};
        assertEquals(3, LearnedWindow.percentiles(flat, 0.005, 0.995)[1], 0.0);
        // 16-bit values are counted instead: the same ranks
        java.util.Random rnd = new java.util.Random(4);
        double[] shorts = new double[5000];
        for (int i = 0; i < shorts.length; i++) shorts[i] = rnd.nextInt(65536);
        double[] want = LearnedWindow.percentiles(shorts.clone(), 0.005, 0.995);
        assertEquals(want[0], LearnedWindow.shortPercentiles(shorts, 0.005, 0.995)[0], 0.0);
        assertEquals(want[1], LearnedWindow.shortPercentiles(shorts, 0.005, 0.995)[1], 0.0);
    }

    /** A grey region gets the mean of the model's three channels. */
    @Test
    void greyComesBackAsTheMeanOfTheThreeChannels() {
        int n = 8 * 8;
        byte[] state = new byte[n];
        state[27] = FillRegion.FILL;
        FillRegion region = new FillRegion(new Rectangle(0, 0, 8, 8), state, new double[][] {new double[n]},
                Plane.Type.BYTE, new double[] {0}, new double[] {255});
        LearnedGraph dynamic = org.inpaintij.models.LearnedGraph.read(TinyLearned.graph(LAMA_DYNAMIC));
        LearnedWindow w = LearnedWindow.choose(region, region.fillBounds(), 2, dynamic, 512);
        LearnedWindow.Input in = w.toModel(region);
        int wn = w.width() * w.height();
        float[] out = new float[3 * wn];
        for (int i = 0; i < wn; i++) {
            out[i] = 0.2f;
            out[wn + i] = 0.4f;
            out[2 * wn + i] = 0.9f;
        }
        w.write(region, region.fillBounds(), out, in);
        assertEquals(127.5, region.values()[0][27], 1e-4);
    }

    @Test
    void provenanceNamesTheModelItsHashTheGraphAndTheMapping() throws IOException {
        double[] v = new double[W * H];
        for (int i = 0; i < v.length; i++) v[i] = 500 + i % 300;
        byte[] mask = TinyLearned.rect(W, H, HOLE);
        ArrayPlane p = new ArrayPlane(W, H, Plane.Type.SHORT, v);
        PlaneFill f = TinyLearned.fill(p, mask, TinyLearned.request(LAMA_512));
        Map<String, Integer> notes = f.noteCounts();
        Path graph = TinyLearned.graph(LAMA_512);
        assertTrue(notes.containsKey("model=" + graph + " (sha256 " + Hashing.file(graph) + ")"), notes.toString());
        assertTrue(notes.containsKey("graph=LaMa, fixed 512x512"), notes.toString());
        assertTrue(notes.containsKey("range=each crop's 0.5th to 99.5th percentile of its known pixels as the model's "
                + "0..1"), notes.toString());
        assertTrue(notes.containsKey("device=CPU"), notes.toString());
    }

    @Test
    void aFixedGraphRefusesAnotherResolutionAndADynamicOneUsesIt() {
        byte[] mask = TinyLearned.rect(W, H, HOLE);
        double[] grey = TinyLearned.texture(W, H, 1);
        BadInputException e = assertThrows(BadInputException.class, () -> TinyLearned.fill(new ArrayPlane(W, H,
                Plane.Type.BYTE, grey.clone()), mask, TinyLearned.request(LAMA_512, "resolution", "256")));
        assertTrue(e.getMessage().contains("works at 512x512 pixels only; leave resolution out or set resolution=512"),
                e.getMessage());
        // a dynamic graph at resolution 64 sees the 80 x 80 window reduced: still the row means of a row-wise ramp
        double[] ramp = new double[W * H];
        for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) ramp[y * W + x] = 40 + y;
        ArrayPlane p = fillKeepingOutside(new double[][] {ramp}, Plane.Type.BYTE, mask,
                TinyLearned.request(LAMA_DYNAMIC, "resolution", "64"));
        for (int y = HOLE.y; y < HOLE.y + HOLE.height; y++) assertEquals(40 + y, p.channel(0)[y * W + 100], 1.0);
        PlaneFill f = TinyLearned.fill(new ArrayPlane(W, H, Plane.Type.BYTE, ramp.clone()), mask,
                TinyLearned.request(LAMA_DYNAMIC, "resolution", "64"));
        assertTrue(f.noteCounts().containsKey("graph=LaMa, any size, at most 64 pixels a side"), f.noteCounts().toString());
    }

    /** Each graph that fits neither contract, and each wrong use, gets one sentence naming what is wrong. */
    @Test
    void badModelsGetOneSentenceEach() throws IOException {
        Path notOnnx = Files.writeString(tmp.resolve("notes.onnx"), "not a graph");
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put(TinyLearned.graph("bad-names").toString(), "inputs a float32[1, 3, 512, 512], b float32[1, 3, 512, 512],"
                + " which cannot be told apart as image and mask");
        cases.put(TinyLearned.graph("bad-rank").toString(), "input 'image' has shape [3, 512, 512]; expected [1, 3, H, W]");
        cases.put(TinyLearned.graph("bad-dtype").toString(), "input 'image' is int32; expected float32 (LaMa) or uint8 "
                + "(MI-GAN)");
        cases.put(TinyLearned.graph("bad-four-channels").toString(), "has 1 input (input float32[1, 4, 512, 512]), so it"
                + " fits neither learned-fill contract");
        cases.put(TinyLearned.graph("bad-output").toString(), "output 'output' has shape [1, 1, 512, 512]; expected"
                + " [1, 3, H, W]");
        cases.put(TinyLearned.graph(MIGAN_DYNAMIC).toString(), "is a MI-GAN graph; method=lama needs a LaMa graph (use "
                + "method=migan for this one)");
        cases.put(notOnnx.toString(), "expected a LaMa or MI-GAN .onnx file");
        cases.put(tmp.resolve("missing.onnx").toString(), "does not exist");
        byte[] mask = TinyLearned.rect(W, H, HOLE);
        for (Map.Entry<String, String> c : cases.entrySet()) {
            InpaintRequest req = org.inpaintij.core.Requests.parse(Map.of("method", "lama", "model", c.getKey(),
                    "device", "cpu"));
            BadInputException e = assertThrows(BadInputException.class, () -> TinyLearned.fill(new ArrayPlane(W, H,
                    Plane.Type.BYTE, new double[W * H]), mask, req), c.getKey());
            String m = e.getMessage();
            assertTrue(m.contains(c.getValue()), m);
            assertFalse(m.contains("\n") || m.contains("Exception"), m);
            assertTrue(m.endsWith("."), m);
        }
    }

    @Test
    void bothMethodsAreDiscovered() {
        List<String> names = org.inpaintij.core.Engines.names();
        assertTrue(names.containsAll(List.of("lama", "migan")), names.toString());
        assertTrue(names.indexOf("patch") < names.indexOf("lama") && names.indexOf("migan") < names.indexOf("diffusion"),
                names.toString());
        // each lists only its own kind of installed model; diffusion none of theirs
        assertEquals(java.util.Set.of("lama"), org.inpaintij.core.Engines.get("lama").modelKinds());
        assertEquals(java.util.Set.of("migan"), org.inpaintij.core.Engines.get("migan").modelKinds());
        assertEquals(java.util.Set.of("inpainting", "plain", "lcm", "turbo", "zimage"),
                org.inpaintij.core.Engines.get("diffusion").modelKinds());
    }
}
