package org.inpaintij.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;

import org.inpaintij.core.Monitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hub client on answers in the hub's own format. The first test serves, entry for entry, what the hub's tree
 * API answers for bert-base-uncased at dd4bc8b (the entries that huggingface.js's listFiles test expects from the
 * real hub, packages/hub/src/lib/list-files.spec.ts), split into two pages linked as the hub links them.
 */
class HubClientTest {

    static final String REV = "dd4bc8b21efa05ec961e3efc4ee5e3832a3679c7";

    TestServer server;
    final List<String> queries = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        server = new TestServer();
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    URI endpoint() {
        String b = server.base().toString();
        return URI.create(b.substring(0, b.length() - 1));
    }

    void answer(HttpExchange ex, int status, String body, String link) throws IOException {
        queries.add(ex.getRequestURI().getRawQuery());
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        if (link != null) ex.getResponseHeaders().add("Link", link);
        ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    @Test
    void readsTheHubsOwnListingAcrossPages() {
        String page1 = "[{\"type\":\"file\",\"oid\":\"dc08351d4dc0732d9c8af04070ced089b201ce2f\",\"size\":345,"
                + "\"path\":\".gitattributes\"},{\"type\":\"file\",\"oid\":\"fca794a5f07ff8f963fe8b61e3694b0fb7f955df\","
                + "\"size\":313,\"path\":\"config.json\"},{\"type\":\"file\",\"oid\":"
                + "\"ba5d19791be1dd7992e33bd61f20207b0f7f50a5\",\"size\":440473133,\"lfs\":{\"oid\":"
                + "\"097417381d6c7230bd9e3557456d726de6e83245ec8b24f529f60198a67b203a\",\"size\":440473133,"
                + "\"pointerSize\":134},\"path\":\"pytorch_model.bin\"}]";
        String page2 = "[{\"type\":\"file\",\"oid\":\"9eb98c817f04b051b3bcca591bcd4e03cec88018\",\"size\":536063208,"
                + "\"lfs\":{\"oid\":\"a7a17d6d844b5de815ccab5f42cad6d24496db3850a2a43d8258221018ce87d2\",\"size\":"
                + "536063208,\"pointerSize\":134},\"xetHash\":\"0f\",\"path\":\"tf_model.h5\"},{\"type\":\"directory\","
                + "\"oid\":\"aa536c4ea18073388b5b0bc791057a7296a00398\",\"size\":0,\"path\":\"coreml\"},{\"type\":"
                + "\"file\",\"oid\":\"fb140275c155a9c7c5a3b3e0e77a9e839594a938\",\"size\":231508,\"path\":\"vocab.txt\"}]";
        String path = "api/models/google-bert/bert-base-uncased/tree/" + REV;
        server.route(path, ex -> {
            String q = ex.getRequestURI().getRawQuery();
            if (q.contains("cursor=")) {
                answer(ex, 200, page2, null);
            } else {
                answer(ex, 200, page1, "<" + endpoint() + "/" + path + "?recursive=true&expand=false&cursor=ZXlKbWFX>;"
                        + " rel=\"next\"");
            }
        });
        HubClient.Listing l = new HubClient(new Downloader(TestServer.FAST)).tree(endpoint(),
                "google-bert/bert-base-uncased", REV, Monitor.NONE);

        assertEquals(List.of("recursive=true&expand=false", "recursive=true&expand=false&cursor=ZXlKbWFX"), queries);
        assertEquals(Set.of(".gitattributes", "config.json", "pytorch_model.bin", "tf_model.h5", "vocab.txt"),
                l.files().keySet(), "files only, from both pages");
        HubClient.HubFile bin = l.file("pytorch_model.bin");
        assertEquals(440473133L, bin.size());
        assertEquals("097417381d6c7230bd9e3557456d726de6e83245ec8b24f529f60198a67b203a", bin.lfsSha256());
        assertEquals("ba5d19791be1dd7992e33bd61f20207b0f7f50a5", bin.gitOid());
        HubClient.HubFile cfg = l.file("config.json");
        assertFalse(cfg.lfs());
        assertNull(cfg.lfsSha256());
        assertEquals("fca794a5f07ff8f963fe8b61e3694b0fb7f955df", cfg.gitOid());
        assertEquals(313, cfg.size());
    }

    @Test
    void theMockHubAnswersInTheSameShape() throws IOException {
        try (MockHub hub = new MockHub()) {
            byte[] weights = new byte[5000];
            weights[7] = 3;
            hub.repo("a/b", REV).put("unet/model.onnx", weights).put("model_index.json", "{}\n".getBytes());
            String body;
            try (var in = hub.endpoint().resolve("/api/models/a/b/tree/" + REV + "?recursive=true&expand=false")
                    .toURL().openStream()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Set<Set<String>> keySets = new java.util.HashSet<>();
            for (JsonElement e : JsonParser.parseString(body).getAsJsonArray()) {
                JsonObject o = e.getAsJsonObject();
                keySets.add(o.keySet());
                if (o.has("lfs")) {
                    assertEquals(Set.of("oid", "size", "pointerSize"), o.getAsJsonObject("lfs").keySet());
                    // the git oid of an LFS file is that of its pointer, whose size the entry gives
                    String pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:"
                            + TestModels.sha256(weights) + "\nsize 5000\n";
                    assertEquals(MockHub.gitBlobId(pointer.getBytes()), o.get("oid").getAsString());
                    assertEquals(pointer.length(), o.getAsJsonObject("lfs").get("pointerSize").getAsInt());
                }
            }
            assertEquals(Set.of(Set.of("type", "oid", "size", "path"), Set.of("type", "oid", "size", "lfs", "path")),
                    keySets, "the hub's entries: folders and git files, LFS files");
            HubClient.Listing l = new HubClient(new Downloader(TestServer.FAST)).tree(hub.endpoint(), "a/b", REV,
                    Monitor.NONE);
            assertEquals(TestModels.sha256(weights), l.file("unet/model.onnx").lfsSha256());
            assertEquals(MockHub.gitBlobId("{}\n".getBytes()), l.file("model_index.json").gitOid());
        }
    }

    @Test
    void somethingThatIsNotTheTreeApiIsOneSentence() {
        server.route("api/models/a/b/tree/" + REV, ex -> answer(ex, 200, "<html>login</html>", null));
        ModelException e = assertThrows(ModelException.class, () -> new HubClient(new Downloader(TestServer.FAST))
                .tree(endpoint(), "a/b", REV, Monitor.NONE));
        assertTrue(e.getMessage().startsWith("The answer of " + HubClient.treeUrl(endpoint(), "a/b", REV) + " is not the "
                + "hub's file listing ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("); the address may not be a model hub."), e.getMessage());
    }

    @Test
    void aGatedRepositoryIsSaidSo() {
        server.route("api/models/a/b/tree/" + REV, ex -> answer(ex, 401, "{\"error\":\"Access restricted\"}", null));
        ModelException e = assertThrows(ModelException.class, () -> new HubClient(new Downloader(TestServer.FAST))
                .tree(endpoint(), "a/b", REV, Monitor.NONE));
        assertTrue(e.getMessage().endsWith(": the hub refused access (HTTP 401); the repository may be gated or "
                + "private."), e.getMessage());
        assertEquals(1, queries.size(), "a refusal is not retried");
    }
}
