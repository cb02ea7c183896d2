package org.inpaintij.onnx;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import org.inpaintij.core.Monitor;

/**
 * Stops a graph that is already running when the user cancels: while open, it polls the monitor every few
 * milliseconds on a shared daemon thread and sets the run options' terminate flag, which makes the running
 * {@code session.run} throw. Close it before the run options.
 */
public final class CancelWatcher implements AutoCloseable {

    private static final long POLL_MS = 10;
    private static final ScheduledExecutorService POLLER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "inpaint-ij cancel watcher");
        t.setDaemon(true);
        return t;
    });

    private final Monitor monitor;
    private final OrtSession.RunOptions runOptions;
    private final ScheduledFuture<?> task;
    private boolean closed;
    private volatile boolean terminated;
    private volatile OrtException failure;

    private CancelWatcher(Monitor monitor, OrtSession.RunOptions runOptions) {
        this.monitor = monitor;
        this.runOptions = runOptions;
        this.task = POLLER.scheduleWithFixedDelay(this::poll, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
    }

    /** Starts watching {@code monitor} for runs made with {@code runOptions}. */
    public static CancelWatcher watch(Monitor monitor, OrtSession.RunOptions runOptions) {
        return new CancelWatcher(monitor, runOptions);
    }

    private synchronized void poll() {
        if (closed || terminated || !monitor.isCancelled()) return;
        try {
            runOptions.setTerminate(true);
            terminated = true;
        } catch (OrtException e) {
            // kept and rethrown on the worker thread by check(): the poller has no one to tell
            failure = e;
        }
    }

    /** Whether a run was told to stop (the run then fails; the caller reports a cancel, not an error). */
    public boolean terminated() {
        return terminated;
    }

    /** Rethrows a failure to set the terminate flag, on the caller's thread. */
    public void check() throws OrtException {
        OrtException f = failure;
        if (f != null) throw f;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        task.cancel(false);
    }
}
