package org.inpaintij.models;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.inpaintij.core.CancelledException;
import org.inpaintij.core.Monitor;

/**
 * Downloads one file over HTTP(S) into a local file, resuming where an earlier attempt stopped. Built on the
 * JDK's {@link HttpClient}: it follows redirects (the model hub answers every file with a redirect to its
 * storage), speaks HTTP/2, goes through the proxy of the JVM's settings or of {@code HTTPS_PROXY} and its
 * relatives ({@link ProxyEnvironment}), and lets a stalled or cancelled body be aborted
 * by closing its stream, all without adding a library to the plugin.
 *
 * <p>A partial file is continued with a {@code Range} request; its validator (ETag or Last-Modified) is kept in
 * a side file and sent as {@code If-Range}, so that a file that changed on the server is downloaded afresh
 * instead of being spliced. A dropped connection or a stall is retried a few times, each retry resuming.
 */
public final class Downloader {

    /**
     * How patient the downloader is.
     *
     * @param connectTimeout time to open a connection and get the response headers
     * @param stallTimeout time without a single byte before the connection is given up and retried
     * @param attempts tries per file (the first included) before giving up
     * @param retryDelay wait before the first retry; doubled for each further one
     */
    public record Config(Duration connectTimeout, Duration stallTimeout, int attempts, Duration retryDelay) {

        /** 30 s to connect, 60 s of silence, 5 tries starting 2 s apart. */
        public static Config standard() {
            return new Config(Duration.ofSeconds(30), Duration.ofSeconds(60), 5, Duration.ofSeconds(2));
        }
    }

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern UNSATISFIED = Pattern.compile("bytes\\s+\\*/(\\d+)");
    private static final int CHUNK = 1 << 20;

    private final HttpClient client;
    private final Config config;
    private final String userAgent;
    private final ProxyEnvironment proxies;

    /** A downloader with its own client, through the proxies of this process (see {@link ProxyEnvironment}). */
    public Downloader(Config config) {
        this(config, ProxyEnvironment.standard());
    }

    /** A downloader with its own client, through the given proxy choice. */
    public Downloader(Config config, ProxyEnvironment proxies) {
        this(HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(config.connectTimeout())
                .proxy(proxies)
                .build(), config, proxies);
    }

    /** A downloader on a given client (which must follow redirects). */
    public Downloader(HttpClient client, Config config) {
        this(client, config, null);
    }

    private Downloader(HttpClient client, Config config, ProxyEnvironment proxies) {
        this.proxies = proxies;
        this.client = client;
        this.config = config;
        // the jar's manifest carries the version (Implementation-Version); classes run from a build folder have none
        String version = Downloader.class.getPackage().getImplementationVersion();
        this.userAgent = "Inpaint-IJ/" + (version != null ? version : "dev") + " (Java "
                + System.getProperty("java.version") + ")";
    }

    /** The HTTP client, which the hub's API shares with the downloads (same redirects, proxy and timeouts). */
    HttpClient client() {
        return client;
    }

    /** Refuses, in one sentence, a proxy setting this client cannot use (the hub's listing checks it too). */
    void checkProxies() {
        if (proxies != null) proxies.check();
    }

    /** How patient this downloader is. */
    Config config() {
        return config;
    }

    /** The User-Agent header every request sends. */
    String userAgent() {
        return userAgent;
    }

    /** A downloader with the standard patience. */
    public static Downloader standard() {
        return new Downloader(Config.standard());
    }

