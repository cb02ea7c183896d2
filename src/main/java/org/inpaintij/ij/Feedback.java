package org.inpaintij.ij;

import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import ij.IJ;

import org.inpaintij.core.Errors;
import org.inpaintij.core.Option;
import org.inpaintij.core.Requests;

/**
 * What the plugin tells the user in ImageJ besides its results: one sentence per failure ({@code IJ.error}), never
 * an exception's name or stack trace (those go to the Log in ImageJ's debug mode, Edit > Options > Misc...);
 * Inpaint-IJ's warnings (a damaged settings file set aside, say) in the Log; and options the chosen method ignores.
 */
public final class Feedback {

    private static final String DEBUG_HINT = "turn on Edit > Options > Misc... > Debug mode and try again";
    /** Held here: the log manager keeps loggers only weakly. */
    private static final Logger LOGGER = Logger.getLogger("org.inpaintij");
    private static boolean warningsToLog;

    private Feedback() {}

    /** The sentence for a failure, as the dialogs show it. */
    public static String sentence(Throwable e) {
        return Errors.sentence(e, DEBUG_HINT);
    }

    /** Shows a failure as one sentence; in debug mode its stack trace goes to the Log. */
    public static void error(String title, Throwable e) {
        debug(e);
        IJ.error(title, sentence(e));
    }

    /** In ImageJ's debug mode, the stack trace of a failure shown as a sentence, in the Log. */
    public static void debug(Throwable e) {
        if (IJ.debugMode) IJ.log(Errors.stackTrace(e));
    }

    /** Writes a line to the Log for each option given that the chosen method does not read. */
    public static void ignoredOptions(String title, Map<String, String> values) {
        List<Option> ignored = Requests.ignored(values);
        if (ignored.isEmpty()) return;
        IJ.log(title + ": " + String.join(", ", ignored.stream().map(Option::key).toList())
                + (ignored.size() == 1 ? " is" : " are") + " ignored: method "
                + Requests.parse(values).method() + " does not read " + (ignored.size() == 1 ? "it." : "them."));
    }

    /** Sends Inpaint-IJ's warnings (and errors) to ImageJ's Log, once per process. */
    public static synchronized void warningsToLog() {
        if (warningsToLog) return;
        warningsToLog = true;
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) IJ.log("Inpaint-IJ: " + r.getMessage());
            }

            @Override
            public void flush() {
                // IJ.log writes at once
            }

            @Override
            public void close() {
                // nothing held
            }
        };
        h.setLevel(Level.WARNING);
        LOGGER.addHandler(h);
    }
}
