package org.inpaintij.core;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * Turns any failure into the one sentence a user reads: the message of a {@link UserFacing} exception as it is,
 * and for everything else a sentence that says what happened in words (a full disk, a read-only folder, no
 * memory left), never a Java exception name or a stack trace. Those go to a debug log, and only when the user
 * asks for it ({@link #stackTrace}).
 */
public final class Errors {

    private Errors() {}

    /**
     * The sentence for a failure.
     *
     * @param e what was thrown
     * @param debugHint how the user gets the details in this door (e.g. "run again with --debug"), named in the
     *     sentence for an unexpected failure
     */
    public static String sentence(Throwable e, String debugHint) {
        if (e instanceof UserFacing && e.getMessage() != null) return e.getMessage();
        if (e instanceof OutOfMemoryError) return outOfMemory();
        if (e instanceof UncheckedIOException u && u.getCause() != null) e = u.getCause();
        if (e instanceof IOException io) {
            return "A file could not be read or written: " + io(io) + ".";
        }
        return "Inpaint-IJ failed unexpectedly (an internal error"
                + (e.getStackTrace().length > 0 ? " in " + where(e.getStackTrace()[0]) : "") + "); " + debugHint
                + " to see the details, and please report it.";
    }

    /** The sentence for running out of Java memory, with how much Java may use. */
    public static String outOfMemory() {
        return "Java ran out of memory (it may use at most " + Memory.format(Runtime.getRuntime().maxMemory())
                + "): give it more (java -Xmx..., or Edit > Options > Memory & Threads in ImageJ), or work on a"
                + " smaller image, selection or resolution.";
    }

    /**
     * An I/O failure in a few words, with the file it concerns: "no space left on the disk (/data/out.tif)",
     * "the folder is read-only (/mnt/ro)", "permission denied (/x)", "no such file or folder (/y)".
     */
    public static String io(IOException e) {
        // wrappers (an image writer's "I/O error writing PNG file!") say less than the failure they wrap
        while (e.getCause() instanceof IOException inner && inner != e) e = inner;
        String file = e instanceof FileSystemException f && f.getFile() != null ? f.getFile() : null;
        String reason = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        String r = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
        String what;
        if (r.contains("no space left") || r.contains("disk full") || r.contains("not enough space")) {
            what = "no space is left on the disk";
        } else if (r.contains("read-only file system")) {
            what = "the folder is on a read-only file system";
        } else if (e instanceof AccessDeniedException || r.contains("permission denied")
                || r.contains("access is denied")) {
            what = "permission denied";
        } else if (e instanceof NoSuchFileException || r.contains("no such file")) {
            what = "no such file or folder";
        } else if (e instanceof NotDirectoryException || r.contains("not a directory")) {
            what = "a part of the path is a file, not a folder";
        } else if (e instanceof FileAlreadyExistsException) {
            what = "it already exists";
        } else if (r.contains("disk quota")) {
            what = "the disk quota is exceeded";
        } else if (e instanceof FileNotFoundException && reason != null) {
            // java.io reports "PATH (Reason)"
            int open = reason.lastIndexOf(" (");
            return open > 0 && reason.endsWith(")")
                    ? reason.substring(open + 2, reason.length() - 1).toLowerCase(Locale.ROOT) + " ("
                            + reason.substring(0, open) + ")"
                    : reason;
        } else {
            what = reason != null && !reason.isBlank() ? reason : "an input/output error";
        }
        return file != null ? what + " (" + file + ")" : what;
    }

    /** The stack trace of a failure, with its causes, for a debug log. */
    public static String stackTrace(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    private static String where(StackTraceElement s) {
        String c = s.getClassName();
        return c.substring(c.lastIndexOf('.') + 1) + "." + s.getMethodName();
    }
}
