package org.inpaintij.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import org.inpaintij.core.CancelledException;
import org.inpaintij.core.Monitor;
import org.junit.jupiter.api.Test;

/** A cancel stops a graph that is already running, through the run options' terminate flag. */
class CancelWatcherTest {

    private static Path chain() throws URISyntaxException {
        return Path.of(CancelWatcherTest.class.getResource("/onnx/matmul_chain.onnx").toURI());
    }

    private static Monitor flag(AtomicBoolean cancelled) {
        return new Monitor() {
            @Override
            public void progress(double fraction, String status) {
                // not reported in this test
            }

            @Override
            public boolean isCancelled() {
                return cancelled.get();
            }
        };
    }

    private static float[] input(int n) {
        float[] x = new float[n * n];
        // a scaled identity keeps the products finite: (I / 2)^25 stays representable
        for (int i = 0; i < n; i++) x[i * n + i] = 0.5f;
        return x;
    }

    @Test
    void aRunningGraphStopsSoonAfterTheCancel() throws Exception {
        int n = 1024;
        AtomicBoolean cancelled = new AtomicBoolean();
        try (OrtSession s = Sessions.open(chain(), Devices.Placement.CPU).session()) {
            TensorBuffer buf = new TensorBuffer();
            long uncancelled;
            try (RunControl run = RunControl.open(flag(cancelled));
                    OnnxTensor x = buf.tensor(ai.onnxruntime.OnnxJavaType.FLOAT, new long[] {n, n}, input(n), 0)) {
                long t0 = System.nanoTime();
                try (OrtSession.Result r = run.run("chain", s, Map.of("x", x))) {
                    float y = ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
                    assertEquals(Math.pow(0.5, 25), y, 1e-12);
                }
                uncancelled = System.nanoTime() - t0;
            }
            try (RunControl run = RunControl.open(flag(cancelled));
                    OnnxTensor x = buf.tensor(ai.onnxruntime.OnnxJavaType.FLOAT, new long[] {n, n}, input(n), 0)) {
                Thread canceller = new Thread(() -> {
                    try {
                        Thread.sleep(uncancelled / 10_000_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    cancelled.set(true);
                });
                long t0 = System.nanoTime();
                canceller.start();
                assertThrows(CancelledException.class, () -> run.run("chain", s, Map.of("x", x)).close());
                long took = System.nanoTime() - t0;
                canceller.join();
                assertTrue(took < uncancelled * 0.6,
                        "cancelled after 10% of a " + uncancelled / 1e6 + " ms run but it took " + took / 1e6 + " ms");
            }
        }
    }

    @Test
    void aCancelBeforeTheRunStopsIt() throws OrtException, URISyntaxException {
        try (OrtSession s = Sessions.open(chain(), Devices.Placement.CPU).session();
                RunControl run = RunControl.open(flag(new AtomicBoolean(true)));
                OnnxTensor x = new TensorBuffer().tensor(ai.onnxruntime.OnnxJavaType.FLOAT, new long[] {4, 4}, input(4), 0)) {
            assertThrows(CancelledException.class, () -> run.run("chain", s, Map.of("x", x)));
            assertEquals(Map.of(), run.runsByGraph());
        }
    }
}
