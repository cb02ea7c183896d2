package org.inpaintij.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.inpaintij.core.Monitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installing from a stand-in for the model hub ({@link MockHub}): the descriptor pins a commit, publishes the size
 * and SHA-256 of some files and the rounded size of others, and leaves one folder to the hub's listing. Only good
 * files install; a body cut short without a Content-Length, corrupted bytes and a listing that disagrees with the
 * descriptor each leave nothing installed.
 */
class HubInstallTest {

    static final String REPO = "someone/tiny-inpainting-onnx";
    static final String REV = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path tmp;

    MockHub hub;
    MockHub.Repo repo;
    Map<String, byte[]> files;
    ModelStore store;
    Settings settings;

    @BeforeEach
    void setUp() throws IOException {
        hub = new MockHub();
        hub.pageSize = 3;
        files = TestModels.files(21);
        repo = hub.repo(REPO, REV).putAll(files);
        repo.put(".gitattributes", "*.onnx filter=lfs diff=lfs merge=lfs -text\n".getBytes());
        store = new ModelStore(tmp.resolve("models"));
        settings = Settings.at(tmp.resolve("settings.properties"));
    }

    @AfterEach
    void tearDown() {
        hub.close();
    }

    /** unet/ pinned by the descriptor, tokenizer/ left to the listing, everything else with its shown size. */
    ModelDescriptor descriptor() {
        ModelDescriptor d = TestModels.parseShipped(TestModels.hubDescriptor("tiny", hub, REPO, REV, files,
                p -> p.startsWith("unet/"), "tokenizer/"));
        settings.acceptLicense(d);
        return d;
    }

    InstalledModel install(ModelDescriptor d) {
        return new ModelInstaller(store, settings, new Downloader(TestServer.FAST), null).install(d, Monitor.NONE);
    }

    List<TestServer.Request> downloads() {
        return hub.server().requests().stream().filter(r -> !r.path().startsWith("/api/")).toList();
    }

    void assertNothingInstalled() {
        assertTrue(store.installed().isEmpty());
        assertFalse(Files.exists(store.folder("tiny")));
        assertFalse(Files.exists(store.partial("tiny")), "nothing kept for resuming a bad download");
    }

    @Test
    void goodFilesInstallEachConfirmedByTheDescriptorOrTheHub() throws IOException {
        ModelDescriptor d = descriptor();
        InstalledModel m = install(d);

        assertEquals(files.size(), m.manifest().files().size(), "the listed folder brought its files");
        for (Manifest.PinnedFile f : m.manifest().files()) {
            byte[] want = files.get(f.path());
            assertArrayEquals(want, Files.readAllBytes(m.folder().resolve(f.path())), f.path());
            assertEquals(TestModels.sha256(want), f.sha256(), f.path());
            assertEquals(f.path().startsWith("unet/") ? Manifest.BY_DESCRIPTOR : Manifest.BY_HUB, f.pinnedBy(),
                    f.path());
            assertEquals(Files.getLastModifiedTime(m.folder().resolve(f.path())).toMillis(), f.modified(), f.path());
        }
        assertFalse(Files.exists(m.folder().resolve(".gitattributes")), "only the model's files are installed");
        assertEquals(null, m.manifest().trustNote());
        // the listing was read page by page (3 entries each), once
        List<TestServer.Request> api = hub.server().requests().stream().filter(r -> r.path().startsWith("/api/"))
                .toList();
        assertTrue(api.size() >= 5, "every page of the listing was read: " + api.size());
        assertTrue(api.stream().allMatch(r -> r.path().equals("/api/models/" + REPO + "/tree/" + REV)));
        // LFS files came through the hub's redirect to its storage
        assertEquals(1, hub.server().requests(repo.resolvePath("unet/weights.pb")).size());
    }

