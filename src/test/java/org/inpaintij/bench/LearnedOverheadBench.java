package org.inpaintij.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;

import org.inpaintij.core.FillPlan;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Mask;
import org.inpaintij.core.Monitor;
import org.inpaintij.core.Requests;
import org.inpaintij.ij.ImagePlane;
import org.inpaintij.learned.LearnedModel;
import org.inpaintij.learned.LearnedModels;
import org.inpaintij.learned.TinyLearned;
import org.inpaintij.onnx.RunControl;

/**
 * What a learned fill (method=lama, method=migan) costs outside ONNX Runtime, per fill: planning the mask, copying
 * the crop, choosing the window, the robust range, resizing to the model's size and back, the conversions to and
 * from the model's types, and writing the fill back into the ImageJ processor. It runs the project's tiny graphs
 * (their work is a row mean, so the ONNX call costs little), with a 300 x 300 selection in the middle of a 4096 x
 * 4096, a 1024 x 1024 and a 512 x 512 image, 16-bit and RGB, side by side in one run; "inside" is the time spent in
 * {@code session.run}, read from the model itself.
 *
 * <p>Run: {@code mvn -q -o test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:exec -Dexec.executable=java
 * -Dexec.classpathScope=test "-Dexec.args=-Xmx4g -cp %classpath org.inpaintij.bench.LearnedOverheadBench 30"}
 * (the argument is the number of timed fills per row, after 10 warm-up fills; every case is also run once before
 * the table).
 */
public final class LearnedOverheadBench {

    /** The target for the time outside ONNX Runtime per fill, 4096 x 4096 with a 300 x 300 selection. */
    static final double TARGET_MS = 20;
    private static final int HOLE = 300;
    /**
     * Image sides: at 512 the 600 x 600 window is clamped to the image; from 1024 on it is the same window, so the
     * 1024 and 4096 rows should cost the same.
     */
    private static final int[] SIZES = {512, 1024, 4096};

    private LearnedOverheadBench() {}

    /**
     * Medians per fill, in ms: wall time in all, inside ONNX Runtime and outside it; and the calling thread's CPU
     * time outside ONNX Runtime (what the wall time would be on a machine with nothing else running).
     */
    private record Timing(double total, double inside, double outside, double outsideCpu) {}

    private static Timing time(String model, String type, int size, int reps) {
        ImagePlus imp = IJ.createImage("b", type + " ramp", size, size, 1);
        ImagePlane plane = new ImagePlane(imp.getProcessor());
        int x0 = size / 2 - HOLE / 2;
        Mask mask = Mask.fromLocal(size, size, x0, x0, HOLE, HOLE, null);
        Path graph = TinyLearned.graph(model);
        Map<String, String> v = new LinkedHashMap<>();
        v.put("method", TinyLearned.method(model));
        v.put("model", graph.toString());
        v.put("device", "cpu");
        InpaintRequest req = Requests.parse(v);
        LearnedModel m = LearnedModels.shared().get(graph, "cpu");
        double[] total = new double[reps], inside = new double[reps], outside = new double[reps], cpu = new double[reps];
        for (int i = -10; i < reps; i++) {
            long in0 = m.onnxNanos(), cpuIn0 = m.onnxCpuNanos(), c0 = RunControl.threadCpuNanos(), t0 = System.nanoTime();
            FillPlan.of(mask, req).run(plane, Monitor.NONE).applyTo(plane);
            long t = System.nanoTime() - t0, in = m.onnxNanos() - in0;
            long c = RunControl.threadCpuNanos() - c0 - (m.onnxCpuNanos() - cpuIn0);
            if (i < 0) continue;
            total[i] = t / 1e6;
            inside[i] = in / 1e6;
            outside[i] = (t - in) / 1e6;
            cpu[i] = c / 1e6;
        }
        return new Timing(median(total), median(inside), median(outside), median(cpu));
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** Prints the table and the target line (Markdown, as doc/benchmarks.md has them). */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        System.out.println("java " + System.getProperty("java.version") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores; " + reps + " timed fills per row (medians)");
        System.out.println();
        System.out.println("| tiny model | image | per fill, wall (ms) | in ONNX Runtime, wall (ms) | outside, wall (ms) "
                + "| outside, CPU (ms) | outside / inside (wall) | outside, ratio to 1024 x 1024 (CPU) |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        // every case once first, so that no row pays for the JIT compiling the code the others share
        for (String model : new String[] {TinyLearned.LAMA_512, TinyLearned.MIGAN_DYNAMIC}) {
            for (String type : new String[] {"16-bit", "RGB"}) for (int size : SIZES) time(model, type, size, 1);
        }
        double worst = 0, worstWall = 0;
        String worstRow = "";
        for (String model : new String[] {TinyLearned.LAMA_512, TinyLearned.MIGAN_DYNAMIC}) {
            for (String type : new String[] {"16-bit", "RGB"}) {
                Timing same = null;
                for (int size : SIZES) {
                    Timing t = time(model, type, size, reps);
                    if (size == 1024) same = t;
                    String ratio = same == null ? "(window clamped to the image)"
                            : String.format(Locale.ROOT, "%.2f", t.outsideCpu() / same.outsideCpu());
                    System.out.printf(Locale.ROOT, "| %s | %d x %d %s, %d x %d selection | %.1f | %.1f | %.1f | %.1f "
                            + "| %.2f | %s |%n", model, size, size, type, HOLE, HOLE, t.total(), t.inside(),
                            t.outside(), t.outsideCpu(), t.outside() / t.inside(), ratio);
                    if (size == 4096 && t.outsideCpu() > worst) {
                        worst = t.outsideCpu();
                        worstRow = model + ", " + type;
                    }
                    if (size == 4096) worstWall = Math.max(worstWall, t.outside());
                }
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%s: outside ONNX Runtime per fill, 4096 x 4096 with a %d x %d selection, under "
                + "%.0f ms (CPU time of the calling thread): at most %.1f ms (%s)%n", worst < TARGET_MS ? "pass" : "FAIL",
                HOLE, HOLE, TARGET_MS, worst, worstRow);
        System.out.printf(Locale.ROOT, "%s: the same in wall-clock time: at most %.1f ms%n",
                worstWall < TARGET_MS ? "pass" : "FAIL", worstWall);
    }
}
