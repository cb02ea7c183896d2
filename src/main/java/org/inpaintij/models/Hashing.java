package org.inpaintij.models;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.inpaintij.core.Monitor;

/** SHA-256 of files, with progress and cancellation. */
public final class Hashing {

    static final int BUFFER = 1 << 20;

    private Hashing() {}

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    static String hex(MessageDigest md) {
        return HexFormat.of().formatHex(md.digest());
    }

    /** Adds a file's bytes to a digest; returns how many there were. */
    static long update(MessageDigest md, Path file, Progress progress, Monitor monitor) throws IOException {
        byte[] buf = new byte[BUFFER];
        long n = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int r;
            while ((r = in.read(buf)) >= 0) {
                monitor.checkCancelled();
                md.update(buf, 0, r);
                n += r;
                if (progress != null) progress.add(r);
            }
        }
        return n;
    }

    /**
     * The git blob id of a file: the SHA-1 of {@code "blob " + size + "\0"} followed by its bytes, which is how the
     * hub names a file it keeps in git (rather than LFS).
     */
    public static String gitBlobId(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this Java runtime", e);
        }
        md.update(("blob " + Files.size(file) + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        update(md, file, null, Monitor.NONE);
        return hex(md);
    }

    /** The SHA-256 of a file, lower-case hex. */
    public static String file(Path file) throws IOException {
        return file(file, null, Monitor.NONE);
    }

    /** The SHA-256 of a file, lower-case hex; {@code progress} may be null. */
    static String file(Path file, Progress progress, Monitor monitor) throws IOException {
        MessageDigest md = sha256();
        update(md, file, progress, monitor);
        return hex(md);
    }
}
