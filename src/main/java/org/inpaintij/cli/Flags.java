package org.inpaintij.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.inpaintij.core.Option;

/**
 * The command line's words for the options. Messages of the shared layers name options as macro keys
 * ({@code output=new}, "grow must be ..."), since the dialog and macros are their first door; on the command
 * line the same sentence names its flags ({@code --output new}, "--grow must be ..."). The keys come from
 * {@link Option}, so a new option is translated without a change here.
 */
final class Flags {

    private static final Pattern KEY_VALUE;
    private static final Pattern KEY_VERB;
    private static final Pattern THE_KEY;

    static {
        StringBuilder keys = new StringBuilder();
        for (Option o : Option.values()) keys.append(keys.length() == 0 ? "" : "|").append(Pattern.quote(o.key()));
        String k = "(" + keys + ")";
        // key=value, key=[value with spaces]; a path such as /data/seed=3/ is left alone
        KEY_VALUE = Pattern.compile("(^|[\\s(,;:])" + k + "=(\\[[^\\]]*\\]|[^\\s,;)/]+)(?![/\\w])");
        KEY_VERB = Pattern.compile("(^|[\\s(])" + k + " (must|is|are|needs|works)\\b");
        THE_KEY = Pattern.compile("\\bthe " + k + " key\\b");
    }

    private Flags() {}

    /** {@code message} with the option keys it names written as this command line's flags. */
    static String speak(String message) {
        if (message == null) return null;
        String s = replace(KEY_VALUE, message, m -> {
            String v = m.group(3);
            if (v.startsWith("[")) v = "\"" + v.substring(1, v.length() - 1) + "\"";
            return m.group(1) + flag(m.group(2)) + " " + v;
        });
        s = replace(KEY_VERB, s, m -> m.group(1) + flag(m.group(2)) + " " + m.group(3));
        return replace(THE_KEY, s, m -> flag(m.group(1)));
    }

    private static String flag(String key) {
        return "--" + key.replace('_', '-');
    }

    private static String replace(Pattern p, String s, java.util.function.Function<Matcher, String> f) {
        Matcher m = p.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) m.appendReplacement(sb, Matcher.quoteReplacement(f.apply(m)));
        m.appendTail(sb);
        return sb.toString();
    }
}
