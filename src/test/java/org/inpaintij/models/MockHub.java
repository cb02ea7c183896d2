package org.inpaintij.models;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;

/**
 * A local stand-in for the model hub, on a {@link TestServer}: model repositories at a revision, their files at
 * {@code /OWNER/NAME/resolve/REVISION/PATH} (files kept in LFS answered with a 302 to a storage address, as the
 * hub does), and the tree API as huggingface_hub's {@code list_repo_tree} and huggingface.js's {@code listFiles}
 * read it: {@code GET /api/models/OWNER/NAME/tree/REVISION[/PATH]?recursive=true&expand=false} answers a JSON
 * array of {@code {"type": "file", "oid", "size", "path"}} entries, with an {@code lfs} object
 * {@code {"oid": SHA256, "size", "pointerSize"}} for LFS files (whose {@code oid} is then the git blob id of the
 * LFS pointer), and {@code {"type": "directory", "oid", "size": 0, "path"}} for folders; pages of
 * {@link #pageSize} entries are linked by {@code Link: <URL>; rel="next"} with a {@code cursor} parameter.
 *
 * <p>Which files are in LFS follows the hub's default {@code .gitattributes} for the extensions models use
 * ({@code *.onnx}, {@code *.pb}, {@code *_data}, {@code *.bin}, {@code *.safetensors}). A repository can be made
 * to lie in its listing ({@link Repo#listAs}) or to serve other bytes than it lists (through the server).
 */
public final class MockHub implements AutoCloseable {

    private final TestServer server;
    private final Map<String, Repo> repos = new LinkedHashMap<>();
    /** Entries per page of the tree API (the hub's are much larger; tests make it small to force pages). */
    volatile int pageSize = 1000;

    public MockHub() throws IOException {
        this.server = new TestServer();
    }

    /** The server, to misbehave on purpose. */
    public TestServer server() {
        return server;
    }

    /** The hub's address, e.g. {@code http://127.0.0.1:PORT} (what {@code https://huggingface.co} is for the real one). */
    public URI endpoint() {
        String b = server.base().toString();
        return URI.create(b.substring(0, b.length() - 1));
    }

    /** A repository at one revision; files are added to it. */
    public Repo repo(String repo, String revision) {
        Repo r = new Repo(repo, revision);
        repos.put(repo + "@" + revision, r);
        server.route("api/models/" + repo + "/tree/" + revision, ex -> tree(ex, r, ""));
        return r;
    }

    /** {@code ENDPOINT/REPO/resolve/REVISION/}, a descriptor's baseUrl. */
    public String baseUrl(String repo, String revision) {
        return endpoint() + "/" + repo + "/resolve/" + revision + "/";
    }

    /** One repository at one revision. */
    public final class Repo {
        final String repo;
        final String revision;
        final TreeMap<String, byte[]> files = new TreeMap<>();
        final Map<String, Long> listedSizes = new LinkedHashMap<>();
        final Map<String, String> listedSha = new LinkedHashMap<>();

        Repo(String repo, String revision) {
            this.repo = repo;
            this.revision = revision;
        }

        /** Adds a file: served and listed. */
        public Repo put(String path, byte[] data) {
            files.put(path, data);
            String resolve = repo + "/resolve/" + revision + "/" + path;
            if (lfs(path)) {
                String storage = "lfs-storage/" + sha256(data);
                server.put(storage, data);
                server.redirect(resolve, storage);
            } else {
                server.put(resolve, data);
            }
            String parent = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
            if (!parent.isEmpty()) server.route("api/models/" + repo + "/tree/" + revision + "/" + parent,
                    ex -> tree(ex, this, parent));
            return this;
        }

        /** Adds every file of a map. */
        public Repo putAll(Map<String, byte[]> all) {
            all.forEach(this::put);
            return this;
        }

        /** Makes the listing give another size and, when not null, another SHA-256 for {@code path} than it serves. */
        public Repo listAs(String path, long size, String sha256) {
            listedSizes.put(path, size);
            if (sha256 != null) listedSha.put(path, sha256);
            return this;
        }

