package org.inpaintij.plugin;

import static org.inpaintij.plugin.SciJavaFixture.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import ij.IJ;
import ij.ImagePlus;

import org.inpaintij.diffusion.model.TinyModels;
import org.inpaintij.testing.Metrics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleInfo;
import org.scijava.module.ModuleService;

/**
 * The SciJava commands in a headless SciJava context, as scripts, PyImageJ and headless Fiji call them: found by
 * the module index with their labels (what Fiji's command search lists), each run on the project's tiny analytic
 * model, giving what the menu commands give; bad input cancels with the same sentence.
 */
class CommandsTest {

    static Context context;
    static CommandService commands;
    static Path model;
    static Path home;

    @BeforeAll
    static void start() throws Exception {
        home = SciJavaFixture.home("inpaint-commands");
        context = new Context(CommandService.class, ModuleService.class);
        commands = context.service(CommandService.class);
        model = TinyModels.folder(TinyModels.SD15_SCRIPT, "commands");
    }

    @AfterAll
    static void stop() {
        context.dispose();
        SciJavaFixture.clear();
    }

    static Module run(Class<? extends org.scijava.command.Command> c, Object... inputs) throws Exception {
        return commands.run(c, true, inputs).get();
    }

    /** Why the command was cancelled, or null when it ran. */
    static String cancelled(Module m) {
        return m instanceof org.scijava.Cancelable c && c.isCanceled() ? c.getCancelReason() : null;
    }

    static Object[] tiny(Object... more) {
        Object[] base = {"model", model.toString(), "prompt", "red", "steps", 20, "cfg", 1.0, "scheduler", "ddim",
            "resolution", 192, "context", 32};
        Object[] all = new Object[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void theCommandsAreListedAsFijiSearchesThem() {
        // Fiji's command search (scijava-search's ModuleSearcher) lists visible, enabled modules with a label
        Set<String> labels = new TreeSet<>();
        for (ModuleInfo info : context.service(ModuleService.class).getModules()) {
            if (info.isVisible() && info.isEnabled() && info.getLabel() != null
                    && info.getDelegateClassName().startsWith("org.inpaintij.")) {
                labels.add(info.getLabel());
                assertTrue(info.canRunHeadless(), info.getLabel() + " runs headless");
            }
        }
        assertEquals(new TreeSet<>(List.of("Generative Fill", "Inpaint Selection", "Inpainting Models", "Outpaint")),
                labels);
    }

    @Test
    void generativeFillPaintsTheModelsColourAndARandomSeedIsGivenBackAndRedoesTheSamePixels() throws Exception {
        ImagePlus imp = flat();
        int[] before = ((int[]) imp.getProcessor().getPixels()).clone();
        Module m = run(GenerativeFillCommand.class, tiny("image", imp, "seed", -1L));
        assertEquals(null, cancelled(m));
        ImagePlus out = (ImagePlus) m.getOutput("result");
        long seed = (Long) m.getOutput("seed_used");
        assertTrue(seed >= 0 && seed < (1L << 31), "a drawn seed: " + seed);
        assertTrue(((String) m.getOutput("provenance")).contains("seed=" + seed), (String) m.getOutput("provenance"));
        assertArrayEquals(before, (int[]) imp.getProcessor().getPixels(), "the input is untouched (output=new)");
        int[] px = (int[]) out.getProcessor().getPixels();
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                if (x < 64 || x >= 192 || y < 64 || y >= 192) assertEquals(before[y * 256 + x], px[y * 256 + x]);
            }
        }
        double[] mean = Metrics.unitMeans(out.getProcessor(), new java.awt.Rectangle(64, 64, 128, 128), 0, 255);
        assertEquals(0.45, mean[0], 0.02, "red");
        assertEquals(0.35, mean[1], 0.02, "green");
        // the seed given back redoes the same pixels
        Module again = run(GenerativeFillCommand.class, tiny("image", flat(), "seed", seed));
        assertArrayEquals(px, (int[]) ((ImagePlus) again.getOutput("result")).getProcessor().getPixels());
    }

    @Test
    void inpaintSelectionMatchesTheMenuCommandsFacadeAndTakesEveryMethod() throws Exception {
        ImagePlus imp = flat();
        Module d = run(InpaintSelectionCommand.class, tiny("image", imp, "method", "diffusion", "seed", 5L));
        // the same request through the facade the menu command calls
        ImagePlus direct = org.inpaintij.ij.ImageInpainter.runWatched(flat(), TinyModels.request(model.toString(),
                "prompt", "red"), org.inpaintij.core.Monitor.NONE).image();
        assertArrayEquals((int[]) direct.getProcessor().getPixels(),
                (int[]) ((ImagePlus) d.getOutput("result")).getProcessor().getPixels());
        Module h = run(InpaintSelectionCommand.class, "image", imp, "method", "harmonic", "output", "in-place");
        assertEquals(null, cancelled(h));
        assertTrue(h.getOutput("result") == imp, "in place: the input is the result");
        assertEquals(0x999999, imp.getProcessor().get(128, 128) & 0xffffff, "harmonic fills a flat image flat");
    }

    @Test
    void outpaintMakesTheLargerCanvas() throws Exception {
        Module m = run(OutpaintCommand.class, tiny("image", flat(), "method", "diffusion", "right", 64, "seed", 3L));
        assertEquals(null, cancelled(m));
        ImagePlus out = (ImagePlus) m.getOutput("result");
        assertEquals(320, out.getWidth());
        assertEquals(256, out.getHeight());
        assertTrue(((String) m.getOutput("provenance")).contains("method=diffusion"));
    }

    @Test
    void modelManagerImportsAndListsAModel() throws Exception {
        Module imp = run(InpaintingModelsCommand.class, "action", "import", "folder", model.toString(), "name",
                "tiny-sd");
        assertEquals(null, cancelled(imp));
        assertTrue(((String) imp.getOutput("report")).startsWith("Imported tiny-sd ("),
                (String) imp.getOutput("report"));
        Module list = run(InpaintingModelsCommand.class, "action", "list");
        String report = (String) list.getOutput("report");
        assertTrue(report.lines().anyMatch(l -> l.startsWith("tiny-sd ") && l.contains("installed")), report);
        // and the fill commands find it by name
        Module g = run(GenerativeFillCommand.class, "image", flat(), "model", "tiny-sd", "prompt", "red", "steps", 20,
                "cfg", 1.0, "scheduler", "ddim", "resolution", 192, "context", 32, "seed", 5L);
        assertEquals(null, cancelled(g));
        assertNotNull(g.getOutput("result"));
    }

    @Test
    void badInputCancelsWithOneSentenceAndLeavesTheImage() throws Exception {
        ImagePlus imp = flat();
        int[] before = ((int[]) imp.getProcessor().getPixels()).clone();
        Module m = run(InpaintSelectionCommand.class, "image", imp, "method", "bogus", "output", "in-place");
        assertNotNull(cancelled(m));
        assertTrue(cancelled(m).startsWith("Unknown method 'bogus'; accepted: auto"), cancelled(m));
        assertArrayEquals(before, (int[]) imp.getProcessor().getPixels());
        Module none = run(GenerativeFillCommand.class, "prompt", "red");
        assertNotNull(cancelled(none));
        assertEquals("'image' is required but unset.", cancelled(none));
    }
}
