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
import org.inpaintij.diffusion.model.ModelKind;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * One known public model, as a small JSON file in the repository's {@code models/} folder describes it: what it
 * is, its licence, where each of its files comes from (with size and SHA-256 where they are known), and the
 * model's own defaults. Read with {@link #parse(String, String)}; every field is checked there.
 *
 * @param name the short name users type ({@code model=NAME}); also the installed folder's name
 * @param title a human title
 * @param description one or two sentences for the model list
 * @param kind what the model is made for
 * @param homepage the model's page on the hub
 * @param baseUrl where files without their own {@code url} come from ({@code baseUrl + path})
 * @param license the licence shown before the first download
 * @param defaults the model's own defaults for steps, cfg, scheduler, resolution and strength
 * @param files the files of the installed folder: the diffusers ONNX layout for a diffusion model, one
 *     {@code .onnx} graph for a learned fill (LaMa, MI-GAN)
 * @param provenance where the file list, sizes and hashes come from, and what is not known yet
 */
public record ModelDescriptor(
        String name,
        String title,
        String description,
        ModelKind kind,
        String homepage,
        URI baseUrl,
        License license,
        Defaults defaults,
        List<SourceFile> files,
        String provenance) {

    /** The descriptor format this code reads. */
    public static final int FORMAT = 1;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

    public ModelDescriptor {
        files = List.copyOf(files);
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
     * @param size its exact size in bytes, or null where not known
     * @param approxSize an estimate in bytes, for the disk-space check and the progress bar when {@code size} is null
     * @param sha256 its SHA-256 (lower-case hex), or null where not known: it is then pinned on first install
     * @param content the file's text where the descriptor carries it itself (small configuration files that
     *     the source lacks); null for downloaded files
     * @param scanner the label the hub's file scanner gives the file ("Safe", "Suspicious"), or null where not
     *     known; any label but "Safe" is shown before the licence is accepted
     */
    public record SourceFile(String path, URI url, Long size, long approxSize, String sha256, String content,
            String scanner) {

        /** Whether the hub's scanner labels this file as anything but safe. */
        public boolean flagged() {
            return scanner != null && !scanner.equalsIgnoreCase("Safe");
        }

        /** Whether the descriptor carries the file itself. */
        public boolean inline() {
            return content != null;
        }

        /** The bytes this file will take: exact where known, else the estimate. */
        public long expectedBytes() {
            if (content != null) return content.getBytes(StandardCharsets.UTF_8).length;
            return size != null ? size : approxSize;
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

    /**
     * What a user must see before accepting the licence, besides the licence itself: one sentence per file that
     * the hub's scanner flags. Empty when there is nothing to say.
     */
    public List<String> notices() {
        List<String> out = new ArrayList<>();
        for (SourceFile f : files) {
            if (!f.flagged()) continue;
            out.add(f.path() + " is labelled \"" + f.scanner() + "\" by Hugging Face's file scanner (see " + homepage
                    + "); the installer checks its published size and SHA-256, but installing it means trusting a"
                    + " file the hub's scanner questioned.");
        }
        return out;
    }

    /** Sum of {@link SourceFile#expectedBytes()} over all files. */
    public long expectedBytes() {
        return files.stream().mapToLong(SourceFile::expectedBytes).sum();
    }

    /** Whether every downloaded file has a published size and hash (nothing to pin on first install). */
    public boolean fullyPinned() {
        return files.stream().allMatch(f -> f.inline() || (f.size() != null && f.sha256() != null));
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

    /**
     * Reads a descriptor.
     *
     * @param json the file's text
     * @param origin the file's name, for messages
     * @throws BadInputException naming the file and the field when anything is missing or wrong
     */
    public static ModelDescriptor parse(String json, String origin) {
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
        if (format != FORMAT) {
            throw new BadInputException("Model descriptor " + origin + " has format " + format + "; this version of "
                    + "Inpaint-IJ reads format " + FORMAT + ".");
        }
        String name = r.text(o, "name", true);
        if (!validName(name)) r.fail("name", "1 to 64 letters, digits, '.', '_' or '-'");
        ModelKind kind;
        try {
            kind = ModelKinds.of(r.text(o, "kind", true));
        } catch (BadInputException ex) {
            throw new BadInputException("Model descriptor " + origin + ": " + ex.getMessage(), ex);
        }
        URI base = r.uri(o, "baseUrl", true);
        if (!base.toString().endsWith("/")) r.fail("baseUrl", "an http(s) URL ending with '/'");

        JsonObject lic = r.object(o, "license");
        License license = new License(r.text(lic, "name", true), r.uri(lic, "url", true).toString(),
                r.text(lic, "summary", true), r.bool(lic, "commercialUse"));

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
                JsonElement c = f.get("content");
                content = c.isJsonPrimitive() && c.getAsJsonPrimitive().isString() ? c.getAsString()
                        : new GsonBuilder().setPrettyPrinting().create().toJson(c) + "\n";
            }
            URI url = f.has("url") && !f.get("url").isJsonNull() ? r.uri(f, "url", true) : null;
            Long size = r.optLong(f, "size");
            if (size != null && size < 0) r.fail(path + ".size", "a size in bytes");
            Long approx = r.optLong(f, "approxSize");
            if (content == null && size == null && (approx == null || approx < 0)) {
                r.fail(path + ".approxSize", "an estimate in bytes where the exact size is not known");
            }
            String sha = r.text(f, "sha256", false);
            if (sha != null) {
                sha = sha.toLowerCase(Locale.ROOT);
                if (!SHA256.matcher(sha).matches()) r.fail(path + ".sha256", "64 hexadecimal digits, or null");
            }
            if (content != null && (url != null || sha != null || size != null)) {
                r.fail(path, "either inline content or a download (url, size, sha256), not both");
            }
            String scanner = r.text(f, "scanner", false);
            files.add(new SourceFile(path, url, size, approx == null ? 0 : approx, sha, content, scanner));
        }
        return new ModelDescriptor(name, r.text(o, "title", true), r.text(o, "description", true), kind,
                r.uri(o, "homepage", true).toString(), base, license,
                new Defaults(steps, cfg, scheduler, resolution, strength), files, r.text(o, "provenance", true));
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
