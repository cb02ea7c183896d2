package org.inpaintij.testing;

import java.util.concurrent.atomic.AtomicInteger;

import org.inpaintij.core.Monitor;

/** Monitors for tests. */
public final class Monitors {

    private Monitors() {}

    /** A monitor that says "cancel" once more than {@code reports} progress reports have come in. */
    public static Monitor cancelAfter(int reports) {
        AtomicInteger n = new AtomicInteger();
        return new Monitor() {
            @Override
            public void progress(double fraction, String status) {
                n.incrementAndGet();
            }

            @Override
            public boolean isCancelled() {
                return n.get() > reports;
            }
        };
    }

    /** A monitor that never cancels and keeps every status line it is given (nulls left out). */
    public static Monitor recording(java.util.List<String> status) {
        return new Monitor() {
            @Override
            public synchronized void progress(double fraction, String line) {
                if (line != null) status.add(line);
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
    }
}
