package org.inpaintij.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The user guide (doc/user-guide.md, packed into the jar) for a dialog's Help button: one section as the simple
 * HTML that ImageJ's help window shows, so that the help is the guide itself and cannot drift from it.
 */
final class UserGuide {

    static final String RESOURCE = "/org/inpaintij/doc/user-guide.md";

    private UserGuide() {}

    /** The section whose heading is {@code heading} (any level), as HTML starting with {@code <html>}. */
    static String html(String heading) {
        String md;
        try (InputStream in = UserGuide.class.getResourceAsStream(RESOURCE)) {
            if (in == null) return "<html><p>The user guide is doc/user-guide.md, section " + heading + ".</p>";
            md = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<html><p>The user guide could not be read (" + e.getMessage() + "); it is doc/user-guide.md, "
                    + "section " + heading + ".</p>";
        }
        return toHtml(section(md, heading));
    }

    /** The lines under a heading up to the next heading of the same or a higher level. */
    static String section(String md, String heading) {
        String[] lines = md.split("\n", -1);
        StringBuilder sb = new StringBuilder();
        int level = 0;
        for (String line : lines) {
            int h = headingLevel(line);
            if (level == 0) {
                if (h > 0 && line.substring(h).trim().equals(heading)) {
                    level = h;
                    sb.append(line).append('\n');
                }
            } else if (h > 0 && h <= level) {
                break;
            } else {
                sb.append(line).append('\n');
            }
        }
        return sb.toString();
    }

    /** Headings, paragraphs, bullet lists, {@code code} and **bold**: what the guide uses. */
    static String toHtml(String md) {
        StringBuilder sb = new StringBuilder("<html>");
        boolean list = false;
        StringBuilder para = new StringBuilder();
        for (String raw : (md + "\n").split("\n", -1)) {
            String line = raw.strip();
            int h = headingLevel(line);
            boolean item = line.startsWith("- ") || line.matches("\\d+\\. .*");
            if (line.isEmpty() || h > 0 || item) {
                if (para.length() > 0) sb.append("<p>").append(inline(para.toString().trim())).append("</p>");
                para.setLength(0);
            }
            if (list && !item && !(line.isEmpty() || raw.startsWith("  "))) {
                sb.append("</ul>");
                list = false;
            }
            if (h > 0) {
                sb.append("<h").append(Math.min(h, 3)).append('>').append(inline(line.substring(h).trim()))
                        .append("</h").append(Math.min(h, 3)).append('>');
            } else if (item) {
                if (!list) sb.append("<ul>");
                list = true;
                sb.append("<li>").append(inline(line.substring(line.indexOf(' ') + 1)));
            } else if (list && raw.startsWith("  ") && !line.isEmpty()) {
                sb.append(' ').append(inline(line));
            } else if (!line.isEmpty()) {
                para.append(line).append(' ');
            }
        }
        if (list) sb.append("</ul>");
        return sb.toString();
    }

    private static int headingLevel(String line) {
        int h = 0;
        while (h < line.length() && line.charAt(h) == '#') h++;
        return h > 0 && h < line.length() && line.charAt(h) == ' ' ? h : 0;
    }

    private static String inline(String s) {
        String e = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        e = e.replaceAll("`([^`]+)`", "<code>$1</code>");
        e = e.replaceAll("\\*\\*([^*]+)\\*\\*", "<b>$1</b>");
        return e.replaceAll("\\[([^]]+)]\\(([^)]+)\\)", "$1 ($2)");
    }
}
