package org.inpaintij.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ij.process.ShortProcessor;

import org.inpaintij.core.FillPlan;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Mask;
import org.inpaintij.core.Monitor;
import org.inpaintij.ij.ImagePlane;
import org.inpaintij.testing.Fixtures;

/**
 * The scale case: an 8192 x 8192 16-bit image (128 MiB of pixels) with 200 small defects, filled in place
 * through the ImageJ adapter as the plugin does, in a JVM whose heap is too small for even one copy of the
 * image as doubles: it runs only if memory is bounded by the defects' boxes.
 */
final class Scale {

    static final int SIZE = 8192, DEFECTS = 200;
    /** The child JVM's heap: the image (128 MiB) plus what the fill may use. */
    static final String HEAP = "-Xmx320m";
    static final List<String> METHODS = List.of("harmonic", "biharmonic", "telea", "patch", "auto");

    private Scale() {}

    /** Per method: median seconds over 5 warm runs, and the peak heap above the image while filling. */
    record Outcome(String heap, double imageMiB, Map<String, double[]> perMethod, String error) {}

    /** Runs {@link #main} in a child JVM with a small heap and reads its result lines. */
    static Outcome runInChildJvm() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, HEAP, "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                "-Dinpaintij.fixtures=" + Fixtures.dir().toAbsolutePath(), "-cp",
                System.getProperty("java.class.path"), Scale.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Map<String, double[]> per = new LinkedHashMap<>();
        StringBuilder log = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                log.append(line).append('\n');
                if (line.startsWith("SCALE ")) {
                    String[] f = line.split(" ");
                    per.put(f[1], new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[3])});
                }
            }
        }
        int rc = p.waitFor();
        System.out.print(log);
        double imageMiB = (double) SIZE * SIZE * 2 / (1 << 20);
        return new Outcome(HEAP, imageMiB, per, rc == 0 ? null : "child JVM failed (exit " + rc + ")");
    }

    public static void main(String[] args) {
        ShortProcessor ip = image();
        Mask mask = defects();
        ImagePlane plane = new ImagePlane(ip);
        for (String method : METHODS) {
            InpaintRequest req = InpaintRequest.defaults(method);
            // filling again reads only the known pixels, so the same image serves every run
            for (int k = 0; k < 3; k++) fill(plane, mask, req);
            double[] t = new double[5];
            for (int k = 0; k < t.length; k++) {
                long t0 = System.nanoTime();
                fill(plane, mask, req);
                t[k] = (System.nanoTime() - t0) / 1e9;
            }
            Arrays.sort(t);
            System.gc();
            long base = heapUsed();
            for (MemoryPoolMXBean b : heapPools()) b.resetPeakUsage();
            fill(plane, mask, req);
            long peak = 0;
            for (MemoryPoolMXBean b : heapPools()) peak += b.getPeakUsage().getUsed();
            // pools peak at different moments, so their sum bounds the true peak from above
            double extraMiB = Math.max(0, peak - base) / (double) (1 << 20);
            System.out.printf("SCALE %s %.4f %.1f%n", method, t[t.length / 2], extraMiB);
        }
    }

    private static void fill(ImagePlane plane, Mask mask, InpaintRequest req) {
        FillPlan.of(mask, req).run(plane, Monitor.NONE).applyTo(plane);
    }

    /** cell.png mirrored across the whole canvas, times 257. */
    private static ShortProcessor image() {
        double[][] t = Fixtures.channels("cell.png");
        int[] s = Fixtures.size("cell.png");
        short[] px = new short[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            int ty = mirror(y, s[1]);
            for (int x = 0; x < SIZE; x++) px[y * SIZE + x] = (short) (int) (t[0][ty * s[0] + mirror(x, s[0])] * 257);
        }
        return new ShortProcessor(SIZE, SIZE, px, null);
    }

    private static int mirror(int i, int n) {
        int p = i % (2 * n);
        return p < n ? p : 2 * n - 1 - p;
    }

    /** 200 round defects of radius 1 to 4 at reproducible random places. */
    static Mask defects() {
        SplittableRandom rnd = new SplittableRandom(8192);
        Mask.Builder b = new Mask.Builder(SIZE, SIZE, new java.awt.Rectangle(0, 0, SIZE, SIZE));
        for (int k = 0; k < DEFECTS; k++) {
            int cx = 8 + rnd.nextInt(SIZE - 16), cy = 8 + rnd.nextInt(SIZE - 16), r = 1 + rnd.nextInt(4);
            for (int y = -r; y <= r; y++) for (int x = -r; x <= r; x++) if (x * x + y * y <= r * r) b.set(cx + x, cy + y);
        }
        return b.build();
    }

    private static List<MemoryPoolMXBean> heapPools() {
        List<MemoryPoolMXBean> out = new ArrayList<>();
        for (MemoryPoolMXBean b : ManagementFactory.getMemoryPoolMXBeans()) if (b.getType() == MemoryType.HEAP) out.add(b);
        return out;
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
