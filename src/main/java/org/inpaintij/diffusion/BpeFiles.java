package org.inpaintij.diffusion;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

import org.inpaintij.core.BadInputException;

/**
 * Fast readers for a BPE tokenizer's {@code vocab.json} (one flat JSON object of token to id) and
 * {@code merges.txt}, into primitive hash tables. A tokenizer is loaded with every model, mostly in a JVM
 * where this code has not been compiled yet: there, a general JSON reader feeding boxed maps took about
 * twice as long on the 49 408-token CLIP vocabulary (DiffusionBenchmark).
 */
final class BpeFiles {

    private BpeFiles() {}

    /** Token text to id, open addressing, no boxing. */
    static final class TokenIds {
        private String[] keys;
        private int[] ids;
        private int size;

        TokenIds(int expected) {
            int cap = Integer.highestOneBit(Math.max(16, expected * 2)) << 1;
            keys = new String[cap];
            ids = new int[cap];
        }

        private int slot(String key, String[] k) {
            int mask = k.length - 1;
            int i = (key.hashCode() * 0x9E3779B9 >>> 7) & mask;
            while (k[i] != null && !k[i].equals(key)) i = (i + 1) & mask;
            return i;
        }

        void put(String key, int id) {
            if (2 * (size + 1) > keys.length) grow();
            int i = slot(key, keys);
            if (keys[i] == null) size++;
            keys[i] = key;
            ids[i] = id;
        }

        /** The id of {@code key}, or -1. */
        int get(String key) {
            int i = slot(key, keys);
            return keys[i] == null ? -1 : ids[i];
        }

        int size() {
            return size;
        }

        private void grow() {
            String[] oldKeys = keys;
            int[] oldIds = ids;
            keys = new String[oldKeys.length * 2];
            ids = new int[oldKeys.length * 2];
            for (int j = 0; j < oldKeys.length; j++) {
                if (oldKeys[j] != null) {
                    int i = slot(oldKeys[j], keys);
                    keys[i] = oldKeys[j];
                    ids[i] = oldIds[j];
                }
            }
        }
    }

    /** Merge ranks and merged ids keyed by the pair of token ids. */
    static final class MergeTable {
        private final long[] keys;
        private final int[] ranks;
        private final int[] mergedIds;
        private final int mask;

        MergeTable(int expected) {
            int cap = Integer.highestOneBit(Math.max(16, expected * 2)) << 1;
            keys = new long[cap];
            Arrays.fill(keys, -1L);
            ranks = new int[cap];
            mergedIds = new int[cap];
            mask = cap - 1;
        }

        private static long key(int a, int b) {
            return ((long) a << 32) | (b & 0xffffffffL);
        }

        private int slot(long key) {
            int i = (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & mask;
            while (keys[i] != -1L && keys[i] != key) i = (i + 1) & mask;
            return i;
        }

        void put(int a, int b, int rank, int merged) {
            long k = key(a, b);
            int i = slot(k);
            if (keys[i] == k) return; // a repeated merge keeps its first (best) rank
            keys[i] = k;
            ranks[i] = rank;
            mergedIds[i] = merged;
        }

        /** The rank of merging a then b, or -1 when they do not merge. */
        int rank(int a, int b) {
            long k = key(a, b);
            int i = slot(k);
            return keys[i] == k ? ranks[i] : -1;
        }

        /** The id of the merged token (only for pairs that merge). */
        int merged(int a, int b) {
            return mergedIds[slot(key(a, b))];
        }

        /**
         * Byte-pair merging of one word in place: the lowest-ranked pair is merged at every occurrence, left to
         * right, until no pair merges. Returns the new length of {@code word}'s first {@code n} ids.
         */
        int mergeAll(int[] word, int n) {
            while (n > 1) {
                int bestRank = Integer.MAX_VALUE;
                int first = -1, second = -1;
                for (int i = 0; i + 1 < n; i++) {
                    int r = rank(word[i], word[i + 1]);
                    if (r >= 0 && r < bestRank) {
                        bestRank = r;
                        first = word[i];
                        second = word[i + 1];
                    }
                }
                if (first < 0) break;
                int merged = merged(first, second);
                int k = 0;
                for (int i = 0; i < n; i++) {
                    if (i + 1 < n && word[i] == first && word[i + 1] == second) {
                        word[k++] = merged;
                        i++;
                    } else {
                        word[k++] = word[i];
                    }
                }
                n = k;
            }
            return n;
        }
    }

    /**
     * GPT-2's reversible byte-to-character map: printable Latin-1 bytes stand for themselves, the others are
     * moved to 256 and up, so that every byte is a visible character in the vocabulary.
     */
    static char[] byteChars() {
        char[] chars = new char[256];
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            chars[b] = printable ? (char) b : (char) (256 + extra++);
        }
        return chars;
    }

    /** A growable int array, to avoid boxing every token id. */
    static final class IntList {
        int[] data;
        int size;

        IntList(int capacity) {
            data = new int[Math.max(4, capacity)];
        }

        void add(int v) {
            if (size == data.length) data = Arrays.copyOf(data, size * 2);
            data[size++] = v;
        }
    }

