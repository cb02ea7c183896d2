package org.inpaintij;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.inpaintij.core.Engines;
import org.inpaintij.core.Option;
import org.junit.jupiter.api.Test;

/** The docs name every macro key and every method, so they cannot silently fall behind the code. */
class DocsTest {

    @Test
    void macroReferenceNamesEveryKey() throws IOException {
        String ref = Files.readString(Path.of("doc/macro-reference.md"));
        for (Option o : Option.values()) assertTrue(ref.contains("`" + o.key() + "`"), "doc/macro-reference.md lacks " + o.key());
    }

    @Test
    void userGuideNamesEveryMethod() throws IOException {
        String guide = Files.readString(Path.of("doc/user-guide.md"));
        // methods named test-* exist only in the test class path
        for (String m : Engines.names()) if (!m.startsWith("test-")) assertTrue(guide.contains("`" + m + "`"), "doc/user-guide.md lacks method " + m);
    }
}
