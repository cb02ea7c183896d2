package org.inpaintij.onnx;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import org.inpaintij.core.CancelledException;
import org.inpaintij.core.Monitor;

/**
 * Everything one generation needs around {@code session.run}: the run options that a cancel can terminate,
 * the watcher that does it, and the time spent inside ONNX Runtime per graph. Open one per generation, in a
 * try-with-resources block, and run every graph through it.
 */
public final class RunControl implements AutoCloseable {

    private final Monitor monitor;
    private final OrtSession.RunOptions options;
    private final CancelWatcher watcher;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<String, long[]> nanos = new LinkedHashMap<>();
    private long cpuNanos;

    private RunControl(Monitor monitor, OrtSession.RunOptions options) {
        this.monitor = monitor;
        this.options = options;
        this.watcher = CancelWatcher.watch(monitor, options);
    }

    /** Starts a generation watched by {@code monitor}. */
    public static RunControl open(Monitor monitor) {
        try {
            OrtSession.RunOptions o = new OrtSession.RunOptions();
            try {
                return new RunControl(monitor, o);
            } catch (RuntimeException e) {
                o.close();
                throw e;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not create run options: " + e.getMessage(), e);
        }
    }

    /** The monitor this generation reports to. */
    public Monitor monitor() {
        return monitor;
    }

    /**
     * Runs {@code session} on {@code inputs}, timing it under {@code label}. The caller closes the result.
     *
     * @throws CancelledException when the user cancelled before or during the run
     * @throws OrtException when ONNX Runtime fails for another reason
     */
    public OrtSession.Result run(String label, OrtSession session, Map<String, ? extends OnnxTensorLike> inputs)
            throws OrtException {
        monitor.checkCancelled();
        long c0 = threadCpuNanos();
        long t0 = System.nanoTime();
        try {
            return session.run(inputs, options);
        } catch (OrtException e) {
            watcher.check();
            if (watcher.terminated()) throw new CancelledException();
            throw e;
        } finally {
            long[] n = nanos.computeIfAbsent(label, k -> new long[3]);
            n[0] += System.nanoTime() - t0;
            n[1]++;
            long cpu = threadCpuNanos() - c0;
            n[2] += cpu;
            cpuNanos += cpu;
        }
    }

    /** Nanoseconds spent inside ONNX Runtime so far, per graph label. */
    public Map<String, Long> nanosByGraph() {
        Map<String, Long> out = new LinkedHashMap<>();
        nanos.forEach((k, v) -> out.put(k, v[0]));
        return out;
    }

    /** CPU time of the calling thread inside ONNX Runtime so far, per graph label. */
    public Map<String, Long> cpuNanosByGraph() {
        Map<String, Long> out = new LinkedHashMap<>();
        nanos.forEach((k, v) -> out.put(k, v[2]));
        return out;
    }

    /** Number of runs so far, per graph label. */
    public Map<String, Integer> runsByGraph() {
        Map<String, Integer> out = new LinkedHashMap<>();
        nanos.forEach((k, v) -> out.put(k, (int) v[1]));
        return out;
    }

    /** CPU time of the calling thread inside ONNX Runtime so far, all graphs together (0 where unsupported). */
    public long onnxCpuNanos() {
        return cpuNanos;
    }

    /** The CPU time of the current thread, or 0 when the JVM cannot measure it. */
    public static long threadCpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
    }

    /** Nanoseconds spent inside ONNX Runtime so far, all graphs together. */
    public long onnxNanos() {
        long s = 0;
        for (long[] v : nanos.values()) s += v[0];
        return s;
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } finally {
            options.close();
        }
    }
}
