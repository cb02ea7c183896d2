package org.inpaintij.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;

import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Monitor;
import org.inpaintij.core.Requests;
import org.inpaintij.diffusion.model.TinyModels;
import org.inpaintij.ij.ImageInpainter;
import org.inpaintij.ij.MaskSource;

/**
 * method=diffusion on a 100 x 100 selection of a 512 x 512 and of a 4096 x 4096 16-bit image, side by side in one
 * run, with the project's analytic model (its graphs cost almost nothing, so what is timed is everything the
 * plugin does around the model: window, copies, resampling, paste-back, outputs). The work is on the region, so
 * the image size should not matter beyond the one copy output=new makes.
 *
 * <p>Run: {@code mvn -q test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test
 * "-Dexec.args=-Xmx4g -cp %classpath org.inpaintij.bench.DiffusionRegionBench"}
 */
public final class DiffusionRegionBench {

    private DiffusionRegionBench() {}

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        Path model = TinyModels.folder(TinyModels.SD15_SCRIPT, "bench");
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        System.out.println("| image | output | median per run (ms) | ratio to 512 x 512 |");
        System.out.println("|---|---|---|---|");
        for (String output : new String[] {"new", "in-place", "overlay"}) {
            double small = 0;
            for (int size : new int[] {512, 4096}) {
                ImagePlus imp = IJ.createImage("b", "16-bit ramp", size, size, 1);
                imp.getProcessor().setMinAndMax(0, 65535);
                imp.setRoi(new Roi(size / 2 - 50, size / 2 - 50, 100, 100));
                Map<String, String> m = new HashMap<>();
                m.put("method", "diffusion");
                m.put("model", model.toString());
                m.put("steps", "20");
                m.put("seed", "1");
                m.put("output", output);
                InpaintRequest req = Requests.parse(m);
                double[] t = new double[reps];
                for (int i = -5; i < reps; i++) {
                    long t0 = System.nanoTime();
                    ImageInpainter.run(imp, MaskSource.of(imp, req), req, Monitor.NONE);
                    if (i >= 0) t[i] = (System.nanoTime() - t0) / 1e6;
                    if (output.equals("overlay")) imp.setOverlay(null);
                }
                java.util.Arrays.sort(t);
                double med = t[reps / 2];
                if (size == 512) small = med;
                System.out.printf(Locale.ROOT, "| %d x %d, 16-bit | %s | %.1f | %.2f |%n", size, size, output, med, med / small);
            }
        }
    }
}