    @Test
    void aBodyCutShortWithoutContentLengthIsRefused() {
        ModelDescriptor d = descriptor();
        // the UNet graph's size is published by the descriptor, the text encoder's only by the hub's listing
        hub.server().truncate(repo.resolvePath("text_encoder/model.onnx"), 25_000);
        ModelException e = assertThrows(ModelException.class, () -> install(d));
        assertEquals("The download of text_encoder/model.onnx for model 'tiny' has 25000 bytes instead of the 40000 "
                + "that the hub's listing of " + REPO + " at " + REV + " gives; it was discarded, and nothing was "
                + "installed (the connection may have ended early without notice, or the file changed: install "
                + "again, or check for a newer Inpaint-IJ).", e.getMessage());
        assertNothingInstalled();
    }

    @Test
    void aSmallGitFileCutShortIsRefusedToo() {
        ModelDescriptor d = descriptor();
        String path = "scheduler/scheduler_config.json";
        hub.server().truncate(repo.resolvePath(path), 10);
        ModelException e = assertThrows(ModelException.class, () -> install(d));
        assertTrue(e.getMessage().startsWith("The download of " + path + " for model 'tiny' has 10 bytes instead of the "
                + files.get(path).length + " that the hub's listing"), e.getMessage());
        assertNothingInstalled();
    }

    @Test
    void corruptedBytesAreRefusedByTheHubsSha256() {
        ModelDescriptor d = descriptor();
        byte[] bad = files.get("vae_decoder/model.onnx").clone();
        bad[1234] ^= 0x10;
        hub.server().put(repo.resolvePath("vae_decoder/model.onnx"), bad);
        ModelException e = assertThrows(ModelException.class, () -> install(d));
        assertEquals("The download of vae_decoder/model.onnx for model 'tiny' has SHA-256 " + TestModels.sha256(bad)
                + " instead of the " + TestModels.sha256(files.get("vae_decoder/model.onnx")) + " that the hub's "
                + "listing of " + REPO + " at " + REV + " gives; it was discarded, and nothing was installed (the "
                + "download was corrupted, or the file on the server changed).", e.getMessage());
        assertNothingInstalled();
    }

    @Test
    void corruptedBytesOfAGitFileAreRefusedByItsBlobId() {
        ModelDescriptor d = descriptor();
        String path = "tokenizer/merges.txt";
        byte[] bad = files.get(path).clone();
        bad[2] ^= 0x01;
        hub.server().put(repo.resolvePath(path), bad);
        ModelException e = assertThrows(ModelException.class, () -> install(d));
        assertTrue(e.getMessage().startsWith("The download of " + path + " for model 'tiny' has git blob id "
                + MockHub.gitBlobId(bad) + " instead of the " + MockHub.gitBlobId(files.get(path)) + " that the hub's "
                + "listing"), e.getMessage());
        assertNothingInstalled();
    }

    @Test
    void corruptedBytesOfAFileTheDescriptorPinsAreRefusedByItsSha256() {
        ModelDescriptor d = descriptor();
        byte[] bad = files.get("unet/weights.pb").clone();
        bad[bad.length - 1] ^= 0x7f;
        hub.server().put(repo.resolvePath("unet/weights.pb"), bad);
        ModelException e = assertThrows(ModelException.class, () -> install(d));
        assertTrue(e.getMessage().contains("instead of the " + TestModels.sha256(files.get("unet/weights.pb"))
                + " that the descriptor gives"), e.getMessage());
        assertNothingInstalled();
    }

    @Test
    void aListingThatDisagreesWithTheDescriptorStopsTheInstallBeforeAnyDownload() {
        ModelDescriptor d = descriptor();
        // the hub now lists other weights than the descriptor publishes, and a text encoder of another size
        repo.listAs("unet/weights.pb", files.get("unet/weights.pb").length, "ab".repeat(32));
        repo.listAs("text_encoder/model.onnx", 90_000, null);
        ModelException e = assertThrows(ModelException.class, () -> install(d));
        assertEquals("The hub's listing of " + REPO + " at " + REV + " disagrees with the descriptor of model 'tiny', "
                + "so nothing was downloaded (check for a newer Inpaint-IJ, or report it): text_encoder/model.onnx: the "
                + "hub lists 90000 bytes, which is not the 40 kB its page showed; unet/weights.pb: the descriptor "
                + "gives SHA-256 " + TestModels.sha256(files.get("unet/weights.pb")) + ", the hub lists "
                + "ab".repeat(32) + ".", e.getMessage());
        assertEquals(List.of(), downloads());
        assertNothingInstalled();
    }

