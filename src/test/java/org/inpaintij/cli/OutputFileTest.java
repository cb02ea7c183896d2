package org.inpaintij.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.inpaintij.testing.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OutputFile} without a real full disk: a body that fails part-way stands in for the file system's
 * "No space left on device" (the same failure is run on a real tmpfs in {@link SafeOutputTest}).
 */
class OutputFileTest {

    @TempDir
    Path tmp;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aWriteThatFailsPartWayLeavesTheOldFileAndNoTemporary() throws Exception {
        Path dest = Files.write(tmp.resolve("r.tif"), new byte[] {1, 2, 3});
        Snapshot before = Snapshot.of(tmp);
        OutputFile.WriteFailedException e = assertThrows(OutputFile.WriteFailedException.class,
                () -> OutputFile.write(dest, out -> {
                    out.write(new byte[200_000]);
                    throw new IOException("No space left on device");
                }));
        assertEquals("Could not write " + dest + ": no space is left on the disk; nothing was written and the file"
                + " that was there is unchanged.", e.getMessage());
        before.assertUnchanged(tmp);
        assertEquals(List.of("r.tif"), names());
    }

    @Test
    void aNewFileAppearsWholeOrNotAtAll() throws Exception {
        Path dest = tmp.resolve("sub/new.tif");
        assertThrows(OutputFile.WriteFailedException.class, () -> OutputFile.write(dest, out -> {
            out.write(7);
            throw new IOException("Read-only file system");
        }));
        assertFalse(Files.exists(dest.getParent()), "no temporary left, nor the folder made for it");
        OutputFile.write(dest, out -> out.write(new byte[] {4, 5}));
        assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(dest));
        OutputFile.write(dest, out -> out.write(new byte[] {6}));
        assertArrayEquals(new byte[] {6}, Files.readAllBytes(dest));
        try (Stream<Path> s = Files.list(dest.getParent())) {
            assertEquals(List.of("new.tif"), s.map(p -> p.getFileName().toString()).toList());
        }
        assertTrue(Files.isRegularFile(dest));
    }
}