    /**
     * Downloads {@code url} into {@code file}, continuing the bytes already in it. The digest receives every
     * byte of the final file, the ones already there included.
     *
     * @param expectedSize the file's exact size when known (a longer partial file is started again), else null
     * @param digest updated with the file's content, from its first byte
     * @param progress told of every byte, including the ones already there; may be null
     * @return the file's size
     * @throws ModelException when the server refuses or the network fails after all retries; the partial file
     *     is kept so that a later call can resume
     * @throws CancelledException when the monitor cancels; the partial file is kept
     */
    long fetch(URI url, Path file, Long expectedSize, MessageDigest digest, Progress progress, Monitor monitor)
            throws IOException {
        checkProxies();
        Path validatorFile = file.resolveSibling(file.getFileName() + ".etag");
        long offset = Files.isRegularFile(file) ? Files.size(file) : 0;
        if (expectedSize != null && offset > expectedSize) {
            offset = restart(file, validatorFile, progress, offset);
        }
        digest.reset();
        if (offset > 0) Hashing.update(digest, file, progress, monitor);
        int failures = 0;
        int restarts = 0;
        IOException last = null;
        while (true) {
            monitor.checkCancelled();
            if (expectedSize != null && offset == expectedSize && offset > 0) {
                // a previous run got every byte but stopped before it could move on
                return offset;
            }
            try {
                Attempt a = attempt(url, file, validatorFile, offset, digest, progress, monitor);
                if (a.restartFromZero) {
                    if (++restarts > 3) {
                        throw new ModelException("Could not download " + url + ": the server keeps sending the file "
                                + "from its start instead of resuming it, and the connection keeps breaking; try "
                                + "again later.");
                    }
                    offset = restart(file, validatorFile, progress, offset);
                    digest.reset();
                    continue;
                }
                return a.size;
            } catch (Interrupted e) {
                last = e.getCause();
                offset = Files.size(file);
                failures = e.progressed ? 0 : failures;
            } catch (IOException e) {
                last = e;
                offset = Files.isRegularFile(file) ? Files.size(file) : 0;
            }
            failures++;
            // a server that cannot be reached at all is tried twice, not made to wait through every retry
            boolean unreachable = last instanceof ConnectException || last instanceof UnknownHostException
                    || last instanceof HttpConnectTimeoutException;
            if (failures >= (unreachable ? Math.min(2, config.attempts()) : config.attempts())) {
                throw networkFailure(url, last);
            }
            sleep(config.retryDelay().multipliedBy(1L << Math.min(failures - 1, 6)), monitor);
        }
    }

    /** One request; its outcome. */
    private record Attempt(long size, boolean restartFromZero) {}

    /** The connection broke after the response started; {@code progressed}: some bytes came before it did. */
    private static final class Interrupted extends IOException {
        private static final long serialVersionUID = 1L;
        final boolean progressed;

