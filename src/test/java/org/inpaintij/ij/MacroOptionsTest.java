package org.inpaintij.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import ij.Macro;

import org.inpaintij.core.BadInputException;
import org.junit.jupiter.api.Test;

/** Macro option strings, read as ImageJ's own Macro.getValue reads them, ] included. */
class MacroOptionsTest {

    @Test
    void bracketsNestAndSingleQuotesHoldAnUnpairedBracket() {
        String options = "method=diffusion prompt=[a [red] car] negative='blurry ] text' seed=3 stack";
        Map<String, String> v = MacroOptions.parse(options);
        assertEquals("a [red] car", v.get("prompt"));
        assertEquals("blurry ] text", v.get("negative"));
        assertEquals("3", v.get("seed"));
        assertEquals("true", v.get("stack"));
        // exactly what ImageJ's own reader makes of the same string
        for (String key : List.of("prompt", "negative", "seed")) {
            assertEquals(Macro.getValue(options, key, null), v.get(key), key);
        }
    }

    @Test
    void anUnpairedBracketIsOneSentenceThatSaysHowToWriteIt() {
        BadInputException e = assertThrows(BadInputException.class, () -> MacroOptions.parse("prompt=[a [b seed=1"));
        assertTrue(e.getMessage().contains("prompt='...'"), e.getMessage());
        // the recorder writes [a ] b] for a prompt "a ] b": the leftover names the escape
        Map<String, String> v = MacroOptions.parse("prompt=[a ] b]");
        e = assertThrows(BadInputException.class, () -> MacroOptions.checkKeys(v, List.of("prompt"), "Inpaint"));
        assertTrue(e.getMessage().contains("single quotes: prompt='a ] b'"), e.getMessage());
        assertThrows(BadInputException.class, () -> MacroOptions.parse("prompt='open"));
    }
}
