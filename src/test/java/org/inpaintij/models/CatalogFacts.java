package org.inpaintij.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.inpaintij.testing.Fixtures;

/**
 * The facts about public model files collected in {@code ../shared/docs/model-catalog.md} (beside the fixtures),
 * as the tests read them: the catalog's sections (separated by rules of dashes) and, in each, the rows of its
 * file tables ({@code | path | bytes | sha256 | source |}). A bytes cell is exact when it is a bare number
 * ({@code 528 (exact)}, {@code **136775724**}), shown when it has a unit ({@code 1.73 GB}), and says whether the
 * page labelled the file Suspicious.
 */
final class CatalogFacts {

    private static final Pattern EXACT =
            Pattern.compile("^\\**(\\d+)(?![\\d.])\\**(\\s*\\(exact\\))?(?!\\s*(Bytes|kB|MB|GB|TB))");
    private static final Pattern SHOWN = Pattern.compile("(\\d+(?:\\.\\d+)?) (kB|MB|GB)");
    private static final Pattern SHA = Pattern.compile("`?([0-9a-f]{64})`?");

    /**
     * One table row.
     *
     * @param path the file (first word of the path cell)
     * @param exact its exact size, or null
     * @param shown its size as a page showed it, or null
     * @param sha256 its SHA-256, or null
     * @param suspicious whether the page labelled it Suspicious
     * @param exists whether the page showed the file without its size
     * @param line the row as written
     */
    record Row(String path, Long exact, String shown, String sha256, boolean suspicious, boolean exists, String line) {

        /** Whether the row gives a size or hash. */
        boolean hasFact() {
            return exact != null || shown != null || sha256 != null;
        }

        @Override
        public String toString() {
            return line;
        }
    }

    /** One section of the catalog. */
    record Section(String text, List<Row> rows) {

        /** The rows about {@code path}. */
        List<Row> rows(String path) {
            return rows.stream().filter(r -> r.path().equals(path)).toList();
        }
    }

    private final List<Section> sections;

    private CatalogFacts(List<Section> sections) {
        this.sections = sections;
    }

    /** The catalog file: {@code docs/model-catalog.md} beside the fixtures folder. */
    static Path file() {
        Path f = Fixtures.dir().toAbsolutePath().normalize().resolveSibling("docs").resolve("model-catalog.md");
        if (!Files.isRegularFile(f)) {
            throw new IllegalStateException("The model catalog facts are expected at " + f + " (../shared/docs beside "
                    + "the checkout).");
        }
        return f;
    }

    static CatalogFacts read() {
        try {
            List<Section> out = new ArrayList<>();
            for (String text : Files.readString(file()).split("\n-{20,}\n")) out.add(new Section(text, rows(text)));
            return new CatalogFacts(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The section about {@code repo}: the one whose heading names it, else the one that introduces it in bold. */
    Section section(String repo) {
        for (Section s : sections) {
            for (String l : s.text().split("\n")) if (l.startsWith("## ") && l.contains(repo)) return s;
        }
        for (Section s : sections) if (s.text().contains("**" + repo + "**")) return s;
        throw new IllegalStateException("The catalog has no section on " + repo);
    }

    private static List<Row> rows(String text) {
        List<Row> rows = new ArrayList<>();
        for (String l : text.split("\n")) {
            if (!l.startsWith("|") || l.startsWith("|---") || l.startsWith("| path ")) continue;
            String[] c = l.split("\\|");
            if (c.length < 5) continue;
            String pathCell = c[1].trim().replace("`", "");
            if (pathCell.startsWith("(") || pathCell.contains("*") || pathCell.contains(",")) continue;
            String path = pathCell.split("[ (]")[0];
            String bytes = c[2].trim();
            Matcher ex = EXACT.matcher(bytes);
            Long exact = ex.find() ? Long.valueOf(ex.group(1)) : null;
            Matcher sh = SHOWN.matcher(bytes);
            String shown = exact == null && sh.find() ? sh.group(1) + " " + sh.group(2) : null;
            Matcher sha = SHA.matcher(c[3].trim());
            rows.add(new Row(path, exact, shown, sha.find() ? sha.group(1) : null, bytes.contains("Suspicious"),
                    bytes.contains("exists"), l));
        }
        return rows;
    }
}
