package org.inpaintij.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * A real small file system for fault tests: a tmpfs of a few hundred KB (a full disk is reached after a few
 * writes) that can be made read-only. Mounting needs root with CAP_SYS_ADMIN, as in this project's CI; where
 * the mount is refused the test is skipped with the reason (the same behaviour is covered through the
 * {@code OutputFile} seam in {@code OutputFileTest}, which needs no mount).
 */
public final class Mounts implements AutoCloseable {

    private final Path dir;

    private Mounts(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code kib} KiB at {@code dir} (created), or skips the test when that is impossible. */
    public static Mounts tmpfs(Path dir, int kib) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String why = run("mount", "-t", "tmpfs", "-o", "size=" + kib + "k", "tmpfs", dir.toString());
        Assumptions.assumeTrue(why == null, () -> "cannot mount a tmpfs here (" + why + ")");
        return new Mounts(dir);
    }

    /** The mount point. */
    public Path dir() {
        return dir;
    }

    /** Makes the mounted file system read-only (root cannot write either). */
    public void readOnly() throws IOException, InterruptedException {
        String why = run("mount", "-o", "remount,ro", dir.toString());
        if (why != null) throw new IOException("remount read-only failed: " + why);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (run("umount", dir.toString()) != null) run("umount", "-l", dir.toString());
    }

    /** Runs a command; null when it succeeded, else what it printed. */
    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.waitFor() == 0 ? null : (out.isEmpty() ? "exit " + p.exitValue() : out);
    }
}
