package org.inpaintij.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

import org.inpaintij.core.Errors;

/**
 * Writes a file so that it is either complete or not there at all: the bytes go to a hidden temporary file in
 * the destination folder ({@code .NAME.RANDOM.partial}), are flushed to the disk ({@code fsync}), and only then
 * is the temporary renamed to the destination in one atomic step. A file that was there before stays untouched
 * until that rename; a failed write (a full disk, a read-only folder) removes the temporary and leaves the
 * destination as it was.
 */
final class OutputFile {

    /** Writes the file's bytes. */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** A write failed; the message says which file and why, and that nothing was changed. */
    static final class WriteFailedException extends IOException implements org.inpaintij.core.UserFacing {
        private static final long serialVersionUID = 1L;

        WriteFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private OutputFile() {}

    /**
     * Writes {@code dest} from {@code body}, atomically.
     *
     * @throws WriteFailedException naming the file and the reason; nothing is left behind and a file that was
     *     at {@code dest} before is unchanged
     */
    static void write(Path dest, Body body) throws WriteFailedException {
        Path target = dest.toAbsolutePath().normalize();
        Path dir = target.getParent();
        boolean existed = Files.exists(target);
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current()
                .nextLong() >>> 1) + ".partial");
        Path firstMissing = null;
        for (Path d = dir; d != null && !Files.exists(d); d = d.getParent()) firstMissing = d;
        try {
            Files.createDirectories(dir);
            // CREATE_NEW: the file gets the folder's usual permissions, unlike a temporary file (owner only)
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                body.writeTo(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // the temporary sits in the same folder, so this is a file system without renames at all
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncFolder(dir);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
                // folders made for this file go too
                for (Path d = dir; firstMissing != null && d != null && d.startsWith(firstMissing); d = d.getParent()) {
                    Files.deleteIfExists(d);
                }
            } catch (IOException gone) {
                e.addSuppressed(gone);
            }
            String reason = (e instanceof IOException io ? Errors.io(io) : Errors.sentence(e, "run again with --debug"))
                    .replace(tmp.toString(), target.toString());
            throw new WriteFailedException("Could not write " + target + ": " + reason + "; nothing was written"
                    + (existed ? " and the file that was there is unchanged." : "."), e);
        }
    }

    /** Makes the rename itself durable where the platform allows opening a folder (Linux, macOS). */
    private static void syncFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a folder as a channel; its renames are journalled by NTFS
        }
    }
}
