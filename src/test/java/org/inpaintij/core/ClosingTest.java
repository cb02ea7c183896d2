package org.inpaintij.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Closing several resources: every one is tried; the first failure is thrown, the later ones suppressed in it. */
class ClosingTest {

    @Test
    void everyItemIsClosedAndTheFirstFailureIsThrown() {
        List<String> closed = new ArrayList<>();
        RuntimeException e = assertThrows(IllegalStateException.class, () -> Closing.all(List.of("a", "b", "c", "d"),
                s -> {
                    closed.add(s);
                    if (s.equals("b")) throw new IllegalStateException("b failed");
                    if (s.equals("d")) throw new IllegalArgumentException("d failed");
                }));
        assertEquals(List.of("a", "b", "c", "d"), closed);
        assertEquals("b failed", e.getMessage());
        assertArrayEquals(new String[] {"d failed"},
                java.util.Arrays.stream(e.getSuppressed()).map(Throwable::getMessage).toArray(String[]::new));
    }

    @Test
    void nothingIsThrownWhenEveryItemCloses() {
        List<Integer> closed = new ArrayList<>();
        Closing.all(List.of(1, 2), closed::add);
        assertEquals(List.of(1, 2), closed);
    }
}
