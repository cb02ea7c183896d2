package org.inpaintij.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.inpaintij.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-written vocab.json and merges.txt readers on the JSON and text forms other exporters write. */
class BpeFilesTest {

    @Test
    void readsEscapesAsciiOnlyExportsAndEmptyObjects(@TempDir Path dir) throws IOException {
        Path v = dir.resolve("vocab.json");
        // json.dumps(ensure_ascii=True) writes non-ASCII tokens as \\u escapes, surrogate pairs included
        Files.writeString(v, "{\n  \"a\\u0120b\": 5, \"\\\"q\\\"\": 6,\"x\\\\y\\/z\":7, \"\\ud83d\\ude00\": 8,"
                + " \"\\n\\t\": 9, \"h\u00e9\": 10\n}\n", StandardCharsets.UTF_8);
        BpeFiles.TokenIds ids = BpeFiles.readVocab(v);
        assertEquals(6, ids.size());
        assertEquals(5, ids.get("a\u0120b"));
        assertEquals(6, ids.get("\"q\""));
        assertEquals(7, ids.get("x\\y/z"));
        assertEquals(8, ids.get("\ud83d\ude00"));
        assertEquals(9, ids.get("\n\t"));
        assertEquals(10, ids.get("h\u00e9"));
        assertEquals(-1, ids.get("absent"));
        Files.writeString(v, " { } ");
        assertEquals(0, BpeFiles.readVocab(v).size());
    }

    @Test
    void malformedVocabularyNamesThePlace(@TempDir Path dir) throws IOException {
        Path v = dir.resolve("vocab.json");
        String[] broken = {"{\"a\" 1}", "{\"a\": -1}", "{\"a\": 1", "[\"a\"]", "{\"a\": 1} x", "{\"a\\q\": 1}",
            "{\"a\": 99999999999}"};
        for (String b : broken) {
            Files.writeString(v, b);
            BadInputException e = assertThrows(BadInputException.class, () -> BpeFiles.readVocab(v), b);
            assertTrue(e.getMessage().contains("vocab.json") && e.getMessage().contains("character"), e.getMessage());
        }
        Files.write(v, new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'});
        BadInputException e = assertThrows(BadInputException.class, () -> BpeFiles.readVocab(v));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void mergesWithWindowsLineEndingsAndBlankLines(@TempDir Path dir) throws IOException {
        Path v = dir.resolve("vocab.json"), m = dir.resolve("merges.txt");
        Files.writeString(v, "{\"a\": 0, \"b\": 1, \"ab\": 2, \"c\": 3, \"abc\": 4}");
        Files.writeString(m, "#version: 0.2\r\na b\r\n\r\nab c\r\n");
        BpeFiles.MergeTable t = BpeFiles.readMerges(m, BpeFiles.readVocab(v));
        assertEquals(0, t.rank(0, 1));
        assertEquals(2, t.merged(0, 1));
        assertEquals(1, t.rank(2, 3));
        assertEquals(4, t.merged(2, 3));
        assertEquals(-1, t.rank(1, 0), "merges are ordered pairs");
        Files.writeString(m, "a b\nab  c\n");
        BadInputException e = assertThrows(BadInputException.class, () -> BpeFiles.readMerges(m, BpeFiles.readVocab(v)));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        Files.writeString(m, "a c\n");
        e = assertThrows(BadInputException.class, () -> BpeFiles.readMerges(m, BpeFiles.readVocab(v)));
        assertTrue(e.getMessage().contains("\"ac\""), e.getMessage());
    }
}
