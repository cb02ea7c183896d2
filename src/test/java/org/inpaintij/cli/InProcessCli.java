package org.inpaintij.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.inpaintij.testing.Snapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the command line in the test's process, keeping what it printed, and checks after every test that the
 * bundled sample the tests read was not changed by a single byte.
 */
abstract class InProcessCli {

    /** The bundled sample image and its mask. */
    static final String SAMPLE = "doc/sample/sample.tif";
    static final String MASK = "doc/sample/sample-mask.png";
    private static final Snapshot SAMPLE_FILES = Snapshot.of(Path.of("doc/sample"));

    @TempDir
    Path tmp;

    /** What the last run printed on its output and error streams. */
    String out = "", err = "";

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @AfterEach
    void inputsUnchanged() {
        assertSampleUnchanged();
    }

    /** Asserts that no byte of the bundled sample changed since the tests started. */
    static void assertSampleUnchanged() {
        SAMPLE_FILES.assertUnchanged(Path.of("doc/sample"));
    }

    /** Runs {@code java -jar inpaint-ij.jar ARGS} in this process; its exit status. */
    int run(String... args) {
        StringWriter o = new StringWriter(), e = new StringWriter();
        int rc = Main.commandLine(new PrintWriter(o, true), new PrintWriter(e, true)).execute(args);
        out = o.toString();
        err = e.toString();
        return rc;
    }
}
