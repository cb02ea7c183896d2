package org.inpaintij.models;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import org.inpaintij.core.CancelledException;
import org.inpaintij.core.Monitor;

/**
 * The model hub's own account of a repository at a revision: every file with its size and hashes, from the hub's
 * tree API ({@code GET ENDPOINT/api/models/REPO/tree/REVISION?recursive=true&expand=false}), as the hub's own
 * clients read it (huggingface_hub's {@code list_repo_tree}, huggingface.js's {@code listFiles}): a JSON array of
 * entries {@code {"type": "file", "oid": GIT_BLOB_SHA1, "size": BYTES, "path": PATH, "lfs": {"oid": SHA256,
 * "size": BYTES, "pointerSize": N}}} (the {@code lfs} object only for files kept in Git LFS; folders have
 * {@code "type": "directory"}), in pages linked by a {@code Link: <URL>; rel="next"} header.
 *
 * <p>Files kept in LFS (every weight file) are confirmed by their SHA-256; small files kept in git by their git
 * blob id, the SHA-1 of {@code "blob " + size + "\0" + content}. Either way the facts come from the hub, not from
 * the download itself.
 */
public final class HubClient {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    private static final Pattern SHA1 = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_PAGES = 1000;

    /**
     * One file as the hub lists it.
     *
     * @param path its path in the repository
     * @param size its size in bytes
     * @param gitOid its git blob id (SHA-1 of the blob; for an LFS file, of the pointer)
     * @param lfsSha256 the SHA-256 of its content when it is kept in LFS, else null
     */
    public record HubFile(String path, long size, String gitOid, String lfsSha256) {

        /** Whether the file is kept in LFS (its content's SHA-256 is then known). */
        public boolean lfs() {
            return lfsSha256 != null;
        }
    }

    /**
     * A repository's files at a revision.
     *
     * @param repo {@code owner/name}
     * @param revision the revision listed
     * @param files every file, by path
     */
    public record Listing(String repo, String revision, Map<String, HubFile> files) {

        public Listing {
            files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
        }

        /** The file at {@code path}, or null. */
        public HubFile file(String path) {
            return files.get(path);
        }
    }

    private final Downloader downloader;

    /** A client that shares the downloader's HTTP client (redirects, proxy, timeouts) and patience. */
    public HubClient(Downloader downloader) {
        this.downloader = downloader;
    }

    /** The tree API's address for a repository at a revision, the whole tree. */
    public static URI treeUrl(URI endpoint, String repo, String revision) {
        String base = endpoint.toString().replaceAll("/+$", "");
        return URI.create(base + "/api/models/" + repo + "/tree/" + revision + "?recursive=true&expand=false");
    }

    /**
     * Every file of {@code repo} at {@code revision}, following the pages.
     *
     * @throws ModelException one sentence when the hub cannot be reached, refuses, or answers something that is
     *     not the tree API's JSON
     * @throws CancelledException when the monitor cancels
     */
    public Listing tree(URI endpoint, String repo, String revision, Monitor monitor) {
        downloader.checkProxies();
        Map<String, HubFile> files = new LinkedHashMap<>();
        URI url = treeUrl(endpoint, repo, revision);
        for (int page = 0; url != null; page++) {
            if (page >= MAX_PAGES) {
                throw new ModelException("The hub's listing of " + repo + " at " + revision + " did not end after "
                        + MAX_PAGES + " pages; try again later.");
            }
            monitor.checkCancelled();
            HttpResponse<String> r = get(url, repo, revision, monitor);
            parse(r.body(), url, files);
            URI current = url;
            url = r.headers().allValues("Link").stream().map(NEXT::matcher).filter(Matcher::find).findFirst()
                    .map(m -> current.resolve(m.group(1))).orElse(null);
        }
        return new Listing(repo, revision, files);
    }

    private HttpResponse<String> get(URI url, String repo, String revision, Monitor monitor) {
        Downloader.Config config = downloader.config();
        HttpRequest req = HttpRequest.newBuilder(url).GET().timeout(config.stallTimeout().plus(config.connectTimeout()))
                .header("User-Agent", downloader.userAgent()).header("Accept", "application/json").build();
        IOException last = null;
        for (int attempt = 1; attempt <= config.attempts(); attempt++) {
            monitor.checkCancelled();
            try {
                HttpResponse<String> r = downloader.client().send(req,
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = r.statusCode();
                if (status == 200) return r;
                if (status != 429 && status < 500) throw refusal(url, repo, revision, status);
                last = new IOException("HTTP " + status);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException();
            } catch (IOException e) {
                last = e;
                if (e instanceof ConnectException || e instanceof UnknownHostException
                        || e instanceof HttpConnectTimeoutException) {
                    break;
                }
            }
            Downloader.sleep(config.retryDelay().multipliedBy(1L << Math.min(attempt - 1, 6)), monitor);
        }
        String why = last instanceof UnknownHostException ? "the host " + url.getHost() + " is unknown"
                : last instanceof ConnectException ? "could not connect to " + url.getHost()
                : last == null || last.getMessage() == null ? String.valueOf(last) : last.getMessage();
        throw new ModelException("Could not read the hub's listing of " + repo + " at " + revision + " from " + url
                + " (" + why + "); check your network connection and proxy settings, and try again.", last);
    }

    private static ModelException refusal(URI url, String repo, String revision, int status) {
        String why = switch (status) {
            case 404 -> "the hub has no model repository " + repo + " at revision " + revision + " (HTTP 404); it "
                    + "may have been deleted or made private";
            case 401, 403 -> "the hub refused access (HTTP " + status + "); the repository may be gated or private";
            default -> "the hub answered HTTP " + status;
        };
        return new ModelException("Could not read the hub's listing of " + repo + " at " + revision + " from " + url
                + ": " + why + ".");
    }

    private static void parse(String body, URI url, Map<String, HubFile> files) {
        try {
            JsonElement e = JsonParser.parseString(body);
            if (!e.isJsonArray()) throw new JsonParseException("not a JSON array");
            JsonArray a = e.getAsJsonArray();
            for (JsonElement el : a) {
                if (!el.isJsonObject()) throw new JsonParseException("an entry is not an object");
                JsonObject o = el.getAsJsonObject();
                String type = string(o, "type");
                if (!"file".equals(type)) continue;
                String path = string(o, "path");
                String oid = string(o, "oid");
                if (path == null || oid == null || !SHA1.matcher(oid).matches() || !o.has("size")) {
                    throw new JsonParseException("a file entry lacks path, oid (40 hex digits) or size");
                }
                String sha = null;
                if (o.has("lfs") && o.get("lfs").isJsonObject()) {
                    JsonObject lfs = o.getAsJsonObject("lfs");
                    sha = Optional.ofNullable(string(lfs, "oid")).orElse("");
                    if (!SHA256.matcher(sha).matches()) {
                        throw new JsonParseException("the lfs oid of " + path + " is not a SHA-256");
                    }
                    if (lfs.has("size") && lfs.get("size").getAsLong() != o.get("size").getAsLong()) {
                        throw new JsonParseException("the lfs size of " + path + " differs from its size");
                    }
                }
                files.put(path, new HubFile(path, o.get("size").getAsLong(), oid, sha));
            }
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException
                | NumberFormatException e) {
            throw new ModelException("The answer of " + url + " is not the hub's file listing (" + e.getMessage()
                    + "); the address may not be a model hub.", e);
        }
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }
}
