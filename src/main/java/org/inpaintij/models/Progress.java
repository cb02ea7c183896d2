package org.inpaintij.models;

import org.inpaintij.core.Monitor;

/**
 * Byte progress of a job with a known (or estimated) total, reported to a {@link Monitor} at most every 100 ms
 * so that a fast disk or network does not flood the status bar.
 */
final class Progress {

    private final Monitor monitor;
    private final String verb;
    private long total;
    private long done;
    private String item = "";
    private long lastReport;

    Progress(Monitor monitor, String verb, long total) {
        this.monitor = monitor;
        this.verb = verb;
        this.total = Math.max(1, total);
    }

    /** The file being worked on, for the status line. */
    void item(String name) {
        item = name;
        report(true);
    }

    /** Bytes done so far, out of the total. */
    void add(long bytes) {
        done += bytes;
        // an estimated total can be too small: grow it rather than report more than 100%
        if (done > total) total = done;
        report(false);
    }

    /** Undoes bytes counted for data that was thrown away (a restarted download). */
    void subtract(long bytes) {
        done = Math.max(0, done - bytes);
        report(true);
    }

    long done() {
        return done;
    }

    private void report(boolean now) {
        long t = System.nanoTime();
        if (!now && t - lastReport < 100_000_000L) return;
        lastReport = t;
        monitor.progress((double) done / total, verb + " " + item + " (" + Bytes.format(done) + " of "
                + Bytes.format(total) + ")");
    }
}