        Interrupted(IOException cause, boolean progressed) {
            super(cause.getMessage(), cause);
            this.progressed = progressed;
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    private Attempt attempt(URI url, Path file, Path validatorFile, long offset, MessageDigest digest,
            Progress progress, Monitor monitor) throws IOException {
        HttpRequest.Builder rb;
        try {
            rb = HttpRequest.newBuilder(url);
        } catch (IllegalArgumentException e) {
            throw new ModelException("Could not download " + url + ": it is not an http(s) address the downloader can"
                    + " use; check the model's descriptor or the mirror given.", e);
        }
        rb.GET().timeout(config.connectTimeout())
                .header("User-Agent", userAgent).header("Accept-Encoding", "identity");
        if (offset > 0) {
            rb.header("Range", "bytes=" + offset + "-");
            String validator = Files.isRegularFile(validatorFile)
                    ? Files.readString(validatorFile, StandardCharsets.UTF_8).trim() : "";
            if (!validator.isEmpty()) rb.header("If-Range", validator);
        }
        HttpResponse<InputStream> r;
        try {
            r = client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
        int status = r.statusCode();
        try (InputStream body = r.body()) {
            if (status == 416 && offset > 0) {
                // asked for bytes past the end: either the file is already whole, or the server's file is shorter
                long total = r.headers().firstValue("Content-Range").map(UNSATISFIED::matcher)
                        .filter(Matcher::matches).map(m -> Long.parseLong(m.group(1))).orElse(-1L);
                return total == offset ? new Attempt(offset, false) : new Attempt(0, true);
            }
            if (status == 206) {
                Matcher m = CONTENT_RANGE.matcher(r.headers().firstValue("Content-Range").orElse(""));
                if (!m.matches() || Long.parseLong(m.group(1)) != offset) return new Attempt(0, true);
            } else if (status == 200) {
                if (offset > 0) return new Attempt(0, true);
                saveValidator(r, validatorFile);
            } else {
                throw refusal(url, status);
            }
            long length = r.headers().firstValueAsLong("Content-Length").orElse(-1);
            long received = copy(body, file, digest, progress, monitor);
            if (length >= 0 && received < length) {
                throw new Interrupted(new IOException("the connection closed after " + received + " of " + length
                        + " bytes"), received > 0);
            }
            return new Attempt(offset + received, false);
        }
    }

    /** Copies a response body to the end of the file; a network failure becomes {@link Interrupted}. */
    private long copy(InputStream body, Path file, MessageDigest digest, Progress progress, Monitor monitor)
            throws IOException {
        AtomicLong lastByte = new AtomicLong(System.nanoTime());
        long stallNanos = config.stallTimeout().toNanos();
        boolean[] stalled = {false};
        // a blocked read cannot see the cancel flag: a watchdog closes the stream, which makes the read fail
        ScheduledFuture<?> watchdog = WATCHDOG.scheduleAtFixedRate(() -> {
            boolean stall = System.nanoTime() - lastByte.get() > stallNanos;
            if (monitor.isCancelled() || stall) {
                stalled[0] |= stall;
                try {
                    body.close();
                } catch (IOException e) {
                    // closing is the whole point; a failure to close leaves the read to time out on its own
                    lastByte.set(System.nanoTime());
                }
            }
        }, 200, 200, TimeUnit.MILLISECONDS);
        long received = 0;
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            byte[] buf = new byte[CHUNK];
            while (true) {
                int n;
                try {
                    n = body.read(buf);
                } catch (IOException e) {
                    monitor.checkCancelled();
                    throw new Interrupted(stalled[0] ? new HttpTimeoutException("no data for "
                            + config.stallTimeout().toSeconds() + " s") : e, received > 0);
                }
                if (n < 0) break;
                lastByte.set(System.nanoTime());
                try {
                    ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                    while (bb.hasRemaining()) out.write(bb);
                } catch (IOException e) {
                    throw new ModelException("Could not write " + file + " (" + ModelStore.describe(e)
                            + "); the disk may be full: free some space and install again to resume.", e);
                }
                digest.update(buf, 0, n);
                received += n;
                if (progress != null) progress.add(n);
                monitor.checkCancelled();
            }
        } finally {
            watchdog.cancel(false);
        }
        return received;
    }

    private static void saveValidator(HttpResponse<?> r, Path validatorFile) throws IOException {
        Optional<String> etag = r.headers().firstValue("ETag").filter(e -> !e.startsWith("W/"));
        Optional<String> v = etag.isPresent() ? etag : r.headers().firstValue("Last-Modified");
        if (v.isPresent()) Files.writeString(validatorFile, v.get(), StandardCharsets.UTF_8);
        else Files.deleteIfExists(validatorFile);
    }

    private static long restart(Path file, Path validatorFile, Progress progress, long had) throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(validatorFile);
        if (progress != null) progress.subtract(had);
        return 0;
    }

    private static ModelException refusal(URI url, int status) {
        String why = switch (status) {
            case 404, 410 -> "it was not found there (HTTP " + status + "); the file may have moved: check for a newer"
                    + " Inpaint-IJ or report it";
            case 401, 403 -> "access was refused (HTTP " + status + "); this model may need you to log in on its "
                    + "page and accept its terms, then download it by hand and use models import";
            case 429 -> "the server asks to slow down (HTTP 429); try again later";
            default -> "the server answered HTTP " + status + (status >= 500 ? "; try again later" : "");
        };
        return new ModelException("Could not download " + url + ": " + why + ".");
    }

    private static ModelException networkFailure(URI url, IOException e) {
        String host = url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
        String why;
        if (e instanceof ConnectException) {
            why = "could not connect to " + host + " (connection refused); check the address, your network and proxy"
                    + " settings";
        } else if (e instanceof UnknownHostException || e.getCause() instanceof UnknownHostException) {
            why = "the host " + url.getHost() + " is unknown; check your network connection and proxy settings";
        } else if (e instanceof HttpConnectTimeoutException) {
            why = "connecting to " + host + " timed out; check your network connection and proxy settings";
        } else if (e instanceof HttpTimeoutException) {
            why = "the server stopped sending (" + e.getMessage() + ")";
        } else {
            why = "the connection failed (" + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName())
                    + ")";
        }
        return new ModelException("Could not download " + url + ": " + why + "; what was downloaded is kept, and"
                + " installing again resumes it.", e);
    }

    /** Waits {@code d}, checking the monitor's cancel flag every 100 ms (the hub's listing retries with it too). */
    static void sleep(Duration d, Monitor monitor) {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            monitor.checkCancelled();
            try {
                Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException();
            }
        }
    }

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "inpaint-ij-download-watchdog");
        t.setDaemon(true);
        return t;
    });
}
