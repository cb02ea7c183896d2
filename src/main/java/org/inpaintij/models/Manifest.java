package org.inpaintij.models;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * What Inpaint-IJ knows about an installed model, written as {@value #FILE_NAME} inside its folder as the
 * last step before the folder is moved into place: a folder without it was never completely installed. It
 * pins every file's size and SHA-256, which {@code verify} checks again.
 *
 * @param name the model's name (the folder's name)
 * @param title a human title
 * @param kind what the model is made for
 * @param origin {@code catalog} (downloaded from a descriptor) or {@code import} (a folder the user brought)
 * @param source the model's page, or the folder it was imported from
 * @param license the licence the user accepted, or null for an imported folder
 * @param defaults the model's own defaults (all null when unknown)
 * @param installedAt when it was installed
 * @param files every file with its pinned size and hash
 */
public record Manifest(
        String name,
        String title,
        ModelKind kind,
        String origin,
        String source,
        ModelDescriptor.License license,
        ModelDescriptor.Defaults defaults,
        Instant installedAt,
        List<PinnedFile> files) {

    /** The manifest's file name inside a model folder. */
    public static final String FILE_NAME = "inpaint-ij-model.json";
    /** Origin of a model downloaded from a descriptor. */
    public static final String CATALOG = "catalog";
    /** Origin of a folder the user imported. */
    public static final String IMPORT = "import";

    public Manifest {
        files = List.copyOf(files);
    }

    /** pinnedBy: the descriptor published the file's size and SHA-256, and the download matched both. */
    public static final String BY_DESCRIPTOR = "descriptor";
    /** pinnedBy: the hub's listing of the pinned revision gave what the descriptor did not, and the download matched. */
    public static final String BY_HUB = "hub";
    /** pinnedBy: nothing could confirm the download (a URL the user typed); its hash was pinned as it came. */
    public static final String BY_FIRST_USE = "first-use";
    /** pinnedBy: a folder the user imported, hashed as it was copied. */
    public static final String BY_IMPORT = "import";
    /** pinnedBy of older versions, which pinned unpublished hashes on first install or import. */
    static final String BY_LEGACY = "install";

    /**
     * One file as installed.
     *
     * @param path its place in the model folder, with forward slashes
     * @param size its size in bytes
     * @param sha256 its SHA-256, lower-case hex
     * @param pinnedBy what confirmed it: {@value #BY_DESCRIPTOR}, {@value #BY_HUB}, {@value #BY_FIRST_USE} or
     *     {@value #BY_IMPORT} ({@value #BY_LEGACY} in manifests of older versions)
     * @param modified its modification time when it was hashed (epoch milliseconds), or null in manifests of
     *     older versions; while a file keeps its size and this time, its pinned hash is trusted without hashing
     */
    public record PinnedFile(String path, long size, String sha256, String pinnedBy, Long modified) {

        /** Whether nothing but the download itself vouches for this file's hash. */
        public boolean trustedOnFirstUse() {
            return BY_FIRST_USE.equals(pinnedBy) || BY_LEGACY.equals(pinnedBy);
        }
    }

    /**
     * How the model's files were confirmed, for the model list and Info: null when every file was confirmed by
     * the descriptor or the hub, else a few words.
     */
    public String trustNote() {
        if (IMPORT.equals(origin)) return "imported: hashed when copied";
        long tofu = files.stream().filter(PinnedFile::trustedOnFirstUse).count();
        if (tofu == 0) return null;
        return "trusted on first use: " + tofu + " of " + files.size() + " files were confirmed by nothing but the"
                + " download (a URL you typed)";
    }

    /** A copy whose file records carry new modification times (path to epoch milliseconds). */
    public Manifest withModified(java.util.Map<String, Long> times) {
        List<PinnedFile> fs = new ArrayList<>();
        for (PinnedFile f : files) {
            Long t = times.get(f.path());
            fs.add(t == null ? f : new PinnedFile(f.path(), f.size(), f.sha256(), f.pinnedBy(), t));
        }
        return new Manifest(name, title, kind, origin, source, license, defaults, installedAt, fs);
    }

    /** Total size of the files in bytes. */
    public long bytes() {
        return files.stream().mapToLong(PinnedFile::size).sum();
    }

    /**
     * One hash for the whole model: SHA-256 over the sorted "path hash" lines. Two folders with the same files
     * have the same checksum; provenance records it.
     */
    public String checksum() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            files.stream().sorted(Comparator.comparing(PinnedFile::path))
                    .forEach(f -> md.update((f.path() + " " + f.sha256() + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** Writes the manifest into a folder. */
    public void writeTo(Path folder) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("format", 1);
        o.addProperty("name", name);
        o.addProperty("title", title);
        o.addProperty("kind", ModelKinds.key(kind));
        o.addProperty("origin", origin);
        o.addProperty("source", source);
        if (license != null) {
            JsonObject l = new JsonObject();
            l.addProperty("name", license.name());
            l.addProperty("url", license.url());
            l.addProperty("summary", license.summary());
            l.addProperty("commercialUse", license.commercialUse());
            o.add("license", l);
        }
        JsonObject d = new JsonObject();
        d.addProperty("steps", defaults.steps());
        d.addProperty("cfg", defaults.cfg());
        d.addProperty("scheduler", defaults.scheduler());
        d.addProperty("resolution", defaults.resolution());
        d.addProperty("strength", defaults.strength());
        o.add("defaults", d);
        o.addProperty("installedAt", installedAt.toString());
        JsonArray fs = new JsonArray();
        for (PinnedFile f : files) {
            JsonObject j = new JsonObject();
            j.addProperty("path", f.path());
            j.addProperty("size", f.size());
            j.addProperty("sha256", f.sha256());
            j.addProperty("pinnedBy", f.pinnedBy());
            if (f.modified() != null) j.addProperty("modified", f.modified());
            fs.add(j);
        }
        o.add("files", fs);
        String text = new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(o) + "\n";
        Path tmp = folder.resolve(FILE_NAME + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, folder.resolve(FILE_NAME), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads the manifest of a model folder.
     *
     * @throws IOException when it cannot be read or is not a manifest (the message names the file)
     */
    public static Manifest read(Path folder) throws IOException {
        Path file = folder.resolve(FILE_NAME);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            JsonObject o = JsonParser.parseString(text).getAsJsonObject();
            ModelDescriptor.License license = null;
            if (o.has("license") && o.get("license").isJsonObject()) {
                JsonObject l = o.getAsJsonObject("license");
                license = new ModelDescriptor.License(str(l, "name"), str(l, "url"), str(l, "summary"),
                        l.get("commercialUse").getAsBoolean());
            }
            JsonObject d = o.getAsJsonObject("defaults");
            ModelDescriptor.Defaults defaults = new ModelDescriptor.Defaults(
                    isNull(d, "steps") ? null : d.get("steps").getAsInt(),
                    isNull(d, "cfg") ? null : d.get("cfg").getAsDouble(),
                    str(d, "scheduler"),
                    isNull(d, "resolution") ? null : d.get("resolution").getAsInt(),
                    isNull(d, "strength") ? null : d.get("strength").getAsDouble());
            List<PinnedFile> files = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray("files")) {
                JsonObject f = e.getAsJsonObject();
                files.add(new PinnedFile(str(f, "path"), f.get("size").getAsLong(), str(f, "sha256"),
                        str(f, "pinnedBy"), isNull(f, "modified") ? null : f.get("modified").getAsLong()));
            }
            return new Manifest(str(o, "name"), str(o, "title"), ModelKinds.of(str(o, "kind")), str(o, "origin"),
                    str(o, "source"), license, defaults, Instant.parse(str(o, "installedAt")), files);
        } catch (RuntimeException e) {
            // Gson, date and enum parsing all throw unchecked exceptions; any of them means a damaged file
            throw new IOException("The model manifest " + file + " is damaged (" + e.getMessage() + ")", e);
        }
    }

    private static boolean isNull(JsonObject o, String key) {
        return !o.has(key) || o.get(key).isJsonNull();
    }

    private static String str(JsonObject o, String key) {
        return isNull(o, key) ? null : o.get(key).getAsString();
    }
}
