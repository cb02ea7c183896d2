package org.inpaintij.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.inpaintij.core.Errors;

/**
 * What the command line prints besides its own lines. ImageJ's readers and writers print to the process's
 * standard output ("File is not in a supported format", save errors): {@link #quietly} keeps that out of the
 * command's output, since every failure gets its own sentence. Log records of Inpaint-IJ and ONNX Runtime's
 * Java side become one line each ("inpaint-ij: ..."): warnings normally, nothing but errors with
 * {@code --quiet}, everything with stack traces with {@code --debug}.
 */
final class CliOutput {

    private static volatile boolean debug;
    private static final LineHandler HANDLER = new LineHandler();
    /** Loggers are held weakly by the log manager: these references keep the configured ones alive. */
    private static final Logger[] LOGGERS = {Logger.getLogger("org.inpaintij"), Logger.getLogger("ai.onnxruntime")};

    private CliOutput() {}

    /** Whether {@code --debug} was given (or {@code INPAINT_IJ_DEBUG} is set in the environment). */
    static boolean debug() {
        return debug;
    }

    static void setDebug(boolean on) {
        debug = on;
    }

    /** Sends log records to {@code err} as single lines, at the level {@code quiet} and {@link #debug()} ask for. */
    static void configureLogging(PrintWriter err, boolean quiet) {
        HANDLER.err = err;
        Level level = debug ? Level.FINE : quiet ? Level.SEVERE : Level.WARNING;
        HANDLER.setLevel(level);
        for (Logger l : LOGGERS) {
            l.setUseParentHandlers(false);
            l.setLevel(level);
            boolean has = false;
            for (Handler h : l.getHandlers()) has |= h == HANDLER;
            if (!has) l.addHandler(HANDLER);
        }
    }

    /** With {@code --debug}, the stack trace of a failure that was reported as a sentence. */
    static void debug(PrintWriter err, Throwable e) {
        debug(err, e, null);
    }

    /** With {@code --debug}, the stack trace of a failure and what ImageJ printed while it happened. */
    static void debug(PrintWriter err, Throwable e, CharSequence imagej) {
        if (!debug) return;
        err.print("inpaint-ij: debug: " + Errors.stackTrace(e));
        if (imagej != null && imagej.length() > 0) err.print("inpaint-ij: debug: ImageJ printed: " + imagej);
        err.flush();
    }

    /**
     * Runs {@code body} with the process's standard output and error captured into {@code imagej}, so that
     * ImageJ's own messages do not reach the user (every failure gets its own sentence; {@link #debug} shows
     * them).
     */
    static <T> T quietly(Callable<T> body, StringBuilder imagej) throws Exception {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream sink = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(sink);
        System.setErr(sink);
        try {
            return body.call();
        } finally {
            System.setOut(out);
            System.setErr(err);
            imagej.append(captured.toString(StandardCharsets.UTF_8));
        }
    }

    /** One line per record: "inpaint-ij: message", with the stack trace only in debug mode. */
    private static final class LineHandler extends Handler {
        volatile PrintWriter err;

        @Override
        public void publish(LogRecord r) {
            PrintWriter w = err;
            if (w == null || !isLoggable(r)) return;
            String msg = r.getMessage();
            if (r.getParameters() != null && msg != null && msg.contains("{")) {
                msg = java.text.MessageFormat.format(msg, r.getParameters());
            }
            w.println("inpaint-ij: " + (r.getLevel().intValue() >= Level.SEVERE.intValue() ? "" : r.getLevel()
                    .intValue() >= Level.WARNING.intValue() ? "warning: " : "debug: ") + msg);
            if (debug && r.getThrown() != null) w.print(Errors.stackTrace(r.getThrown()));
            w.flush();
        }

        @Override
        public void flush() {
            PrintWriter w = err;
            if (w != null) w.flush();
        }

        @Override
        public void close() {
            err = null;
        }
    }
}
