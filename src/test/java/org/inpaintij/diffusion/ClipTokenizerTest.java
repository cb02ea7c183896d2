package org.inpaintij.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.inpaintij.core.BadInputException;
import org.inpaintij.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

/** The CLIP tokenizer against the reference ids, and its handling of configs and broken folders. */
class ClipTokenizerTest {

    private static final int START = 49406;
    private static final int END = 49407;
    /** "a</w>" in the CLIP vocabulary. */
    private static final int A = 320;

    private static ClipTokenizer sd1;

    @BeforeAll
    static void load() {
        sd1 = ClipTokenizer.load(Fixtures.file("clip-tokenizer"));
    }

    record Row(String text, int[] ids) {
        @Override
        public String toString() {
            return text;
        }
    }

    static List<Row> referenceRows() throws IOException {
        List<Row> rows = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(Fixtures.file("reference/clip_tokens.json"), StandardCharsets.UTF_8)) {
            for (JsonElement e : JsonParser.parseReader(r).getAsJsonArray()) {
                var o = e.getAsJsonObject();
                var arr = o.getAsJsonArray("ids");
                int[] ids = new int[arr.size()];
                for (int i = 0; i < ids.length; i++) ids[i] = arr.get(i).getAsInt();
                rows.add(new Row(o.get("text").getAsString(), ids));
            }
        }
        return rows;
    }

    @Test
    void referenceHasRows() throws IOException {
        assertTrue(referenceRows().size() >= 10, "clip_tokens.json should hold the reference prompts");
    }

    @ParameterizedTest
    @MethodSource("referenceRows")
    void reproducesReferenceIds(Row row) {
        ClipTokenizer.Tokens t = sd1.encode(row.text());
        assertEquals(77, t.ids().length);
        assertEquals(row.ids().length, t.length(), "length before padding");
        assertArrayEquals(row.ids(), Arrays.copyOf(t.ids(), t.length()));
        assertFalse(t.truncated());
        for (int i = t.length(); i < 77; i++) assertEquals(END, t.ids()[i], "SD1 pads with the end token");
    }

    @Test
    void emptyPromptIsStartAndEnd() {
        ClipTokenizer.Tokens t = sd1.encode("");
        assertEquals(2, t.length());
        assertEquals(START, t.ids()[0]);
        assertEquals(END, t.ids()[1]);
        assertEquals(t.length(), sd1.encode("   \t\n ").length());
        assertEquals(2, sd1.encode(null).length());
    }

    @Test
    void exactlyFullPromptIsNotTruncated() {
        ClipTokenizer.Tokens t = sd1.encode("a ".repeat(75));
        assertEquals(77, t.length());
        assertFalse(t.truncated());
        assertEquals(A, t.ids()[75]);
        assertEquals(END, t.ids()[76]);
    }

    @Test
    void longPromptIsTruncatedSoThatTheLastIdIsTheEndToken() {
        ClipTokenizer.Tokens t = sd1.encode("a ".repeat(76));
        assertTrue(t.truncated());
        assertEquals(77, t.length());
        assertEquals(START, t.ids()[0]);
        for (int i = 1; i < 76; i++) assertEquals(A, t.ids()[i]);
        assertEquals(END, t.ids()[76]);
        assertTrue(sd1.encode("a photo of a cat, ".repeat(40)).truncated());
    }

    @Test
    void specialTokensInTheTextKeepTheirIds() {
        ClipTokenizer.Tokens t = sd1.encode("a<|endoftext|>a");
        assertArrayEquals(new int[] {START, A, END, A, END}, Arrays.copyOf(t.ids(), t.length()));
    }

    @Test
    void sd1StyleConfigPadsWithTheEndToken(@TempDir Path dir) throws IOException {
        Path tok = tokenizerFolder(dir);
        Files.writeString(tok.resolve("tokenizer_config.json"), """
                {"add_prefix_space": false, "bos_token": {"__type": "AddedToken", "content": "<|startoftext|>"},
                 "eos_token": {"__type": "AddedToken", "content": "<|endoftext|>"}, "do_lower_case": true,
                 "model_max_length": 77, "pad_token": "<|endoftext|>", "unk_token": "<|endoftext|>",
                 "tokenizer_class": "CLIPTokenizer"}
                """);
        ClipTokenizer t = ClipTokenizer.load(tok);
        assertEquals(END, t.padId());
        assertEquals(77, t.maxLength());
        int[] ids = t.encode("a photo of a cat").ids();
        assertEquals(END, ids[7]);
        assertEquals(END, ids[76]);
    }

    @Test
    void sd2StyleConfigPadsWithExclamationMark(@TempDir Path dir) throws IOException {
        Path tok = tokenizerFolder(dir);
        Files.writeString(tok.resolve("tokenizer_config.json"), """
                {"bos_token": {"__type": "AddedToken", "content": "<|startoftext|>", "lstrip": false},
                 "eos_token": {"__type": "AddedToken", "content": "<|endoftext|>", "lstrip": false},
                 "model_max_length": 77, "pad_token": {"__type": "AddedToken", "content": "!", "lstrip": false},
                 "unk_token": {"__type": "AddedToken", "content": "<|endoftext|>"}}
                """);
        ClipTokenizer t = ClipTokenizer.load(tok);
        assertEquals(0, t.padId());
        ClipTokenizer.Tokens tokens = t.encode("a photo of a cat");
        assertEquals(7, tokens.length());
        assertEquals(END, tokens.ids()[6], "the end token still closes the prompt");
        for (int i = 7; i < 77; i++) assertEquals(0, tokens.ids()[i]);
    }

    @Test
    void padTokenFallsBackToTheSpecialTokensMap(@TempDir Path dir) throws IOException {
        Path tok = tokenizerFolder(dir);
        Files.writeString(tok.resolve("tokenizer_config.json"), "{\"model_max_length\": 77, \"pad_token\": null}");
        Files.writeString(tok.resolve("special_tokens_map.json"), "{\"pad_token\": \"!\"}");
        assertEquals(0, ClipTokenizer.load(tok).padId());
        Files.delete(tok.resolve("special_tokens_map.json"));
        assertEquals(END, ClipTokenizer.load(tok).padId(), "neither file names one: the end token");
    }

    @Test
    void modelMaxLengthFromTheConfig(@TempDir Path dir) throws IOException {
        Path tok = tokenizerFolder(dir);
        Files.writeString(tok.resolve("tokenizer_config.json"), "{\"model_max_length\": 8}");
        ClipTokenizer t = ClipTokenizer.load(tok);
        assertEquals(8, t.maxLength());
        ClipTokenizer.Tokens tokens = t.encode("a photo of a cat on a red car");
        assertEquals(8, tokens.ids().length);
        assertTrue(tokens.truncated());
        assertEquals(END, tokens.ids()[7]);
        Files.writeString(tok.resolve("tokenizer_config.json"), "{\"model_max_length\": 1000000000000000019884624838656}");
        assertEquals(77, ClipTokenizer.load(tok).maxLength(), "Hugging Face's 'unset' value means 77");
        Files.writeString(tok.resolve("tokenizer_config.json"), "{\"model_max_length\": 1.5}");
        BadInputException e = assertThrows(BadInputException.class, () -> ClipTokenizer.load(tok));
        assertTrue(e.getMessage().contains("model_max_length"), e.getMessage());
    }

    @Test
    void missingFilesAreNamed(@TempDir Path dir) throws IOException {
        Path tok = tokenizerFolder(dir);
        Files.delete(tok.resolve("merges.txt"));
        BadInputException e = assertThrows(BadInputException.class, () -> ClipTokenizer.load(tok));
        assertTrue(e.getMessage().contains("merges.txt"), e.getMessage());
        Path empty = Files.createDirectory(dir.resolve("empty"));
        e = assertThrows(BadInputException.class, () -> ClipTokenizer.load(empty));
        assertTrue(e.getMessage().contains("vocab.json"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> ClipTokenizer.load(dir.resolve("nowhere")));
        assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
    }

    @Test
    void malformedFilesAreNamed(@TempDir Path dir) throws IOException {
        Path tok = Files.createDirectory(dir.resolve("tok"));
        Files.copy(Fixtures.file("clip-tokenizer/merges.txt"), tok.resolve("merges.txt"));
        Files.writeString(tok.resolve("vocab.json"), "{\"a\": 1, \"b\": ");
        BadInputException e = assertThrows(BadInputException.class, () -> ClipTokenizer.load(tok));
        assertTrue(e.getMessage().contains("vocab.json"), e.getMessage());

        Path tok2 = tokenizerFolder(Files.createDirectory(dir.resolve("two")));
        Files.delete(tok2.resolve("merges.txt"));
        Files.writeString(tok2.resolve("merges.txt"), "#version: 0.2\ni n\nthis line has three\n");
        e = assertThrows(BadInputException.class, () -> ClipTokenizer.load(tok2));
        assertTrue(e.getMessage().contains("merges.txt line 3"), e.getMessage());

        Files.writeString(tok2.resolve("merges.txt"), "#version: 0.2\ni n\n");
        Files.writeString(tok2.resolve("tokenizer_config.json"), "{\"pad_token\": \"<|pad|>\"}");
        e = assertThrows(BadInputException.class, () -> ClipTokenizer.load(tok2));
        assertTrue(e.getMessage().contains("<|pad|>"), e.getMessage());

        Files.writeString(tok2.resolve("tokenizer_config.json"), "{\"pad_token\": ");
        e = assertThrows(BadInputException.class, () -> ClipTokenizer.load(tok2));
        assertTrue(e.getMessage().contains("tokenizer_config.json"), e.getMessage());
    }

    /** A tokenizer folder in {@code dir} with temporary copies of the fixture vocabulary and merges. */
    private static Path tokenizerFolder(Path dir) throws IOException {
        Path tok = Files.createDirectories(dir.resolve("tokenizer"));
        for (String f : new String[] {"vocab.json", "merges.txt"}) {
            Files.copy(Fixtures.file("clip-tokenizer/" + f), tok.resolve(f));
        }
        return tok;
    }
}
