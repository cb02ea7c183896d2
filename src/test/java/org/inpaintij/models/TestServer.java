package org.inpaintij.models;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP server for the installer tests: serves byte arrays with Range and If-Range support, and can
 * misbehave on purpose (drop the connection part-way, stall, throttle, redirect, answer 404). Records every
 * request so that tests can check what the client asked for.
 */
public final class TestServer implements AutoCloseable {

    /** Downloader settings for tests: quick retries and a 1 s stall timeout. */
    public static final Downloader.Config FAST = new Downloader.Config(java.time.Duration.ofSeconds(5),
            java.time.Duration.ofSeconds(1), 3, java.time.Duration.ofMillis(10));

    /** One request as the server saw it. */
    public record Request(String path, String range, String ifRange) {}

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, String> redirects = new ConcurrentHashMap<>();
    private final Map<String, long[]> drops = new ConcurrentHashMap<>();
    private final Map<String, long[]> stalls = new ConcurrentHashMap<>();
    private final Map<String, Integer> throttles = new ConcurrentHashMap<>();
    private final java.util.Set<String> noRanges = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> truncations = new ConcurrentHashMap<>();
    private final Map<String, com.sun.net.httpserver.HttpHandler> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new ArrayList<>();
    private final AtomicInteger served = new AtomicInteger();

    public TestServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** The server's base URL, ending with '/'. */
    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Serves {@code data} at {@code path} (no leading slash). */
    public TestServer put(String path, byte[] data) {
        files.put("/" + path, data);
        return this;
    }

    /** Answers {@code from} with a 302 to {@code to}. */
    public TestServer redirect(String from, String to) {
        redirects.put("/" + from, "/" + to);
        return this;
    }

    /** The first {@code times} requests of {@code path} send only {@code after} bytes of the body, then hang up. */
    public TestServer dropAfter(String path, long after, int times) {
        drops.put("/" + path, new long[] {after, times});
        return this;
    }

    /** The first {@code times} requests of {@code path} send {@code after} bytes, then go silent for a minute. */
    public TestServer stallAfter(String path, long after, int times) {
        stalls.put("/" + path, new long[] {after, times});
        return this;
    }

    /** Serves {@code path} at about {@code bytesPerSecond}. */
    public TestServer throttle(String path, int bytesPerSecond) {
        throttles.put("/" + path, bytesPerSecond);
        return this;
    }

    /** Ignores Range headers for {@code path}, as some servers do: always the whole file, status 200. */
    public TestServer noRanges(String path) {
        noRanges.add("/" + path);
        return this;
    }

    /**
     * Sends only the first {@code bytes} bytes of {@code path}, without a Content-Length (a chunked body that ends
     * properly), so that the client cannot tell that the body was cut short.
     */
    public TestServer truncate(String path, long bytes) {
        truncations.put("/" + path, bytes);
        return this;
    }

    /** Answers every request for {@code path} (no leading slash; the query is the handler's) with {@code handler}. */
    public TestServer route(String path, com.sun.net.httpserver.HttpHandler handler) {
        routes.put("/" + path, handler);
        return this;
    }

    /** Stops throttling everything. */
    public void unthrottle() {
        throttles.clear();
    }

    /** The requests so far, in order. */
    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests for one path. */
    public List<Request> requests(String path) {
        return requests().stream().filter(r -> r.path().equals("/" + path)).toList();
    }

    /** Responses with a body begun so far. */
    public int served() {
        return served.get();
    }

    public static String etag(byte[] data) {
        try {
            return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)).substring(0, 16)
                    + "\"";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String range = ex.getRequestHeaders().getFirst("Range");
        String ifRange = ex.getRequestHeaders().getFirst("If-Range");
        synchronized (this) {
            requests.add(new Request(path, range, ifRange));
        }
        try {
            com.sun.net.httpserver.HttpHandler route = routes.get(path);
            if (route != null) {
                route.handle(ex);
                return;
            }
            String to = redirects.get(path);
            if (to != null) {
                ex.getResponseHeaders().add("Location", to);
                ex.sendResponseHeaders(302, -1);
                return;
            }
            byte[] data = files.get(path);
            if (data == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            String etag = etag(data);
            long start = 0;
            boolean partial = false;
            if (range != null && !noRanges.contains(path) && (ifRange == null || ifRange.equals(etag))) {
                start = Long.parseLong(range.replaceAll("bytes=(\\d+)-.*", "$1"));
                if (start >= data.length) {
                    ex.getResponseHeaders().add("Content-Range", "bytes */" + data.length);
                    ex.sendResponseHeaders(416, -1);
                    return;
                }
                partial = true;
            }
            long length = data.length - start;
            Long cut = truncations.get(path);
            if (cut != null && !partial) {
                // chunked: no Content-Length, and a proper end after the cut, so nothing tells the client
                ex.getResponseHeaders().add("ETag", etag);
                ex.sendResponseHeaders(200, 0);
                served.incrementAndGet();
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(data, 0, (int) Math.min(cut, data.length));
                }
                return;
            }
            ex.getResponseHeaders().add("ETag", etag);
            ex.getResponseHeaders().add("Accept-Ranges", "bytes");
            if (partial) {
                ex.getResponseHeaders().add("Content-Range", "bytes " + start + "-" + (data.length - 1) + "/"
                        + data.length);
            }
            ex.sendResponseHeaders(partial ? 206 : 200, length);
            served.incrementAndGet();
            long limit = length;
            boolean stall = false;
            long[] d = drops.get(path);
            long[] s = stalls.get(path);
            synchronized (this) {
                if (d != null && d[1] > 0) {
                    d[1]--;
                    limit = Math.min(length, d[0]);
                } else if (s != null && s[1] > 0) {
                    s[1]--;
                    limit = Math.min(length, s[0]);
                    stall = true;
                }
            }
            OutputStream out = ex.getResponseBody();
            int chunk = 64 * 1024;
            for (long off = 0; off < limit; off += chunk) {
                int n = (int) Math.min(chunk, limit - off);
                out.write(data, (int) (start + off), n);
                out.flush();
                Integer bps = throttles.get(path);
                if (bps != null) sleep(1000L * n / bps);
            }
            if (stall) sleep(60_000);
        } finally {
            // closing an exchange whose body is unfinished (drop, stall) makes the server hang up the connection
            ex.close();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
