package org.inpaintij.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The SHA-256 of every file under some folders, to prove that a failure changed no byte of any input or earlier
 * output and left nothing behind.
 */
public final class Snapshot {

    private static final Pattern JAVA_NAME = Pattern.compile("\\b[A-Z]\\w*(Exception|Error)\\b|\\bjava\\.\\w|\\n\\s+at ");

    private final Map<String, String> files;

    private Snapshot(Map<String, String> files) {
        this.files = files;
    }

    /** Every regular file under {@code roots} (recursively), path to SHA-256. */
    public static Snapshot of(Path... roots) {
        Map<String, String> m = new TreeMap<>();
        for (Path root : roots) {
            if (!Files.exists(root)) continue;
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.filter(Files::isRegularFile).toList()) m.put(p.toString(), sha256(p));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Snapshot(m);
    }

    /** Asserts that the same files exist with the same bytes, and nothing else. */
    public void assertUnchanged(Path... roots) {
        assertEquals(files, of(roots).files, "files changed, appeared or vanished");
    }

    /** The files, path to SHA-256. */
    public Map<String, String> files() {
        return files;
    }

    /** Asserts that a user-facing text names no Java exception or class and has no stack trace. */
    public static void assertNoJavaNames(String text) {
        assertFalse(JAVA_NAME.matcher(text).find(), "a Java name or stack trace reached the user: " + text);
    }

    public static String sha256(Path p) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
