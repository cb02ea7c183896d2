package org.inpaintij.ij;

import java.util.concurrent.atomic.AtomicBoolean;

import ij.IJ;

import org.inpaintij.core.Monitor;

/**
 * Progress in ImageJ's status bar and progress bar; cancelled by Esc or by {@link #cancel()}. Safe to call from
 * the worker thread (ImageJ's progress calls are).
 */
public final class IJMonitor implements Monitor {

    private final String task;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile long lastStatus;

    /** A monitor whose status lines start with {@code task}. Clears a stale Esc press. */
    public IJMonitor(String task) {
        this.task = task;
        IJ.resetEscape();
        // every command makes one: Inpaint-IJ's warnings then reach the Log, not only the console
        Feedback.warningsToLog();
    }

    @Override
    public void progress(double fraction, String status) {
        IJ.showProgress(fraction);
        long now = System.nanoTime();
        // the status bar repaints slowly: a few updates a second are enough
        if (status != null || now - lastStatus > 250_000_000L) {
            lastStatus = now;
            IJ.showStatus(task + (status != null ? ": " + status : "") + " " + Math.round(100 * fraction) + "%");
        }
    }

    @Override
    public boolean isCancelled() {
        if (IJ.escapePressed()) cancelled.set(true);
        return cancelled.get();
    }

    /** Asks the work to stop at its next check. */
    public void cancel() {
        cancelled.set(true);
    }

    /** Clears the progress bar. */
    public void done(String status) {
        IJ.showProgress(1.0);
        IJ.showStatus(status);
    }
}
