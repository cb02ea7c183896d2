package org.inpaintij.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.inpaintij.core.Monitor;

/**
 * Benchmark (not a test): installs a model with one large file from a local server, then verifies it, and
 * resumes a download cut in the middle. Prints throughput and the heap the install needed, to show that files
 * stream through a fixed buffer instead of being held in memory.
 *
 * <p>Run with a heap just above the served file (the server holds it in memory), so that an install that held
 * a second copy would run out of memory:
 *
 * <pre>java -Xmx320m -cp target/classes:target/test-classes:LIBS org.inpaintij.models.InstallBenchmark 256</pre>
 */
public final class InstallBenchmark {

    private InstallBenchmark() {}

    public static void main(String[] args) throws Exception {
        int mb = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        Map<String, byte[]> files = new LinkedHashMap<>(TestModels.files(1));
        byte[] big = new byte[mb << 20];
        new Random(1).nextBytes(big);
        files.put("unet/weights.pb", big);
        Path tmp = Files.createTempDirectory("inpaint-ij-bench");
        try (TestServer server = new TestServer()) {
            TestModels.serve(server, "hub/bench", files);
            String json = TestModels.descriptor("bench", server.base() + "hub/bench/", files, p -> true);
            ModelDescriptor d = ModelDescriptor.parse(json, "bench");
            Settings settings = Settings.at(tmp.resolve("settings.properties"));
            settings.acceptLicense(d);
            ModelStore store = new ModelStore(tmp.resolve("models"));
            ModelInstaller installer = new ModelInstaller(store, settings, Downloader.standard(), null);

            System.gc();
            long heapBefore = usedHeap();
            HeapWatch watch = new HeapWatch();
            long t0 = System.nanoTime();
            installer.install(d, watch);
            double install = seconds(t0);
            System.out.printf(Locale.ROOT, "install %d MB (download + SHA-256 + atomic move): %.2f s, %.0f MB/s; "
                    + "heap above baseline at most %.0f MB%n", mb, install, mb / install,
                    (watch.max - heapBefore) / 1e6);

            t0 = System.nanoTime();
            VerifyResult v = store.verify("bench", d, Monitor.NONE);
            double verify = seconds(t0);
            System.out.printf(Locale.ROOT, "verify: %.2f s, %.0f MB/s, ok=%s%n", verify, mb / verify, v.ok());

            store.remove("bench");
            server.dropAfter("hub/bench/unet/weights.pb", big.length / 2L, 1);
            t0 = System.nanoTime();
            installer.install(d, Monitor.NONE);
            double resumed = seconds(t0);
            System.out.printf(Locale.ROOT, "install with the connection dropped at half and resumed: %.2f s (%s)%n",
                    resumed, server.requests("hub/bench/unet/weights.pb").get(2).range());
        } finally {
            ModelStore.deleteTree(tmp);
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Samples the heap on every progress report. */
    private static final class HeapWatch implements Monitor {
        long max;

        @Override
        public void progress(double fraction, String status) {
            max = Math.max(max, usedHeap());
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    }
}
