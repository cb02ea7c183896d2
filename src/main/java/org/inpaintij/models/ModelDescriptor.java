package org.inpaintij.models;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.Option;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * One known public model, as a small JSON file in the repository's {@code models/} folder describes it: what it
 * is, its licence, the hub repository and the commit (40 hex digits) every file is taken from, each file with
 * the facts about it that were seen on the hub's pages (exact size and SHA-256 where published, the rounded size
 * the page showed, the scanner's label), the parts whose file list was not seen (taken from the hub's own
 * listing of the pinned commit at install time), and the model's own defaults. Read with
 * {@link #parse(String, String, boolean)}; every field is checked there. The format is described in
 * doc/models.md.
 *
 * @param name the short name users type ({@code model=NAME}); also the installed folder's name
 * @param title a human title
 * @param description one or two sentences for the model list
 * @param kind what the model is made for
 * @param homepage the model's page on the hub
 * @param repo the hub repository ({@code owner/name}), or null for a descriptor of files that are not on the hub
 * @param revision the commit of {@code repo} every file comes from (40 lower-case hex digits), or null
 * @param baseUrl where files without their own {@code url} come from ({@code baseUrl + path}); for a hub
 *     repository {@code ENDPOINT/repo/resolve/revision/}
 * @param license the licence shown before the first download
 * @param scanner what the hub's file scanner shows for the repository as a whole (a banner), or null
 * @param defaults the model's own defaults for steps, cfg, scheduler, resolution and strength
 * @param files the files whose path the hub's pages showed, in the diffusers ONNX layout
 * @param listed parts (a file, or a folder ending in '/') whose files were not seen: the installer takes them
 *     from the hub's listing of {@code revision}
 * @param provenance where the file list, sizes and hashes come from, and what is not known yet
 * @param shipped whether this descriptor ships with Inpaint-IJ (every file must then be confirmed by the
 *     descriptor or the hub before it is installed); false for a descriptor file the user wrote
 */
public record ModelDescriptor(
        String name,
        String title,
        String description,
        ModelKind kind,
        String homepage,
        String repo,
        String revision,
        URI baseUrl,
        License license,
        String scanner,
        Defaults defaults,
        List<SourceFile> files,
        List<ListedPart> listed,
        String provenance,
        boolean shipped) {

    /** The descriptor format this code writes and reads (format 1, without revision and listing, is read too). */
    public static final int FORMAT = 2;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");
    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*");
    /** A commit: what "pinned" means. */
    public static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    /** A hub file URL: {@code ENDPOINT/owner/name/resolve/REVISION/path}. */
    private static final Pattern RESOLVE = Pattern.compile("/([^/]+/[^/]+)/resolve/([^/]+)/(.*)");

    public ModelDescriptor {
        files = List.copyOf(files);
        listed = List.copyOf(listed);
    }

    /**
     * A part of the model whose file list was not seen: every file the hub lists under it at the pinned revision
     * is installed, each with the hub's size and hash.
     *
     * @param path a file, or a folder ending in '/'
     * @param approxSize an estimate of its bytes, for the disk-space check and the list (0 when none)
     * @param optional whether the model works without it (a {@code model_index.json} not seen), so that the hub
     *     listing nothing there is no disagreement
     */
    public record ListedPart(String path, long approxSize, boolean optional) {

        /** Whether a listed file belongs to this part. */
        public boolean covers(String file) {
            return path.endsWith("/") ? file.startsWith(path) : file.equals(path);
        }
    }

    /**
     * Where a file is on the hub, parsed from its URL.
     *
     * @param endpoint the hub's address ({@code https://huggingface.co})
     * @param repo {@code owner/name}
     * @param revision what the URL resolves: a commit, or a branch when not pinned
     * @param path the file in the repository
     */
    public record HubLocation(URI endpoint, String repo, String revision, String path) {

        /** Whether the URL names a commit rather than a branch that can move. */
        public boolean pinned() {
            return COMMIT.matcher(revision).matches();
        }
    }

    /** The hub repository, revision and path of a {@code resolve} URL, or null for any other URL. */
    public static HubLocation hubLocation(URI url) {
        if (url == null || url.getRawPath() == null) return null;
        java.util.regex.Matcher m = RESOLVE.matcher(url.getRawPath());
        if (!m.matches() || !REPO.matcher(m.group(1)).matches()) return null;
        URI endpoint = URI.create(url.getScheme() + "://" + url.getRawAuthority());
        return new HubLocation(endpoint, m.group(1), m.group(2),
                java.net.URLDecoder.decode(m.group(3), StandardCharsets.UTF_8));
    }

    /**
     * A model's licence.
     *
     * @param name its name, e.g. "CreativeML OpenRAIL-M"
     * @param url where its full text is
     * @param summary one or two sentences on what it allows and forbids
     * @param commercialUse whether commercial use is allowed at all
     */
    public record License(String name, String url, String summary, boolean commercialUse) {

        /** What a user accepts: the licence's name and link; a change to either asks again. */
        public String acceptanceKey() {
            return name + " <" + url + ">";
        }
    }

    /**
     * A model's own defaults; null where the engine decides.
     *
     * @param steps denoising steps
     * @param cfg guidance scale (1 or less: guidance off)
     * @param scheduler one of the scheduler choices other than {@code default}
     * @param resolution working size in pixels, a multiple of 8
     * @param strength 0..1
     */
    public record Defaults(Integer steps, Double cfg, String scheduler, Integer resolution, Double strength) {}

    /**
     * One file of a model folder.
     *
     * @param path the file's place in the model folder, with forward slashes ({@code unet/model.onnx})
     * @param url where it comes from when not {@code baseUrl + path}; null otherwise
     * @param size its exact size in bytes, or null where not published
     * @param shown the size as the hub's page showed it, rounded ({@code 1.73 GB}), or null
     * @param approxSize an estimate in bytes where neither is known (0 otherwise)
     * @param sha256 its published SHA-256 (lower-case hex), or null where not published
     * @param flagged what the hub's file scanner says of this file when it flags it ("Suspicious"), or null
     * @param content the file's text where the descriptor carries it itself (a user's descriptor only); null for
     *     downloaded files
     */
    public record SourceFile(String path, URI url, Long size, String shown, long approxSize, String sha256,
            String flagged, String content) {

        /** Whether the descriptor carries the file itself. */
        public boolean inline() {
            return content != null;
        }

        /** The bytes this file will take: exact where known, else the shown size, else the estimate. */
        public long expectedBytes() {
            if (content != null) return content.getBytes(StandardCharsets.UTF_8).length;
            if (size != null) return size;
            return shown != null ? ShownSize.parse(shown).bytes() : approxSize;
        }

        /**
         * Where to download this file from.
         *
         * @param model the model this file belongs to
         * @param mirror a base that replaces every source (files then come from {@code mirror/NAME/path}), or null
         */
        public URI source(ModelDescriptor model, URI mirror) {
            if (mirror != null) return withSlash(mirror).resolve(model.name() + "/" + path);
            return url != null ? url : model.baseUrl().resolve(path);
        }
    }

    /** Sum of {@link SourceFile#expectedBytes()} over all files, and of the listed parts' estimates. */
    public long expectedBytes() {
        return files.stream().mapToLong(SourceFile::expectedBytes).sum()
                + listed.stream().mapToLong(ListedPart::approxSize).sum();
    }

    /** Whether every file has a published size and hash, so that installing needs nothing from the hub's listing. */
    public boolean fullyPinned() {
        return listed.isEmpty() && files.stream().allMatch(f -> f.inline() || (f.size() != null && f.sha256() != null));
    }

    /** Whether the size shown in the list is exact. */
    public boolean exactSize() {
        return listed.isEmpty() && files.stream().allMatch(f -> f.inline() || f.size() != null);
    }

    /** The files the hub's scanner flags, one "path (label)" each. */
    public List<String> flaggedFiles() {
        return files.stream().filter(f -> f.flagged() != null).map(f -> f.path() + " (" + f.flagged() + ")").toList();
    }

    /**
     * What a user should know about the hub's file scanner before accepting the licence: the flagged files by
     * name, and the repository's banner; null when the scanner flags nothing.
     */
    public String scannerWarning() {
        List<String> flagged = flaggedFiles();
        if (flagged.isEmpty() && scanner == null) return null;
        StringBuilder sb = new StringBuilder();
        if (!flagged.isEmpty()) {
            sb.append("The hub's file scanner flags ").append(String.join(", ", flagged)).append(" of this model");
            sb.append(scanner != null ? "; " : ".");
        }
        if (scanner != null) sb.append(scanner);
        return sb.toString();
    }

    /** The file at a path, or null. */
    public SourceFile file(String path) {
        for (SourceFile f : files) if (f.path().equals(path)) return f;
        return null;
    }

    /** Whether a name is acceptable as a model name (and so as a folder name). */
    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches() && !name.endsWith(".");
    }

    /** Throws a {@link BadInputException} naming the rule when {@code name} is not a valid model name. */
    public static String checkName(String name) {
        if (!validName(name)) {
            throw new BadInputException("Invalid model name '" + name + "': use 1 to 64 letters, digits, '.', '_' or"
                    + " '-', starting with a letter or digit.");
        }
        return name;
    }

    /** Reads a descriptor file the user wrote (not shipped): see {@link #parse(String, String, boolean)}. */
    public static ModelDescriptor parse(String json, String origin) {
        return parse(json, origin, false);
    }

    /**
     * Reads a descriptor.
     *
     * @param json the file's text
     * @param origin the file's name, for messages
     * @param shipped whether it ships with Inpaint-IJ: it must then be of the current format, name a hub
     *     repository and pin a commit, take every file from that commit, and carry no file inline
     * @throws BadInputException naming the file and the field when anything is missing or wrong
     */
    public static ModelDescriptor parse(String json, String origin, boolean shipped) {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(json);
            if (!e.isJsonObject()) throw new JsonParseException("not an object");
            o = e.getAsJsonObject();
        } catch (JsonParseException ex) {
            throw new BadInputException("Model descriptor " + origin + " is not valid JSON (" + ex.getMessage() + ").",
                    ex);
        }
        Reader r = new Reader(o, origin);
        int format = r.integer(o, "format", true);
        if (format != FORMAT && !(format == 1 && !shipped)) {
            throw new BadInputException("Model descriptor " + origin + " has format " + format + "; this version of "
                    + "Inpaint-IJ reads format " + FORMAT + (shipped ? "" : " (and 1)") + ".");
        }
        String name = r.text(o, "name", true);
        if (!validName(name)) r.fail("name", "1 to 64 letters, digits, '.', '_' or '-'");
        ModelKind kind;
        try {
            kind = ModelKinds.of(r.text(o, "kind", true));
        } catch (BadInputException ex) {
            throw new BadInputException("Model descriptor " + origin + ": " + ex.getMessage(), ex);
        }
        String repo = r.text(o, "repo", shipped);
        if (repo != null && !REPO.matcher(repo).matches()) r.fail("repo", "a hub repository as owner/name");
        String revision = r.text(o, "revision", shipped);
        if (revision != null && !COMMIT.matcher(revision).matches()) {
            r.fail("revision", "the commit the files come from, as 40 lower-case hexadecimal digits");
        }
        if ((repo == null) != (revision == null)) r.fail(repo == null ? "repo" : "revision", "both repo and revision");
        URI base = r.uri(o, "baseUrl", true);
        if (!base.toString().endsWith("/")) r.fail("baseUrl", "an http(s) URL ending with '/'");
        if (repo != null) checkPinned(r, "baseUrl", base, repo, revision, "");

        JsonObject lic = r.object(o, "license");
        License license = new License(r.text(lic, "name", true), r.uri(lic, "url", true).toString(),
                r.text(lic, "summary", true), r.bool(lic, "commercialUse"));
        String scanner = r.text(o, "scanner", false);

        JsonObject d = r.object(o, "defaults");
        Integer steps = r.optInteger(d, "steps");
        if (steps != null && (steps < 1 || steps > 1000)) r.fail("defaults.steps", "1 to 1000");
        Double cfg = r.optDecimal(d, "cfg");
        if (cfg != null && !(cfg >= 0 && cfg <= 100)) r.fail("defaults.cfg", "0 to 100");
        String scheduler = r.text(d, "scheduler", false);
        if (scheduler != null) {
            List<String> ok = new ArrayList<>(Option.SCHEDULER.choices());
            ok.remove("default");
            if (!ok.contains(scheduler)) r.fail("defaults.scheduler", String.join(", ", ok));
        }
        Integer resolution = r.optInteger(d, "resolution");
        if (resolution != null && (resolution < 64 || resolution > 4096 || resolution % 8 != 0)) {
            r.fail("defaults.resolution", "a multiple of 8 from 64 to 4096");
        }
        Double strength = r.optDecimal(d, "strength");
        if (strength != null && !(strength >= 0 && strength <= 1)) r.fail("defaults.strength", "0 to 1");

        if (!o.has("files") || !o.get("files").isJsonArray() || o.getAsJsonArray("files").isEmpty()) {
            r.fail("files", "a non-empty list of files");
        }
        List<SourceFile> files = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonElement fe : o.getAsJsonArray("files")) {
            if (!fe.isJsonObject()) r.fail("files", "a list of objects");
            JsonObject f = fe.getAsJsonObject();
            String path = r.text(f, "path", true);
            checkPath(path, origin);
            if (!seen.add(path)) r.fail("files", "each path once (" + path + " twice)");
            String content = null;
            if (f.has("content") && !f.get("content").isJsonNull()) {
                if (shipped) r.fail(path + ".content", "no inline content: every file comes from the pinned commit");
                JsonElement c = f.get("content");
                content = c.isJsonPrimitive() && c.getAsJsonPrimitive().isString() ? c.getAsString()
                        : new GsonBuilder().setPrettyPrinting().create().toJson(c) + "\n";
            }
            URI url = f.has("url") && !f.get("url").isJsonNull() ? r.uri(f, "url", true) : null;
            if (url != null && shipped) checkPinned(r, path + ".url", url, null, null, path);
            Long size = r.optLong(f, "size");
            if (size != null && size < 0) r.fail(path + ".size", "a size in bytes");
            String shown = r.text(f, "shown", false);
            if (shown != null && !ShownSize.valid(shown)) {
                r.fail(path + ".shown", "the size as the hub's page shows it, such as 1.73 GB, 525 kB or 528 Bytes");
            }
            if (shown != null && size != null && !ShownSize.parse(shown).contains(size)) {
                r.fail(path + ".size", "a size that rounds to the shown " + shown);
            }
            Long approx = r.optLong(f, "approxSize");
            if (approx != null && approx < 0) r.fail(path + ".approxSize", "an estimate in bytes");
            if (content == null && size == null && shown == null && approx == null) {
                r.fail(path + ".approxSize", "an estimate in bytes where neither the exact nor the shown size is known");
            }
            String sha = r.text(f, "sha256", false);
            if (sha != null) {
                sha = sha.toLowerCase(Locale.ROOT);
                if (!SHA256.matcher(sha).matches()) r.fail(path + ".sha256", "64 hexadecimal digits, or null");
            }
            String flagged = r.text(f, "flagged", false);
            if (content != null && (url != null || sha != null || size != null)) {
                r.fail(path, "either inline content or a download (url, size, sha256), not both");
            }
            files.add(new SourceFile(path, url, size, shown, approx == null ? 0 : approx, sha, flagged, content));
        }
        List<ListedPart> listed = new ArrayList<>();
        if (o.has("listed") && !o.get("listed").isJsonNull()) {
            if (!o.get("listed").isJsonArray()) r.fail("listed", "a list of parts taken from the hub's listing");
            if (repo == null) r.fail("listed", "no listed parts without a repo and revision to list");
            for (JsonElement le : o.getAsJsonArray("listed")) {
                if (!le.isJsonObject()) r.fail("listed", "a list of objects");
                JsonObject l = le.getAsJsonObject();
                String path = r.text(l, "path", true);
                checkPath(path.endsWith("/") ? path.substring(0, path.length() - 1) : path, origin);
                Long approx = r.optLong(l, "approxSize");
                if (approx != null && approx < 0) r.fail(path + ".approxSize", "an estimate in bytes");
                boolean optional = l.has("optional") && r.bool(l, "optional");
                ListedPart part = new ListedPart(path, approx == null ? 0 : approx, optional);
                for (SourceFile f : files) {
                    if (part.covers(f.path()) && !path.endsWith("/")) {
                        r.fail("listed", "each path once (" + path + " is also in files)");
                    }
                }
                listed.add(part);
            }
        }
        return new ModelDescriptor(name, r.text(o, "title", true), r.text(o, "description", true), kind,
                r.uri(o, "homepage", true).toString(), repo, revision, base, license, scanner,
                new Defaults(steps, cfg, scheduler, resolution, strength), files, listed,
                r.text(o, "provenance", true), shipped);
    }

    /**
     * Checks that a URL resolves a pinned commit on the hub ({@code ENDPOINT/owner/name/resolve/COMMIT/path}),
     * of {@code repo} at {@code revision} when those are given.
     */
    private static void checkPinned(Reader r, String field, URI url, String repo, String revision, String path) {
        HubLocation h = hubLocation(URI.create(url + (path.isEmpty() ? "x" : "")));
        boolean ok = h != null && h.pinned() && (!path.isEmpty() || h.path().equals("x"))
                && (repo == null || (h.repo().equals(repo) && h.revision().equals(revision)));
        if (!ok) {
            r.fail(field, "a hub URL pinned to a commit, ENDPOINT/" + (repo != null ? repo : "owner/name")
                    + "/resolve/" + (revision != null ? revision : "COMMIT") + "/" + (path.isEmpty() ? "" : path));
        }
    }

    /** Rejects paths that could leave the model folder or clash with the manifest. */
    static void checkPath(String path, String origin) {
        boolean ok = !path.isEmpty() && !path.startsWith("/") && !path.contains("\\") && !path.contains("//")
                && !path.equals(Manifest.FILE_NAME);
        if (ok) {
            for (String s : path.split("/")) {
                if (s.equals(".") || s.equals("..") || !SEGMENT.matcher(s).matches()) ok = false;
            }
        }
        if (!ok) {
            throw new BadInputException("Model descriptor " + origin + " has an unsafe file path '" + path + "': use "
                    + "relative paths with '/' between plain names, without '..'.");
        }
    }

    private static URI withSlash(URI u) {
        String s = u.toString();
        return s.endsWith("/") ? u : URI.create(s + "/");
    }

    /** Field access with one clear message per problem. */
    private record Reader(JsonObject root, String origin) {

        void fail(String field, String accepted) {
            throw new BadInputException("Model descriptor " + origin + " has a missing or bad '" + field
                    + "'; expected " + accepted + ".");
        }

        JsonObject object(JsonObject o, String key) {
            if (!o.has(key) || !o.get(key).isJsonObject()) fail(key, "an object");
            return o.getAsJsonObject(key);
        }

        String text(JsonObject o, String key, boolean required) {
            JsonElement e = o.get(key);
            if (e == null || e.isJsonNull()) {
                if (required) fail(key, "a text");
                return null;
            }
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString() || e.getAsString().isBlank()) {
                fail(key, "a non-empty text");
            }
            return e.getAsString().trim();
        }

        boolean bool(JsonObject o, String key) {
            JsonElement e = o.get(key);
            if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) fail(key, "true or false");
            return e.getAsBoolean();
        }

        int integer(JsonObject o, String key, boolean required) {
            Integer i = optInteger(o, key);
            if (i == null) fail(key, "a whole number");
            return i;
        }

        Integer optInteger(JsonObject o, String key) {
            Long l = optLong(o, key);
            if (l != null && (l > Integer.MAX_VALUE || l < Integer.MIN_VALUE)) fail(key, "a whole number");
            return l == null ? null : l.intValue();
        }

        Long optLong(JsonObject o, String key) {
            JsonElement e = o.get(key);
            if (e == null || e.isJsonNull()) return null;
            try {
                if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) throw new NumberFormatException();
                return e.getAsBigDecimal().longValueExact();
            } catch (NumberFormatException | ArithmeticException ex) {
                fail(key, "a whole number");
                return null;
            }
        }

        Double optDecimal(JsonObject o, String key) {
            JsonElement e = o.get(key);
            if (e == null || e.isJsonNull()) return null;
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) fail(key, "a number");
            return e.getAsDouble();
        }

        URI uri(JsonObject o, String key, boolean required) {
            String s = text(o, key, required);
            try {
                URI u = new URI(s);
                String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                if (!(scheme.equals("https") || scheme.equals("http")) || u.getHost() == null) {
                    throw new URISyntaxException(s, "not an http(s) URL");
                }
                return u;
            } catch (URISyntaxException ex) {
                fail(key, "an http(s) URL");
                return null;
            }
        }
    }
}
