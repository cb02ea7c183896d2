package org.inpaintij.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.inpaintij.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model folder's JSON file: an object is read; anything else is one sentence naming the file and what was expected. */
class JsonFilesTest {

    @TempDir
    Path dir;

    @Test
    void anObjectIsRead() throws IOException {
        Path f = Files.writeString(dir.resolve("config.json"), "{\"scaling_factor\": 0.18215, \"name\": \"vae\"}");
        assertEquals(0.18215, JsonFiles.object(f, "a config").get("scaling_factor").getAsDouble());
        assertEquals("vae", JsonFiles.object(f, "a config").get("name").getAsString());
    }

    @Test
    void anythingElseNamesTheFileAndWhatWasExpected() throws IOException {
        Path array = Files.writeString(dir.resolve("array.json"), "[1, 2]");
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"a\": ");
        Path missing = dir.resolve("missing.json");
        for (Path f : new Path[] {array, broken, missing}) {
            String msg = assertThrows(BadInputException.class, () -> JsonFiles.object(f, "the manifest")).getMessage();
            assertTrue(msg.startsWith("Cannot read " + f + " ("), msg);
            assertTrue(msg.endsWith("); expected the manifest."), msg);
        }
        String msg = assertThrows(BadInputException.class, () -> JsonFiles.object(array, "x")).getMessage();
        assertTrue(msg.contains("(not an object)"), msg);
    }
}
