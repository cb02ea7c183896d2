package org.inpaintij.ij;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.inpaintij.core.BadInputException;

/**
 * Reads an ImageJ macro options string ({@code key=value key=[value with spaces] flag}) into a map, so that
 * macro values go through the same checks as the command line's. Unknown keys are refused rather than
 * ignored: a typo such as {@code methd=telea} must not silently run the default.
 *
 * <p>Values are delimited as ImageJ's own {@code Macro.getValue} delimits them: {@code [...]} may hold balanced
 * brackets ({@code prompt=[a [red] car]}), and a value in single quotes may hold anything but a single quote
 * ({@code prompt='a ] b'}), which is how a value with an unbalanced {@code ]} is written.
 */
public final class MacroOptions {

    private MacroOptions() {}

    /** The keys and values of {@code options}; a bare flag maps to {@code "true"}. */
    public static Map<String, String> parse(String options) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0, n = options.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(options.charAt(i))) i++;
            if (i >= n) break;
            int start = i;
            while (i < n && options.charAt(i) != '=' && !Character.isWhitespace(options.charAt(i))) i++;
            String key = options.substring(start, i).toLowerCase(java.util.Locale.ROOT);
            if (i < n && options.charAt(i) == '=') {
                i++;
                String value;
                int end;
                if (i < n && options.charAt(i) == '[') {
                    end = closing(options, i);
                    if (end < 0) {
                        throw new BadInputException("Unclosed [ in the value of " + key + ": brackets inside [...] "
                                + "must pair up; write a value with an unpaired ] in single quotes, " + key
                                + "='...'.");
                    }
                    value = options.substring(i + 1, end);
                    i = end + 1;
                } else if (i < n && options.charAt(i) == '\'') {
                    end = options.indexOf('\'', i + 1);
                    if (end < 0) throw new BadInputException("Unclosed ' in the value of " + key + ".");
                    value = options.substring(i + 1, end);
                    i = end + 1;
                } else {
                    int s = i;
                    while (i < n && !Character.isWhitespace(options.charAt(i))) i++;
                    value = options.substring(s, i);
                }
                out.put(key, value);
            } else {
                out.put(key, "true");
            }
        }
        return out;
    }

    /** The index of the ] that closes the [ at {@code open}, counting nested pairs; -1 if none. */
    private static int closing(String s, int open) {
        int depth = 0;
        for (int j = open; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '[') depth++;
            else if (c == ']' && --depth == 0) return j;
        }
        return -1;
    }

    /** Throws when a key is not one of {@code known}, naming the accepted keys. */
    public static void checkKeys(Map<String, String> values, Collection<String> known, String command) {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            boolean bracket = unknown.stream().anyMatch(k -> k.contains("]"));
            throw new BadInputException("Unknown key" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + " for " + command + "; accepted keys: " + String.join(", ", new TreeSet<>(known))
                    + (bracket ? " (a value with an unpaired ] is written in single quotes: prompt='a ] b')" : "")
                    + ".");
        }
    }
}
