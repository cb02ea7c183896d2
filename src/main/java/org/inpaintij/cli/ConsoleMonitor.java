package org.inpaintij.cli;

import java.io.PrintWriter;
import java.util.Locale;

import org.inpaintij.core.Monitor;

/**
 * Progress on the command line: one self-rewriting line on a terminal, or a line per tenth of the work (and per
 * new item) when the output goes to a log file. Never cancels: Ctrl-C stops the process, and the model manager
 * is safe against that.
 */
final class ConsoleMonitor implements Monitor {

    private final PrintWriter out;
    private final boolean terminal;
    private int lastTenth = -1;
    private String lastItem = "";
    private long lastDraw;
    private int width;

    ConsoleMonitor(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void progress(double fraction, String status) {
        int percent = (int) Math.floor(100 * Math.max(0, Math.min(1, fraction)));
        String line = String.format(Locale.ROOT, "%3d%% %s", percent, status == null ? "" : status);
        if (terminal) {
            long now = System.nanoTime();
            if (now - lastDraw < 200_000_000L && percent < 100) return;
            lastDraw = now;
            String padded = line.length() < width ? line + " ".repeat(width - line.length()) : line;
            width = line.length();
            out.print("\r" + padded);
            out.flush();
            return;
        }
        String item = status == null ? "" : status.replaceAll(" \\(.*", "");
        int tenth = percent / 10;
        if (tenth != lastTenth || !item.equals(lastItem)) {
            lastTenth = tenth;
            lastItem = item;
            out.println(line);
        }
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    /** Ends the progress line. */
    void finish() {
        if (terminal && width > 0) {
            out.println();
            width = 0;
        }
    }
}
