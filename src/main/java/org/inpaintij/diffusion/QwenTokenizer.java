package org.inpaintij.diffusion;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.inpaintij.core.BadInputException;
import org.inpaintij.diffusion.BpeFiles.IntList;

import com.google.gson.JsonParseException;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * A Hugging Face {@code tokenizer.json} byte-level BPE tokenizer, as Qwen2 and Qwen3 (Z-Image's text encoder)
 * use it, in plain Java: added tokens split out first (leftmost-longest, on the raw text), then NFC, the
 * pre-tokenizer's split regex (pieces isolated), GPT-2's byte-to-character map and rank-ordered merges. It
 * gives the ids of the Rust {@code tokenizers} library for this configuration; other tokenizer.json shapes
 * (WordPiece, Unigram, byte fallback, other normalizers or pre-tokenizers) are refused by name.
 *
 * <p>Why not a library: the Rust tokenizers through DJL's JNI jar (18 MB) ship no macOS x86-64 build, which
 * Fiji still runs on, and a native library inside Fiji's class loader is a second way to fail; the BPE itself is
 * a hundred lines, checked against the Python library on prompts in many scripts.
 *
 * <p>Immutable and thread-safe once loaded.
 */
public final class QwenTokenizer {

    private final BpeFiles.TokenIds vocab;
    private final BpeFiles.MergeTable merges;
    private final int[] byteIds = new int[256];
    private final String[] added;
    private final int[] addedIds;
    private final Pattern split;
    private final boolean nfc;
    private final int vocabSize;

    private QwenTokenizer(BpeFiles.TokenIds vocab, BpeFiles.MergeTable merges, String[] added, int[] addedIds,
            Pattern split, boolean nfc, int vocabSize, Path file) {
        this.vocab = vocab;
        this.merges = merges;
        this.added = added;
        this.addedIds = addedIds;
        this.split = split;
        this.nfc = nfc;
        this.vocabSize = vocabSize;
        char[] chars = BpeFiles.byteChars();
        for (int b = 0; b < 256; b++) {
            byteIds[b] = vocab.get(String.valueOf(chars[b]));
            if (byteIds[b] < 0) {
                throw new BadInputException(file + " lacks the byte token " + chars[b] + " (byte " + b
                        + "); a byte-level BPE vocabulary has all 256.");
            }
        }
    }

    /**
     * Reads {@code tokenizer.json}.
     *
     * @throws BadInputException naming the file when it is missing, not JSON, or a kind of tokenizer this class
     *         does not implement
     */
    public static QwenTokenizer load(Path file) {
        Parsed p = new Parsed();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8); JsonReader in = new JsonReader(r)) {
            in.beginObject();
            while (in.hasNext()) {
                switch (in.nextName()) {
                    case "added_tokens" -> readAdded(in, p);
                    case "normalizer" -> p.normalizer = typeOf(in, file, "normalizer");
                    case "pre_tokenizer" -> readPreTokenizer(in, p, file);
                    case "model" -> readModel(in, p, file);
                    default -> in.skipValue();
                }
            }
            in.endObject();
        } catch (NoSuchFileException e) {
            throw new BadInputException("The tokenizer file " + file + " is missing; a Z-Image model's tokenizer"
                    + " folder holds tokenizer.json.", e);
        } catch (IOException | JsonParseException | IllegalStateException | NumberFormatException e) {
            throw new BadInputException(file + " is not a readable tokenizer.json (" + e.getMessage()
                    + "); it must be the JSON file Hugging Face tokenizers write.", e);
        }
        return p.build(file);
    }

    /** The id of a token of the vocabulary or an added token, or -1. */
    public int id(String token) {
        for (int i = 0; i < added.length; i++) if (added[i].equals(token)) return addedIds[i];
        return vocab.get(token);
    }

    /** The number of tokens of the BPE vocabulary (added tokens not counted). */
    public int vocabSize() {
        return vocabSize;
    }

    /** The ids of {@code text} (null counts as empty), added tokens included where they occur, nothing added. */
    public int[] encode(String text) {
        String t = text == null ? "" : text;
        IntList out = new IntList(16 + t.length() / 2);
        int from = 0, i = 0, n = t.length();
        while (i < n) {
            int k = longestAdded(t, i);
            if (k < 0) {
                i++;
                continue;
            }
            encodePlain(t.substring(from, i), out);
            out.add(addedIds[k]);
            i += added[k].length();
            from = i;
        }
        encodePlain(t.substring(from), out);
        return Arrays.copyOf(out.data, out.size);
    }

    /** The added token that matches at {@code pos} and is the longest such one, or -1. */
    private int longestAdded(String t, int pos) {
        int best = -1;
        for (int k = 0; k < added.length; k++) {
            if (t.startsWith(added[k], pos) && (best < 0 || added[k].length() > added[best].length())) best = k;
        }
        return best;
    }

    private void encodePlain(String segment, IntList out) {
        if (segment.isEmpty()) return;
        String s = nfc ? Normalizer.normalize(segment, Normalizer.Form.NFC) : segment;
        Matcher m = split.matcher(s);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) bpe(s.substring(last, m.start()), out);
            if (m.end() > m.start()) bpe(m.group(), out);
            last = m.end();
        }
        if (last < s.length()) bpe(s.substring(last), out);
    }

    /** Byte-pair merging of one piece: its UTF-8 bytes, then the lowest-ranked pair merged everywhere, repeatedly. */
    private void bpe(String piece, IntList out) {
        byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
        int[] word = new int[bytes.length];
        for (int i = 0; i < word.length; i++) word[i] = byteIds[bytes[i] & 0xff];
        int n = merges.mergeAll(word, word.length);
        for (int i = 0; i < n; i++) out.add(word[i]);
    }

    // ---- reading tokenizer.json ----

    /** What the file says, before it is checked. */
    private static final class Parsed {
        final List<String> addedText = new ArrayList<>();
        final List<Integer> addedId = new ArrayList<>();
        String normalizer = "none";
        String splitRegex;
        String preTokenizer;
        String modelType;
        Boolean byteFallback = false;
        BpeFiles.TokenIds vocab;
        int vocabSize;
        final List<String[]> mergePairs = new ArrayList<>();

        QwenTokenizer build(Path file) {
            if (!"BPE".equals(modelType)) {
                throw new BadInputException(file + " holds a " + (modelType == null ? "tokenizer without a model"
                        : modelType + " model") + "; Inpaint-IJ reads byte-level BPE tokenizers (Qwen, GPT-2).");
            }
            if (Boolean.TRUE.equals(byteFallback)) {
                throw new BadInputException(file + " uses byte_fallback, which Inpaint-IJ's tokenizer does not"
                        + " implement; it reads byte-level BPE tokenizers such as Qwen's.");
            }
            if (!normalizer.equals("none") && !normalizer.equals("NFC")) {
                throw new BadInputException(file + " has a " + normalizer + " normalizer; Inpaint-IJ's tokenizer"
                        + " implements none or NFC.");
            }
            if (preTokenizer == null) {
                throw new BadInputException(file + " has no byte-level pre-tokenizer; Inpaint-IJ reads byte-level"
                        + " BPE tokenizers (a Split regex then ByteLevel, or ByteLevel alone).");
            }
            Pattern p;
            try {
                p = Pattern.compile(javaRegex(splitRegex), Pattern.UNICODE_CHARACTER_CLASS);
            } catch (PatternSyntaxException e) {
                throw new BadInputException(file + " has a pre-tokenizer regex Java cannot read (" + e.getDescription()
                        + "); expected the Qwen or GPT-2 pattern.", e);
            }
            BpeFiles.MergeTable table = new BpeFiles.MergeTable(mergePairs.size());
            int rank = 0;
            for (String[] m : mergePairs) {
                int a = vocab.get(m[0]), b = vocab.get(m[1]), ab = vocab.get(m[0] + m[1]);
                if (a < 0 || b < 0 || ab < 0) {
                    throw new BadInputException(file + " merges \"" + m[0] + "\" and \"" + m[1] + "\", but its"
                            + " vocabulary lacks \"" + (a < 0 ? m[0] : b < 0 ? m[1] : m[0] + m[1]) + "\".");
                }
                table.put(a, b, rank++, ab);
            }
            String[] text = addedText.toArray(new String[0]);
            int[] ids = addedId.stream().mapToInt(Integer::intValue).toArray();
            return new QwenTokenizer(vocab, table, text, ids, p, normalizer.equals("NFC"), vocabSize, file);
        }
    }

    /** GPT-2's own split pattern, which ByteLevel applies when its use_regex is on. */
    static final String GPT2_REGEX = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    /**
     * The Oniguruma pattern of tokenizer.json as a Java one: the same syntax for these patterns, with case-
     * insensitive groups made Unicode-aware as Oniguruma's are ({@code UNICODE_CHARACTER_CLASS} makes
     * {@code \s} Unicode white space, as in Oniguruma).
     */
    static String javaRegex(String onig) {
        return onig.replace("(?i:", "(?iu:");
    }

    private static void readAdded(JsonReader in, Parsed p) throws IOException {
        in.beginArray();
        while (in.hasNext()) {
            String content = null;
            int id = -1;
            in.beginObject();
            while (in.hasNext()) {
                switch (in.nextName()) {
                    case "content" -> content = in.nextString();
                    case "id" -> id = in.nextInt();
                    default -> in.skipValue();
                }
            }
            in.endObject();
            if (content != null && !content.isEmpty() && id >= 0) {
                p.addedText.add(content);
                p.addedId.add(id);
            }
        }
        in.endArray();
    }

    /** The "type" of an object value (null: "none"), the rest skipped. */
    private static String typeOf(JsonReader in, Path file, String what) throws IOException {
        if (in.peek() == JsonToken.NULL) {
            in.nextNull();
            return "none";
        }
        String type = null;
        in.beginObject();
        while (in.hasNext()) {
            if (in.nextName().equals("type")) type = in.nextString();
            else in.skipValue();
        }
        in.endObject();
        if (type == null) throw new BadInputException(file + " has a " + what + " without a type.");
        return type;
    }

    private static void readPreTokenizer(JsonReader in, Parsed p, Path file) throws IOException {
        if (in.peek() == JsonToken.NULL) {
            in.nextNull();
            return;
        }
        List<String[]> steps = new ArrayList<>();
        readPreStep(in, steps);
        // accepted: Sequence[Split(regex, Isolated), ByteLevel(use_regex false)] or ByteLevel(use_regex true)
        if (steps.size() == 2 && steps.get(0)[0].equals("Split") && steps.get(1)[0].equals("ByteLevel")
                && "Isolated".equals(steps.get(0)[2]) && !"true".equals(steps.get(0)[3])
                && !"true".equals(steps.get(1)[1]) && "false".equals(steps.get(1)[4])) {
            p.splitRegex = steps.get(0)[1];
            p.preTokenizer = "split+bytelevel";
        } else if (steps.size() == 1 && steps.get(0)[0].equals("ByteLevel") && !"true".equals(steps.get(0)[1])
                && !"false".equals(steps.get(0)[4])) {
            p.splitRegex = GPT2_REGEX;
            p.preTokenizer = "bytelevel";
        } else {
            StringBuilder sb = new StringBuilder();
            for (String[] s : steps) sb.append(sb.length() == 0 ? "" : ", ").append(s[0]);
            throw new BadInputException(file + " pre-tokenizes with " + sb + "; Inpaint-IJ's tokenizer reads a"
                    + " Split regex (isolated) then ByteLevel without prefix space, or ByteLevel alone.");
        }
    }

    /** Flattens a pre-tokenizer (or Sequence) into rows {type, regex, behavior or add_prefix_space, invert, use_regex}. */
    private static void readPreStep(JsonReader in, List<String[]> steps) throws IOException {
        String type = null, regex = null, behavior = null, invert = null, prefix = null, useRegex = null;
        List<String[]> inner = null;
        in.beginObject();
        while (in.hasNext()) {
            switch (in.nextName()) {
                case "type" -> type = in.nextString();
                case "pretokenizers" -> {
                    inner = new ArrayList<>();
                    in.beginArray();
                    while (in.hasNext()) readPreStep(in, inner);
                    in.endArray();
                }
                case "pattern" -> {
                    in.beginObject();
                    while (in.hasNext()) {
                        String k = in.nextName();
                        if (k.equals("Regex")) regex = in.nextString();
                        else if (k.equals("String")) regex = Pattern.quote(in.nextString());
                        else in.skipValue();
                    }
                    in.endObject();
                }
                case "behavior" -> behavior = in.nextString();
                case "invert" -> invert = Boolean.toString(in.nextBoolean());
                case "add_prefix_space" -> prefix = Boolean.toString(in.nextBoolean());
                case "use_regex" -> useRegex = Boolean.toString(in.nextBoolean());
                default -> in.skipValue();
            }
        }
        in.endObject();
        if ("Sequence".equals(type) && inner != null) {
            steps.addAll(inner);
        } else if ("Split".equals(type)) {
            steps.add(new String[] {type, regex, behavior, invert, null});
        } else {
            steps.add(new String[] {String.valueOf(type), prefix, null, null, useRegex == null ? "true" : useRegex});
        }
    }

    private static void readModel(JsonReader in, Parsed p, Path file) throws IOException {
        in.beginObject();
        while (in.hasNext()) {
            switch (in.nextName()) {
                case "type" -> p.modelType = in.nextString();
                case "byte_fallback" -> p.byteFallback = in.peek() == JsonToken.NULL ? null : in.nextBoolean();
                case "vocab" -> {
                    p.vocab = new BpeFiles.TokenIds(160_000);
                    in.beginObject();
                    while (in.hasNext()) {
                        p.vocab.put(in.nextName(), in.nextInt());
                        p.vocabSize++;
                    }
                    in.endObject();
                }
                case "merges" -> {
                    in.beginArray();
                    while (in.hasNext()) {
                        if (in.peek() == JsonToken.BEGIN_ARRAY) {
                            in.beginArray();
                            String a = in.nextString(), b = in.nextString();
                            in.endArray();
                            p.mergePairs.add(new String[] {a, b});
                        } else {
                            String m = in.nextString();
                            int space = m.indexOf(' ', 1);
                            if (space < 0) throw new BadInputException(file + " has the merge \"" + m
                                    + "\"; a merge is two tokens separated by one space.");
                            p.mergePairs.add(new String[] {m.substring(0, space), m.substring(space + 1)});
                        }
                    }
                    in.endArray();
                }
                default -> in.skipValue();
            }
        }
        in.endObject();
        if (p.vocab == null) throw new BadInputException(file + " has a model without a vocabulary.");
    }

    @Override
    public String toString() {
        return "byte-level BPE tokenizer, " + vocabSize + " tokens, " + added.length + " added";
    }
}