    /**
     * Reads {@code vocab.json}: one JSON object whose values are non-negative integers.
     *
     * @throws BadInputException naming the file when it is missing or not such an object
     */
    static TokenIds readVocab(Path file) {
        String text = readText(file, "vocab.json");
        Scanner s = new Scanner(text, file);
        TokenIds vocab = new TokenIds(text.length() / 16);
        s.skipSpace();
        s.expect('{');
        s.skipSpace();
        if (s.peek() == '}') return vocab;
        while (true) {
            s.skipSpace();
            String token = s.string();
            s.skipSpace();
            s.expect(':');
            s.skipSpace();
            vocab.put(token, s.integer());
            s.skipSpace();
            char c = s.next();
            if (c == '}') break;
            if (c != ',') throw s.error("',' or '}'");
        }
        s.skipSpace();
        if (s.pos < text.length()) throw s.error("the end of the file");
        return vocab;
    }

    /**
     * Reads {@code merges.txt}: an optional "#version" line, then one merge per line, "a b", best first.
     *
     * @throws BadInputException naming the file and line when a line is malformed or names unknown tokens
     */
    static MergeTable readMerges(Path file, TokenIds vocab) {
        String text = readText(file, "merges.txt");
        MergeTable table = new MergeTable(vocab.size());
        int pos = 0, lineNo = 0, rank = 0, n = text.length();
        while (pos < n) {
            int end = text.indexOf('\n', pos);
            if (end < 0) end = n;
            int lineEnd = end > pos && text.charAt(end - 1) == '\r' ? end - 1 : end;
            lineNo++;
            if (lineEnd > pos && !(lineNo == 1 && text.startsWith("#version", pos))) {
                int space = text.indexOf(' ', pos);
                int extra = space < 0 ? -1 : text.indexOf(' ', space + 1);
                if (space <= pos || space >= lineEnd - 1 || (extra >= 0 && extra < lineEnd)) {
                    throw new BadInputException(file + " line " + lineNo + " is \"" + text.substring(pos, lineEnd)
                            + "\"; each line of merges.txt must be two tokens separated by one space.");
                }
                String a = text.substring(pos, space), b = text.substring(space + 1, lineEnd);
                int ia = vocab.get(a), ib = vocab.get(b), iab = vocab.get(a + b);
                if (ia < 0 || ib < 0 || iab < 0) {
                    throw new BadInputException(file + " line " + lineNo + " merges \"" + a + "\" and \"" + b
                            + "\", but vocab.json lacks \"" + (ia < 0 ? a : ib < 0 ? b : a + b)
                            + "\"; merges.txt and vocab.json must come from the same tokenizer.");
                }
                table.put(ia, ib, rank++, iab);
            }
            pos = end + 1;
        }
        return table;
    }

    private static String readText(Path file, String what) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException("The tokenizer file " + file + " is missing; a model's tokenizer folder"
                    + " holds vocab.json and merges.txt.", e);
        } catch (MalformedInputException e) {
            throw new BadInputException(file + " is not UTF-8 text; " + what + " must be UTF-8.", e);
        } catch (IOException e) {
            throw new BadInputException("The tokenizer file " + file + " cannot be read (" + e.getMessage()
                    + "); it must be a readable UTF-8 file.", e);
        }
    }

    /** A cursor over JSON text with one-sentence errors that name the file and the position. */
    private static final class Scanner {
        final String text;
        final Path file;
        int pos;

        Scanner(String text, Path file) {
            this.text = text;
            this.file = file;
        }

        char peek() {
            if (pos >= text.length()) throw error("more text");
            return text.charAt(pos);
        }

        char next() {
            char c = peek();
            pos++;
            return c;
        }

        void skipSpace() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c != ' ' && c != '\n' && c != '\r' && c != '\t') break;
                pos++;
            }
        }

        void expect(char c) {
            if (next() != c) {
                pos--;
                throw error("'" + c + "'");
            }
        }

        String string() {
            expect('"');
            int start = pos;
            // fast path: no escapes
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '"') return text.substring(start, pos++);
                if (c == '\\') break;
                pos++;
            }
            StringBuilder sb = new StringBuilder(text.substring(start, pos));
            while (true) {
                char c = next();
                if (c == '"') return sb.toString();
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 4 > text.length()) throw error("four hex digits");
                        try {
                            sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException x) {
                            throw error("four hex digits");
                        }
                        pos += 4;
                    }
                    default -> {
                        pos--;
                        throw error("a JSON escape");
                    }
                }
            }
        }

        int integer() {
            int start = pos;
            long v = 0;
            while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9' && pos - start < 10) {
                v = v * 10 + (text.charAt(pos++) - '0');
            }
            if (pos == start || v > Integer.MAX_VALUE) {
                pos = start;
                throw error("a token id (a non-negative integer)");
            }
            return (int) v;
        }

        BadInputException error(String expected) {
            String at = pos < text.length() ? "'" + text.charAt(pos) + "'" : "the end of the file";
            return new BadInputException(file + " is not a token vocabulary: expected " + expected + " at character "
                    + pos + " but found " + at + "; vocab.json must be one JSON object mapping tokens to integer ids.");
        }
    }
}
