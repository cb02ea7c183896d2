package org.inpaintij.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.CancelledException;
import org.inpaintij.core.Monitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Installs tiny models from a local HTTP server that behaves well, badly, or not at all. */
class ModelInstallerTest {

    static final Downloader.Config FAST = TestServer.FAST;

    @TempDir
    Path tmp;

    TestServer server;
    Map<String, byte[]> files;
    ModelStore store;
    Settings settings;

    @BeforeEach
    void setUp() throws IOException {
        server = new TestServer();
        files = TestModels.files(7);
        TestModels.serve(server, "hub/tiny", files);
        store = new ModelStore(tmp.resolve("models"));
        settings = Settings.at(tmp.resolve("settings.properties"));
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    ModelDescriptor descriptor(String base, java.util.function.Predicate<String> published) {
        ModelDescriptor d = TestModels.parse(TestModels.descriptor("tiny", base, files, published));
        settings.acceptLicense(d);
        return d;
    }

    ModelInstaller installer() {
        return new ModelInstaller(store, settings, new Downloader(FAST), null);
    }

    void assertInstalledExactly(InstalledModel m) throws IOException {
        assertEquals(store.root().resolve("tiny"), m.folder());
        for (var e : files.entrySet()) {
            assertArrayEquals(e.getValue(), Files.readAllBytes(m.folder().resolve(e.getKey())), e.getKey());
            Manifest.PinnedFile p = m.manifest().files().stream().filter(f -> f.path().equals(e.getKey()))
                    .findFirst().orElseThrow();
            assertEquals(TestModels.sha256(e.getValue()), p.sha256(), e.getKey());
            assertEquals(e.getValue().length, p.size(), e.getKey());
        }
        assertFalse(Files.exists(store.partial("tiny")), "the staging folder is gone once installed");
        try (var s = Files.walk(m.folder())) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".part") || n.endsWith(".etag") || n.startsWith(".")).toList());
        }
    }

    @Test
    void completeInstallPinsEveryHashAndIsUsableByName() throws IOException {
        ModelDescriptor d = descriptor(server.base() + "hub/tiny/", p -> p.startsWith("unet/"));
        InstalledModel m = installer().install(d, Monitor.NONE);

        assertInstalledExactly(m);
        for (Manifest.PinnedFile f : m.manifest().files()) {
            assertEquals(f.path().startsWith("unet/") ? "descriptor" : Manifest.BY_FIRST_USE, f.pinnedBy(), f.path());
        }
        assertEquals(ModelKind.INPAINTING, m.kind());
        assertEquals(20, m.manifest().defaults().steps());
        assertEquals("Test Licence 1.0", m.manifest().license().name());
        // the manifest on disk says the same as the one returned
        assertEquals(m.manifest(), Manifest.read(m.folder()));

        ModelResolver resolver = new ModelResolver(store, ModelCatalog.of(List.of(d)));
        assertEquals(m.folder(), resolver.resolve("tiny"));
        assertEquals(m.folder(), resolver.resolve(null));
        assertTrue(store.verify("tiny", d, Monitor.NONE).ok());
        // one request per file: nothing was fetched twice
        assertEquals(files.size(), server.requests().size());
    }

    @Test
    void droppedConnectionIsResumedWithARangeRequest() throws IOException {
        server.dropAfter("hub/tiny/unet/weights.pb", 1_000_000, 1);
        ModelDescriptor d = descriptor(server.base() + "hub/tiny/", p -> true);
        InstalledModel m = installer().install(d, Monitor.NONE);

        assertInstalledExactly(m);
        List<TestServer.Request> reqs = server.requests("hub/tiny/unet/weights.pb");
        assertEquals(2, reqs.size());
        assertNull(reqs.get(0).range());
        long start = Long.parseLong(reqs.get(1).range().replaceAll("bytes=(\\d+)-", "$1"));
        assertTrue(start > 0 && start <= 1_000_000, "resumed from the bytes already received: " + start);
        assertEquals(TestServer.etag(files.get("unet/weights.pb")), reqs.get(1).ifRange());
    }

    @Test
    void stalledConnectionIsAbandonedAndResumed() throws IOException {
        server.stallAfter("hub/tiny/unet/weights.pb", 500_000, 1);
        ModelDescriptor d = descriptor(server.base() + "hub/tiny/", p -> true);
        long t0 = System.nanoTime();
        InstalledModel m = installer().install(d, Monitor.NONE);
        double seconds = (System.nanoTime() - t0) / 1e9;

        assertInstalledExactly(m);
        List<TestServer.Request> reqs = server.requests("hub/tiny/unet/weights.pb");
        assertEquals(2, reqs.size());
        assertTrue(reqs.get(1).range().startsWith("bytes="), "second request resumes");
        assertTrue(seconds < 20, "the stall was given up after the 1 s stall timeout, not the server's 60 s: "
                + seconds);
    }

    @Test
    void cancelledInstallLeavesNoModelAndTheNextInstallResumes() throws IOException {
        ModelDescriptor d = descriptor(server.base() + "hub/tiny/", p -> p.equals("unet/weights.pb"));
        Monitor cancelHalfway = new Monitor() {
            double done;

            @Override
            public void progress(double fraction, String status) {
                done = fraction;
            }

            @Override
            public boolean isCancelled() {
                return done > 0.5;
            }
        };
        server.throttle("hub/tiny/unet/weights.pb", 4_000_000);
        assertThrows(CancelledException.class, () -> installer().install(d, cancelHalfway));

        assertTrue(store.installed().isEmpty());
        assertFalse(Files.exists(store.folder("tiny")));
        Path part = store.partial("tiny").resolve("unet/weights.pb.part");
        long had = Files.size(part);
        assertTrue(had > 0 && had < TestModels.WEIGHTS, "part of the weights were kept: " + had);
        BadInputException e = assertThrows(BadInputException.class,
                () -> new ModelResolver(store, ModelCatalog.of(List.of(d))).resolve("tiny"));
        assertTrue(e.getMessage().startsWith("Model 'tiny' is not installed"), e.getMessage());

        server.unthrottle();
        InstalledModel m = installer().install(d, Monitor.NONE);
        assertInstalledExactly(m);
        List<TestServer.Request> reqs = server.requests("hub/tiny/unet/weights.pb");
        assertEquals("bytes=" + had + "-", reqs.get(reqs.size() - 1).range());
        // files finished before the cancel were not downloaded again
        assertEquals(1, server.requests("hub/tiny/text_encoder/model.onnx").size());
    }

    /** Cancels an install once more than half of the expected bytes are in. */
    static Monitor cancelHalfway() {
        return new Monitor() {
            double done;

            @Override
            public void progress(double fraction, String status) {
                done = fraction;
            }

            @Override
            public boolean isCancelled() {
                return done > 0.5;
            }
        };
    }

    @Test
    void aServerWithoutRangesIsDownloadedAgainFromTheStart() throws IOException {
        ModelDescriptor d = descriptor(server.base() + "hub/tiny/", p -> p.equals("unet/weights.pb"));
        server.throttle("hub/tiny/unet/weights.pb", 4_000_000).noRanges("hub/tiny/unet/weights.pb");
        assertThrows(CancelledException.class, () -> installer().install(d, cancelHalfway()));
        server.unthrottle();
        InstalledModel m = installer().install(d, Monitor.NONE);
        assertInstalledExactly(m);
        List<TestServer.Request> reqs = server.requests("hub/tiny/unet/weights.pb");
        assertEquals(3, reqs.size(), "the 200 answer to the range request was dropped and the file fetched whole");
        assertTrue(reqs.get(1).range() != null, "a range was asked for");
        assertNull(reqs.get(2).range());
    }

    @Test
    void aFileThatChangedOnTheServerIsNotSpliced() throws IOException {
        ModelDescriptor d = descriptor(server.base() + "hub/tiny/", p -> false);
        server.throttle("hub/tiny/unet/weights.pb", 4_000_000);
        assertThrows(CancelledException.class, () -> installer().install(d, cancelHalfway()));
        byte[] updated = files.get("unet/weights.pb").clone();
        for (int i = 0; i < updated.length; i += 1000) updated[i] ^= 0x5a;
        files.put("unet/weights.pb", updated);
        server.put("hub/tiny/unet/weights.pb", updated);
        server.unthrottle();

        InstalledModel m = installer().install(d, Monitor.NONE);
        assertInstalledExactly(m);
        TestServer.Request resumed = server.requests("hub/tiny/unet/weights.pb").get(1);
        assertTrue(resumed.range() != null && resumed.ifRange() != null, "asked to resume only if unchanged");
    }

    @Test
    void wrongChecksumIsRefusedAndNothingIsLeft() {
        ModelDescriptor good = descriptor(server.base() + "hub/tiny/", p -> true);
        files.put("vae_decoder/model.onnx", new byte[30_000]);
        // the descriptor publishes the hash of the real file; the server now sends other bytes of the same size
        TestModels.serve(server, "hub/tiny", Map.of("vae_decoder/model.onnx", files.get("vae_decoder/model.onnx")));

        ModelException e = assertThrows(ModelException.class, () -> installer().install(good, Monitor.NONE));
        assertTrue(e.getMessage().contains("vae_decoder/model.onnx") && e.getMessage().contains("SHA-256")
                && e.getMessage().contains("nothing was installed"), e.getMessage());
        assertTrue(store.installed().isEmpty());
        assertFalse(Files.exists(store.folder("tiny")));
        assertFalse(Files.exists(store.partial("tiny")), "the bad download is not kept for resuming");
    }

    @Test
    void wrongSizeIsRefused() {
        ModelDescriptor good = descriptor(server.base() + "hub/tiny/", p -> true);
        TestModels.serve(server, "hub/tiny", Map.of("unet/model.onnx", new byte[19_000]));
        ModelException e = assertThrows(ModelException.class, () -> installer().install(good, Monitor.NONE));
        assertTrue(e.getMessage().contains("19000 bytes instead of the 20000 that the descriptor gives"), e.getMessage());
        assertTrue(store.installed().isEmpty());
    }

    @Test
    void notFoundIsReportedWithTheUrl() {
        ModelDescriptor d = descriptor(server.base() + "hub/elsewhere/", p -> false);
        ModelException e = assertThrows(ModelException.class, () -> installer().install(d, Monitor.NONE));
        assertTrue(e.getMessage().startsWith("Could not download " + server.base() + "hub/elsewhere/model_index.json"
                + ": it was not found there (HTTP 404)"), e.getMessage());
        assertEquals(1, server.requests().size(), "a 404 is not retried");
        assertTrue(store.installed().isEmpty());
    }

    @Test
    void aFailureOrCancelBeforeAnyByteLeavesNoFolderBehind() throws IOException {
        Path partials = store.root().resolve(ModelStore.PARTIAL);
        // not found: the staging folder used to stay behind, empty
        ModelDescriptor d = descriptor(server.base() + "hub/elsewhere/", p -> false);
        assertThrows(ModelException.class, () -> installer().install(d, Monitor.NONE));
        assertFalse(Files.exists(partials), "no empty .partial/tiny, no empty .partial");
        // cancelled before the first byte
        Monitor cancelled = new Monitor() {
            @Override
            public void progress(double fraction, String status) {}

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThrows(CancelledException.class, () -> installer().install(descriptor(server.base() + "hub/tiny/",
                p -> true), cancelled));
        assertFalse(Files.exists(partials));
        // a proxy variable Java cannot use: one sentence, before any request
        Downloader badProxy = new Downloader(FAST, new ProxyEnvironment(Map.of("HTTP_PROXY", "socks5://p:1080"),
                new java.util.Properties(), null));
        BadInputException e = assertThrows(BadInputException.class, () -> new ModelInstaller(store, settings,
                badProxy, null).install(descriptor(server.base() + "hub/tiny/", p -> true), Monitor.NONE));
        assertTrue(e.getMessage().startsWith("The proxy in HTTP_PROXY ('socks5://p:1080') is not usable"));
        assertFalse(Files.exists(partials));
        // bytes already downloaded are kept for resuming, and listed
        server.throttle("hub/tiny/unet/weights.pb", 4_000_000);
        assertThrows(CancelledException.class, () -> installer().install(descriptor(server.base() + "hub/tiny/",
                p -> p.equals("unet/weights.pb")), cancelHalfway()));
        assertTrue(store.partialBytes("tiny") > 0);
    }

    @Test
    void connectionRefusedIsReported() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ModelDescriptor d = descriptor(server.base() + "hub/tiny/", p -> false);
        URI mirror = URI.create("http://127.0.0.1:" + port + "/mirror/");
        ModelException e = assertThrows(ModelException.class,
                () -> new ModelInstaller(store, settings, new Downloader(FAST), mirror).install(d, Monitor.NONE));
        assertTrue(e.getMessage().contains("could not connect to 127.0.0.1:" + port + " (connection refused)"),
                e.getMessage());
        assertTrue(store.installed().isEmpty());
    }

    @Test
    void redirectsAreFollowed() throws IOException {
        for (String p : files.keySet()) server.redirect("resolve/tiny/" + p, "hub/tiny/" + p);
        ModelDescriptor d = descriptor(server.base() + "resolve/tiny/", p -> true);
        InstalledModel m = installer().install(d, Monitor.NONE);
        assertInstalledExactly(m);
        assertEquals(1, server.requests("resolve/tiny/unet/weights.pb").size());
        assertEquals(1, server.requests("hub/tiny/unet/weights.pb").size());
    }

    @Test
    void aResumeThroughARedirectKeepsItsRange() throws IOException {
        // the hub answers every file with a redirect to its storage; the resumed request must reach it intact
        for (String p : files.keySet()) server.redirect("resolve/tiny/" + p, "hub/tiny/" + p);
        server.dropAfter("hub/tiny/unet/weights.pb", 1_000_000, 1);
        ModelDescriptor d = descriptor(server.base() + "resolve/tiny/", p -> true);
        InstalledModel m = installer().install(d, Monitor.NONE);
        assertInstalledExactly(m);
        List<TestServer.Request> reqs = server.requests("hub/tiny/unet/weights.pb");
        assertEquals(2, reqs.size());
        assertTrue(reqs.get(1).range() != null && reqs.get(1).ifRange() != null, "Range and If-Range survive the "
                + "redirect");
    }

    @Test
    void mirrorReplacesEverySource() throws IOException {
        TestModels.serve(server, "mirror/tiny", files);
        ModelDescriptor d = descriptor("https://unreachable.invalid/tiny/", p -> true);
        InstalledModel m = new ModelInstaller(store, settings, new Downloader(FAST), server.base().resolve("mirror"))
                .install(d, Monitor.NONE);
        assertInstalledExactly(m);
        assertTrue(server.requests().stream().allMatch(r -> r.path().startsWith("/mirror/tiny/")));
    }

    @Test
    void fullDiskIsRefusedBeforeAnyDownload() {
        ModelDescriptor d = descriptor(server.base() + "hub/tiny/", p -> true);
        ModelStore tiny = new ModelStore(tmp.resolve("models"), folder -> 2_000_000L);
        ModelException e = assertThrows(ModelException.class,
                () -> new ModelInstaller(tiny, settings, new Downloader(FAST), null).install(d, Monitor.NONE));
        assertTrue(e.getMessage().startsWith("Not enough free disk space to install tiny: it needs about"),
                e.getMessage());
        assertTrue(e.getMessage().contains("only 2.0 MB are free"), e.getMessage());
        assertEquals(0, server.requests().size());
        assertTrue(tiny.installed().isEmpty());
    }

    @Test
    void freeSpaceCheckCountsWhatIsAlreadyDownloaded() throws IOException {
        ModelDescriptor d = descriptor(server.base() + "hub/tiny/", p -> true);
        // an earlier attempt got all of the weights but was stopped before it could move on
        Path part = store.partial("tiny").resolve("unet/weights.pb.part");
        Files.createDirectories(part.getParent());
        Files.write(part, files.get("unet/weights.pb"));
        long rest = d.expectedBytes() - TestModels.WEIGHTS;
        ModelStore snug = new ModelStore(tmp.resolve("models"), folder -> rest + ModelStore.MARGIN + 10);
        InstalledModel m = new ModelInstaller(snug, settings, new Downloader(FAST), null).install(d, Monitor.NONE);
        assertInstalledExactly(m);
        assertEquals(0, server.requests("hub/tiny/unet/weights.pb").size(), "a whole part file is not fetched again");
    }

    @Test
    void licenceMustBeAcceptedFirst() {
        ModelDescriptor d = TestModels.parse(TestModels.descriptor("tiny", server.base() + "hub/tiny/", files,
                p -> true));
        BadInputException e = assertThrows(BadInputException.class, () -> installer().install(d, Monitor.NONE));
        assertEquals("The licence of model 'tiny' (Test Licence 1.0, https://example.org/licence) has not been "
                + "accepted: accept it in Plugins > Inpainting > Inpainting Models..., or run `models install tiny "
                + "--accept-license`.", e.getMessage());
        assertEquals(0, server.requests().size());
    }

    @Test
    void installingAnInstalledModelDownloadsNothing() {
        ModelDescriptor d = descriptor(server.base() + "hub/tiny/", p -> true);
        InstalledModel first = installer().install(d, Monitor.NONE);
        int before = server.requests().size();
        InstalledModel again = installer().install(d, Monitor.NONE);
        assertEquals(first, again);
        assertEquals(before, server.requests().size());
    }
}
