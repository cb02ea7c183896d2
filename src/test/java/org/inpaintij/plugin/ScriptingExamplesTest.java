package org.inpaintij.plugin;

import static org.inpaintij.plugin.SciJavaFixture.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;

import org.inpaintij.diffusion.model.TinyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.module.Module;
import org.scijava.script.ScriptService;

/**
 * The scripting examples of doc/scripting, run as they are through SciJava's script service (the one Fiji's
 * script editor and {@code --headless --run} use), with Groovy's and Jython's JSR-223 engines. Fiji's legacy
 * layer lets scripts name {@code ImagePlus} without its package; the test does the same with an alias.
 */
class ScriptingExamplesTest {

    static Context context;
    static ScriptService scripts;
    static Path model;
    static Path home;

    @BeforeAll
    static void start() throws Exception {
        home = SciJavaFixture.home("inpaint-scripts");
        context = new Context();
        scripts = context.service(ScriptService.class);
        scripts.addAlias(ImagePlus.class);
        model = TinyModels.folder(TinyModels.SD15_SCRIPT, "scripts");
    }

    @AfterAll
    static void stop() {
        context.dispose();
        SciJavaFixture.clear();
    }

    @Test
    void groovyGenerativeFillRunsAndItsSeedRedoesTheSamePixels() throws Exception {
        File script = new File("doc/scripting/generative_fill.groovy");
        ImagePlus imp = flat();
        int[] before = ((int[]) imp.getProcessor().getPixels()).clone();
        Module m = scripts.run(script, true, "imp", imp, "prompt", "red", "model", model.toString(), "steps", "8",
                "seed", "-1").get();
        ImagePlus result = (ImagePlus) m.getOutput("result");
        assertNotNull(result, "the script's result output");
        long seed = (Long) m.getOutput("seed_used");
        assertTrue(seed >= 0, "a drawn seed: " + seed);
        int[] px = (int[]) result.getProcessor().getPixels();
        int changed = 0;
        for (int i = 0; i < px.length; i++) {
            int x = i % 256, y = i / 256;
            boolean hole = x >= 64 && x < 192 && y >= 64 && y < 192;
            if (!hole) assertEquals(before[i], px[i], "outside the selection at " + x + "," + y);
            else if (px[i] != before[i]) changed++;
        }
        assertTrue(changed > 128 * 128 / 2, "the selection was repainted: " + changed);
        Module again = scripts.run(script, true, "imp", flat(), "prompt", "red", "model", model.toString(), "steps",
                "8", "seed", Long.toString(seed)).get();
        assertArrayEquals(px, (int[]) ((ImagePlus) again.getOutput("result")).getProcessor().getPixels());
    }

    @Test
    void jythonInpaintSelectionRunsTheChosenMethod() throws Exception {
        ImagePlus imp = IJ.createImage("ramp", "32-bit ramp", 128, 64, 1);
        imp.setRoi(new Roi(40, 20, 30, 20));
        float before = imp.getProcessor().getf(55, 30);
        Module m = scripts.run(new File("doc/scripting/inpaint_selection.py"), true, "imp", imp, "method",
                "harmonic", "grow", 1).get();
        ImagePlus result = (ImagePlus) m.getOutput("result");
        assertNotNull(result, "the script's result output");
        String provenance = (String) m.getOutput("provenance");
        assertTrue(provenance.contains("method=harmonic;") && provenance.contains("grow=1;"), provenance);
        // the membrane fill of a linear ramp is the ramp itself
        assertEquals(before, result.getProcessor().getf(55, 30), 1e-3);
        assertEquals(imp.getProcessor().getf(5, 5), result.getProcessor().getf(5, 5), 0.0);
    }
}