        /** The path the server answers this file's resolve URL at (no leading slash). */
        public String resolvePath(String path) {
            return lfs(path) ? "lfs-storage/" + sha256(files.get(path)) : repo + "/resolve/" + revision + "/" + path;
        }
    }

    /** Whether the hub keeps a file in LFS (the default .gitattributes of a model repository). */
    public static boolean lfs(String path) {
        return path.endsWith(".onnx") || path.endsWith(".pb") || path.endsWith("_data") || path.endsWith(".bin")
                || path.endsWith(".safetensors");
    }

    private void tree(HttpExchange ex, Repo r, String under) throws IOException {
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        boolean recursive = List.of("true", "True", "1").contains(q.getOrDefault("recursive", "false"));
        List<JsonObject> entries = new ArrayList<>();
        TreeSet<String> dirs = new TreeSet<>();
        for (String p : r.files.keySet()) {
            if (!under.isEmpty() && !p.startsWith(under + "/")) continue;
            String rest = under.isEmpty() ? p : p.substring(under.length() + 1);
            String[] parts = rest.split("/");
            String prefix = under.isEmpty() ? "" : under + "/";
            for (int i = 0; i < parts.length - 1; i++) {
                dirs.add(prefix + String.join("/", java.util.Arrays.copyOf(parts, i + 1)));
                if (!recursive) break;
            }
        }
        TreeMap<String, JsonObject> ordered = new TreeMap<>();
        for (String d : dirs) {
            JsonObject o = new JsonObject();
            o.addProperty("type", "directory");
            o.addProperty("oid", gitBlobId(d.getBytes(StandardCharsets.UTF_8)));
            o.addProperty("size", 0);
            o.addProperty("path", d);
            ordered.put(d, o);
        }
        for (var e : r.files.entrySet()) {
            String p = e.getKey();
            if (!under.isEmpty() && !p.startsWith(under + "/")) continue;
            String rest = under.isEmpty() ? p : p.substring(under.length() + 1);
            if (!recursive && rest.contains("/")) continue;
            ordered.put(p, fileEntry(r, p, e.getValue()));
        }
        entries.addAll(ordered.values());
        int from = q.containsKey("cursor") ? Integer.parseInt(new String(Base64.getUrlDecoder().decode(q.get("cursor")),
                StandardCharsets.UTF_8)) : 0;
        int to = Math.min(entries.size(), from + pageSize);
        JsonArray page = new JsonArray();
        for (JsonObject o : entries.subList(from, to)) page.add(o);
        if (to < entries.size()) {
            String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    Integer.toString(to).getBytes(StandardCharsets.UTF_8));
            ex.getResponseHeaders().add("Link", "<" + endpoint() + ex.getRequestURI().getRawPath()
                    + "?recursive=" + recursive + "&expand=false&cursor=" + cursor + ">; rel=\"next\"");
        }
        byte[] body = page.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static JsonObject fileEntry(Repo r, String path, byte[] data) {
        long size = r.listedSizes.getOrDefault(path, (long) data.length);
        JsonObject o = new JsonObject();
        o.addProperty("type", "file");
        if (lfs(path)) {
            String sha = r.listedSha.getOrDefault(path, sha256(data));
            String pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:" + sha + "\nsize " + size + "\n";
            byte[] p = pointer.getBytes(StandardCharsets.UTF_8);
            o.addProperty("oid", gitBlobId(p));
            o.addProperty("size", size);
            JsonObject lfs = new JsonObject();
            lfs.addProperty("oid", sha);
            lfs.addProperty("size", size);
            lfs.addProperty("pointerSize", p.length);
            o.add("lfs", lfs);
        } else {
            o.addProperty("oid", gitBlobId(data));
            o.addProperty("size", size);
        }
        o.addProperty("path", path);
        return o;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null) return q;
        for (String kv : raw.split("&")) {
            int i = kv.indexOf('=');
            if (i > 0) q.put(kv.substring(0, i), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    /** The git blob id of some bytes: SHA-1 of "blob SIZE\0" and the bytes. */
    public static String gitBlobId(byte[] data) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            md.update(("blob " + data.length + "\0").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(md.digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] data) {
        return TestModels.sha256(data);
    }

    @Override
    public void close() {
        server.close();
    }
}
