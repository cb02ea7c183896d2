package org.inpaintij.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class RequestsTest {

    @Test
    void defaults() {
        InpaintRequest r = Requests.parse(Map.of());
        assertEquals("auto", r.method());
        assertEquals(Output.NEW, r.output());
        assertEquals("selection", r.mask());
        assertEquals(0, r.grow());
        assertEquals(5, r.radius());
        assertEquals(9, r.patch());
        assertNull(r.seed());
        assertEquals(0L, r.seedOrZero());
        assertNull(r.diffusion().steps());
        assertEquals("default", r.diffusion().scheduler());
        assertEquals("auto", r.diffusion().device());
    }

    @Test
    void valuesAreParsed() {
        InpaintRequest r = Requests.parse(Map.of("method", "TELEA", "output", "in-place", "stack", "true",
                "grow", "3", "feather", "2.0", "seed", "-1", "strength", "0.5", "resolution", "512",
                "device", "cuda:1"));
        assertEquals("telea", r.method());
        assertEquals(Output.IN_PLACE, r.output());
        assertTrue(r.stack());
        assertEquals(3, r.grow());
        assertEquals(2, r.feather());
        assertEquals(-1L, r.seed());
        assertEquals(0.5, r.diffusion().strength());
        assertEquals(512, r.diffusion().resolution());
        assertEquals("cuda:1", r.diffusion().device());
    }

    @Test
    void badValuesGetOneSentenceNamingKeyValueAndAccepted() {
        assertMessage(Map.of("method", "blur"), "Unknown method 'blur'; accepted: auto, ");
        assertMessage(Map.of("output", "file"), "Unknown output 'file'; accepted: new, in-place, overlay.");
        assertMessage(Map.of("grow", "-1"), "grow must be a whole number from 0 to 1000, not -1.");
        assertMessage(Map.of("grow", "2.5"), "grow must be a whole number from 0 to 1000, not 2.5.");
        assertMessage(Map.of("feather", "x"), "feather must be a whole number from 0 to 1000, not 'x'.");
        assertMessage(Map.of("strength", "1.5"), "strength must be a number from 0 to 1, not 1.5.");
        assertMessage(Map.of("resolution", "500"), "resolution must be a multiple of 8 from 64 to 4096, not 500 (try 504).");
        assertMessage(Map.of("scheduler", "pndm"), "Unknown scheduler 'pndm'; accepted: default, ddim, euler, "
                + "euler_ancestral, dpmpp_2m, dpmpp_2m_karras, lcm.");
        assertMessage(Map.of("device", "gpu"), "Unknown device 'gpu'; accepted: auto, cpu, cuda, cuda:N (N = GPU index).");
        assertMessage(Map.of("seed", "-5"), "seed must be a whole number, -1 or more (-1 = random), not -5.");
    }

    private static void assertMessage(Map<String, String> v, String start) {
        BadInputException e = assertThrows(BadInputException.class, () -> Requests.parse(v));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }

    @Test
    void labelsGiveTheMacroKeys() {
        for (Option o : Option.values()) assertEquals(o.key(), ij.Macro.trimKey(o.label()), o.name());
    }

    @Test
    void optionsTheMethodDoesNotReadAreNamed() {
        assertEquals(java.util.List.of(Option.RADIUS, Option.PROMPT, Option.STEPS), Requests.ignored(
                new java.util.LinkedHashMap<>(Map.of("method", "harmonic", "prompt", "a", "steps", "5", "radius", "3",
                        "grow", "2"))), "table order; common options (grow) are never ignored");
        assertEquals(java.util.List.of(), Requests.ignored(Map.of("method", "telea", "radius", "3")));
        assertEquals(java.util.List.of(), Requests.ignored(Map.of("method", "patch", "seed", "3", "variations", "2")),
                "variations are one result per seed, for any seeded method");
        assertEquals(java.util.List.of(), Requests.ignored(Map.of("patch", "7", "seed", "1")),
                "auto hands thick regions to patch, with its options");
        assertEquals(java.util.List.of(Option.RADIUS), Requests.ignored(Map.of("method", "diffusion", "prompt", "a",
                "radius", "3")));
    }
}