    @Test
    void aFileTheHubDoesNotListStopsTheInstall() throws IOException {
        MockHub.Repo other = hub.repo(REPO, "fedcba9876543210fedcba9876543210fedcba98");
        for (var e : files.entrySet()) if (!e.getKey().equals("vae_encoder/model.onnx")) other.put(e.getKey(), e.getValue());
        ModelDescriptor d = TestModels.parseShipped(TestModels.hubDescriptor("tiny", hub, REPO,
                "fedcba9876543210fedcba9876543210fedcba98", files, p -> false));
        settings.acceptLicense(d);
        ModelException e = assertThrows(ModelException.class, () -> install(d));
        assertTrue(e.getMessage().endsWith("vae_encoder/model.onnx is not in the hub's listing of " + REPO + " at "
                + "fedcba9876543210fedcba9876543210fedcba98."), e.getMessage());
        assertEquals(List.of(), downloads());
    }

    @Test
    void aRevisionTheHubDoesNotHaveIsOneSentenceAndNothingIsDownloaded() {
        String rev = "1111111111111111111111111111111111111111";
        ModelDescriptor d = TestModels.parseShipped(TestModels.hubDescriptor("tiny", hub, REPO, rev, files,
                p -> p.startsWith("unet/")));
        settings.acceptLicense(d);
        ModelException e = assertThrows(ModelException.class, () -> install(d));
        assertEquals("Cannot install model 'tiny' (nothing was downloaded): could not read the hub's listing of " + REPO
                + " at " + rev + " from " + HubClient.treeUrl(hub.endpoint(), REPO, rev) + ": the hub has no model "
                + "repository " + REPO + " at revision " + rev + " (HTTP 404); it may have been deleted or made "
                + "private.", e.getMessage());
        assertEquals(List.of(), downloads());
        assertNothingInstalled();
    }

    @Test
    void aMirrorSuppliesTheBytesAndTheHubStillConfirmsThem() throws IOException {
        ModelDescriptor d = descriptor();
        TestModels.serve(hub.server(), "mirror/tiny", files);
        byte[] bad = files.get("text_encoder/model.onnx").clone();
        bad[0] ^= 1;
        hub.server().put("mirror/tiny/text_encoder/model.onnx", bad);
        ModelInstaller viaMirror = new ModelInstaller(store, settings, new Downloader(TestServer.FAST),
                hub.server().base().resolve("mirror"));
        ModelException e = assertThrows(ModelException.class, () -> viaMirror.install(d, Monitor.NONE));
        assertTrue(e.getMessage().contains("text_encoder/model.onnx") && e.getMessage().contains("the hub's listing"),
                e.getMessage());
        hub.server().put("mirror/tiny/text_encoder/model.onnx", files.get("text_encoder/model.onnx"));
        InstalledModel m = viaMirror.install(d, Monitor.NONE);
        assertEquals(files.size(), m.manifest().files().size());
        assertTrue(downloads().stream().allMatch(r -> r.path().startsWith("/mirror/")), "bytes only from the mirror");
    }

    @Test
    void shippedDescriptorsCannotTakeAFileFromAnUnpinnedOrForeignUrl() {
        String json = TestModels.hubDescriptor("tiny", hub, REPO, REV, files, p -> true);
        String unpinned = json.replace("/resolve/" + REV + "/", "/resolve/main/");
        assertTrue(assertThrows(org.inpaintij.core.BadInputException.class,
                () -> TestModels.parseShipped(unpinned)).getMessage().contains("'baseUrl'; expected a hub URL pinned "
                        + "to a commit"));
        String foreign = json.replace("\"path\":\"unet/model.onnx\"", "\"path\":\"unet/model.onnx\",\"url\":"
                + "\"https://example.org/unet.onnx\"");
        assertTrue(assertThrows(org.inpaintij.core.BadInputException.class,
                () -> TestModels.parseShipped(foreign)).getMessage().contains("'unet/model.onnx.url'; expected a hub "
                        + "URL pinned to a commit"));
    }
}
