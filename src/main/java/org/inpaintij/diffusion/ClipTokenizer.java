package org.inpaintij.diffusion;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.inpaintij.core.BadInputException;
import org.inpaintij.diffusion.BpeFiles.IntList;
import org.inpaintij.diffusion.BpeFiles.MergeTable;
import org.inpaintij.diffusion.BpeFiles.TokenIds;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The CLIP byte-level BPE tokenizer of Stable Diffusion, read from a Hugging Face tokenizer folder
 * ({@code vocab.json}, {@code merges.txt}, and optionally {@code tokenizer_config.json} and
 * {@code special_tokens_map.json}).
 *
 * <p>A prompt is NFC-normalised, its whitespace runs collapsed to one space and trimmed, and lower-cased;
 * it is split into words with CLIP's pattern, each word's UTF-8 bytes are mapped to printable characters,
 * the last one marked with {@code </w>}, and merged by rank. The ids start with the start token, end with
 * the end token (truncated so that the last kept id is the end token) and are padded to {@link #maxLength()}
 * with the pad token. HTML entities are not unescaped (the reference tokenizer of the fast Hugging Face
 * implementation does not either).
 *
 * <p>Immutable and thread-safe.
 */
public final class ClipTokenizer {

    /** The sequence length of every Stable Diffusion text encoder. */
    public static final int DEFAULT_MAX_LENGTH = 77;

    /** Hugging Face writes a huge model_max_length (1e30) when a model sets none. */
    private static final double UNSET_MAX_LENGTH = 1e6;

    private static final String START = "<|startoftext|>";
    private static final String END = "<|endoftext|>";
    private static final String WORD_END = "</w>";

    /** CLIP's pre-tokenizer: the special tokens, English contractions, letter runs, single digits, other runs. */
    private static final Pattern WORDS = Pattern.compile(
            "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|\\p{L}+|\\p{N}|[^\\s\\p{L}\\p{N}]+",
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern SPACES = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    /** Ids of the 256 byte tokens, and of the same bytes ending a word. */
    private final int[] byteIds;
    private final int[] byteEndIds;
    private final MergeTable merges;
    private final int startId;
    private final int endId;
    private final int padId;
    private final int maxLength;

    /**
     * The result of {@link #encode(String)}.
     *
     * @param ids always {@link #maxLength()} ids: start, tokens, end, then padding (a fresh array per call)
     * @param length how many ids precede the padding (start and end included)
     * @param truncated whether tokens were dropped to fit
     */
    public record Tokens(int[] ids, int length, boolean truncated) {}

    private ClipTokenizer(int[] byteIds, int[] byteEndIds, MergeTable merges, int startId, int endId, int padId,
            int maxLength) {
        this.byteIds = byteIds;
        this.byteEndIds = byteEndIds;
        this.merges = merges;
        this.startId = startId;
        this.endId = endId;
        this.padId = padId;
        this.maxLength = maxLength;
    }

    /**
     * Reads a tokenizer folder. The pad token is the one {@code tokenizer_config.json} names, else the one
     * {@code special_tokens_map.json} names, else the end token; the length is {@code model_max_length} from
     * {@code tokenizer_config.json}, else 77.
     *
     * @throws BadInputException naming the file when a required file is missing or a file is malformed
     */
    public static ClipTokenizer load(Path tokenizerDir) {
        if (!Files.isDirectory(tokenizerDir)) {
            throw new BadInputException("The tokenizer folder " + tokenizerDir
                    + " does not exist; a model's tokenizer folder holds vocab.json and merges.txt.");
        }
        TokenIds vocab = BpeFiles.readVocab(tokenizerDir.resolve("vocab.json"));
        JsonObject config = readOptionalJson(tokenizerDir.resolve("tokenizer_config.json"));
        JsonObject specialMap = readOptionalJson(tokenizerDir.resolve("special_tokens_map.json"));
        Path configFile = tokenizerDir.resolve("tokenizer_config.json");

        String startName = tokenName(config, specialMap, "bos_token", START, tokenizerDir);
        String endName = tokenName(config, specialMap, "eos_token", END, tokenizerDir);
        String padName = tokenName(config, specialMap, "pad_token", endName, tokenizerDir);
        int startId = idOf(vocab, startName, "start token", tokenizerDir);
        int endId = idOf(vocab, endName, "end token", tokenizerDir);
        int padId = idOf(vocab, padName, "pad token", tokenizerDir);
        int maxLength = maxLength(config, configFile);

        int[] byteIds = new int[256];
        int[] byteEndIds = new int[256];
        char[] byteChars = BpeFiles.byteChars();
        for (int b = 0; b < 256; b++) {
            String c = String.valueOf(byteChars[b]);
            byteIds[b] = vocab.get(c);
            byteEndIds[b] = vocab.get(c + WORD_END);
            if (byteIds[b] < 0 || byteEndIds[b] < 0) {
                throw new BadInputException(tokenizerDir.resolve("vocab.json") + " lacks the byte token \""
                        + (byteIds[b] < 0 ? c : c + WORD_END) + "\"; a CLIP vocabulary has all 256 bytes, alone and"
                        + " ending a word.");
            }
        }
        MergeTable merges = BpeFiles.readMerges(tokenizerDir.resolve("merges.txt"), vocab);
        return new ClipTokenizer(byteIds, byteEndIds, merges, startId, endId, padId, maxLength);
    }

    /** The length of every id sequence: 77 for Stable Diffusion, or the folder's {@code model_max_length}. */
    public int maxLength() {
        return maxLength;
    }

    /** The id of the start token ({@code <|startoftext|>}, 49406 in CLIP). */
    public int startId() {
        return startId;
    }

    /** The id of the end token ({@code <|endoftext|>}, 49407 in CLIP). */
    public int endId() {
        return endId;
    }

    /** The id the sequence is padded with (49407 for SD 1.x, 0 = "!" for SD 2.x). */
    public int padId() {
        return padId;
    }

    /** Tokenizes a prompt (null counts as empty) into exactly {@link #maxLength()} ids. */
    public Tokens encode(String text) {
        String clean = clean(text == null ? "" : text);
        IntList ids = new IntList(maxLength + 8);
        ids.add(startId);
        Matcher m = WORDS.matcher(clean);
        while (m.find()) {
            String word = m.group();
            if (word.equals(START)) {
                ids.add(startId);
            } else if (word.equals(END)) {
                ids.add(endId);
            } else {
                bpe(word.getBytes(StandardCharsets.UTF_8), ids);
            }
        }
        ids.add(endId);
        boolean truncated = ids.size > maxLength;
        int length = Math.min(ids.size, maxLength);
        int[] out = new int[maxLength];
        System.arraycopy(ids.data, 0, out, 0, length);
        if (truncated) out[maxLength - 1] = endId;
        Arrays.fill(out, length, maxLength, padId);
        return new Tokens(out, length, truncated);
    }

    static String clean(String text) {
        String t = Normalizer.normalize(text, Normalizer.Form.NFC);
        t = SPACES.matcher(t).replaceAll(" ").trim();
        return t.toLowerCase(Locale.ROOT);
    }

    /** Byte-pair merging of one word, lowest merge rank first, every occurrence left to right. */
    private void bpe(byte[] bytes, IntList out) {
        int n = bytes.length;
        int[] word = new int[n];
        for (int i = 0; i < n; i++) word[i] = byteIds[bytes[i] & 0xff];
        word[n - 1] = byteEndIds[bytes[n - 1] & 0xff];
        n = merges.mergeAll(word, n);
        for (int i = 0; i < n; i++) out.add(word[i]);
    }

    /** The JSON object in {@code file}, or null when the file does not exist. */
    private static JsonObject readOptionalJson(Path file) {
        if (!Files.exists(file)) return null;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            JsonElement e = JsonParser.parseReader(r);
            if (!e.isJsonObject()) {
                throw new BadInputException(file + " does not hold a JSON object; it must be a Hugging Face"
                        + " tokenizer configuration such as {\"pad_token\": \"<|endoftext|>\"}.");
            }
            return e.getAsJsonObject();
        } catch (IOException | JsonParseException e) {
            throw new BadInputException(file + " is not valid JSON (" + e.getMessage() + "); it must be a"
                    + " Hugging Face tokenizer configuration object.", e);
        }
    }

    /**
     * A special token's text from the config, else the special tokens map, else {@code fallback}. Hugging Face
     * writes either a plain string or an AddedToken object with a "content" field; null means "not set".
     */
    private static String tokenName(JsonObject config, JsonObject specialMap, String key, String fallback,
            Path dir) {
        String fromConfig = tokenName(config, key, dir.resolve("tokenizer_config.json"));
        if (fromConfig != null) return fromConfig;
        String fromMap = tokenName(specialMap, key, dir.resolve("special_tokens_map.json"));
        return fromMap != null ? fromMap : fallback;
    }

    private static String tokenName(JsonObject json, String key, Path file) {
        if (json == null || !json.has(key) || json.get(key).isJsonNull()) return null;
        JsonElement e = json.get(key);
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) return e.getAsString();
        if (e.isJsonObject() && e.getAsJsonObject().has("content")
                && e.getAsJsonObject().get("content").isJsonPrimitive()) {
            return e.getAsJsonObject().get("content").getAsString();
        }
        throw new BadInputException(file + " has " + key + " = " + e
                + "; it must be a token string or an object with a \"content\" string.");
    }

    private static int idOf(TokenIds vocab, String token, String what, Path where) {
        int id = vocab.get(token);
        if (id < 0) {
            throw new BadInputException("The " + what + " \"" + token + "\" named by " + where
                    + " is not in vocab.json; the tokenizer files must come from the same tokenizer.");
        }
        return id;
    }

    private static int maxLength(JsonObject config, Path file) {
        if (config == null || !config.has("model_max_length") || config.get("model_max_length").isJsonNull()) {
            return DEFAULT_MAX_LENGTH;
        }
        JsonElement e = config.get("model_max_length");
        double v = e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() ? e.getAsDouble() : Double.NaN;
        if (v >= UNSET_MAX_LENGTH) return DEFAULT_MAX_LENGTH;
        if (!(v >= 3) || v != Math.rint(v)) {
            throw new BadInputException(file + " has model_max_length = " + e
                    + "; it must be an integer of at least 3 (77 for Stable Diffusion).");
        }
        return (int) v;
    }

    @Override
    public String toString() {
        return "ClipTokenizer[maxLength=" + maxLength + ", pad=" + padId + "]";
    }
}
