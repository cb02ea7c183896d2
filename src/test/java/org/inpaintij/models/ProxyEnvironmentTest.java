package org.inpaintij.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.Monitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proxies as clusters configure them ({@code HTTPS_PROXY}, {@code HTTP_PROXY}, {@code NO_PROXY}), and the JVM's
 * properties, which keep working: the choice per URL, and installs through a forwarding proxy written here
 * ({@link TestProxy}) to a mirror only that proxy can reach. HTTPS through a proxy (a CONNECT tunnel) is chosen
 * the same way but not run here: that needs a TLS server.
 */
class ProxyEnvironmentTest {

    @TempDir
    Path tmp;

    TestServer server;
    TestProxy proxy;
    Map<String, byte[]> files;
    ModelDescriptor tiny;

    @BeforeEach
    void setUp() throws IOException {
        server = new TestServer();
        proxy = new TestProxy();
        files = TestModels.files(21);
        TestModels.serve(server, "mirror/tiny", files);
        tiny = TestModels.parse(TestModels.descriptor("tiny", "https://unreachable.invalid/tiny/", files, p -> true));
    }

    @AfterEach
    void tearDown() throws IOException {
        server.close();
        proxy.close();
    }

    private static ProxyEnvironment env(Map<String, String> env) {
        return new ProxyEnvironment(env, new Properties(), null);
    }

    private static String chosen(ProxyEnvironment p, String url) {
        Proxy x = p.select(URI.create(url)).get(0);
        if (x.type() == Proxy.Type.DIRECT) return "DIRECT";
        InetSocketAddress a = (InetSocketAddress) x.address();
        return a.getHostString() + ":" + a.getPort();
    }

    @Test
    void eachSchemeTakesItsVariableAndLowerCaseWins() {
        ProxyEnvironment p = env(Map.of("HTTPS_PROXY", "http://secure.proxy:3128", "http_proxy", "plain.proxy:8080",
                "HTTP_PROXY", "http://ignored:1"));
        assertEquals("secure.proxy:3128", chosen(p, "https://huggingface.co/x/resolve/main/unet/model.onnx"));
        assertEquals("plain.proxy:8080", chosen(p, "http://mirror.lab.org/models/a"));
        assertEquals("all.proxy:80", chosen(env(Map.of("ALL_PROXY", "http://all.proxy")), "https://h.org/"));
        assertEquals("DIRECT", chosen(env(Map.of()), "https://huggingface.co/"));
    }

    @Test
    void noProxyNamesHostsDomainsAddressesRangesAndPorts() {
        ProxyEnvironment p = env(Map.of("HTTPS_PROXY", "proxy:3128", "HTTP_PROXY", "proxy:3128", "NO_PROXY",
                "localhost, .lab.org,*.internal  example.com:8443,10.0.0.0/8,[::1],192.168.1.7"));
        assertEquals("DIRECT", chosen(p, "http://localhost:9000/m"));
        assertEquals("DIRECT", chosen(p, "http://mirror.lab.org/m"));
        assertEquals("DIRECT", chosen(p, "http://lab.org/m"));
        assertEquals("DIRECT", chosen(p, "http://a.b.internal/m"));
        assertEquals("DIRECT", chosen(p, "https://example.com:8443/m"));
        assertEquals("proxy:3128", chosen(p, "https://example.com/m"), "another port");
        assertEquals("DIRECT", chosen(p, "http://10.20.30.40/m"));
        assertEquals("proxy:3128", chosen(p, "http://11.0.0.1/m"));
        assertEquals("DIRECT", chosen(p, "http://[::1]:8080/m"));
        assertEquals("DIRECT", chosen(p, "http://192.168.1.7/m"));
        assertEquals("proxy:3128", chosen(p, "http://notlab.org/m"), "a suffix counts only at a dot");
        assertEquals("proxy:3128", chosen(p, "https://huggingface.co/m"));
        assertEquals("DIRECT", chosen(env(Map.of("HTTPS_PROXY", "proxy:1", "no_proxy", "*")), "https://a.org/"));
    }

    @Test
    void theJvmsPropertiesWinOverTheEnvironment() {
        Properties props = new Properties();
        props.setProperty("https.proxyHost", "jvm.proxy");
        ProxySelector jvm = new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("jvm.proxy", 8888)));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
        };
        ProxyEnvironment p = new ProxyEnvironment(Map.of("HTTPS_PROXY", "env.proxy:1"), props, jvm);
        assertEquals("jvm.proxy:8888", chosen(p, "https://huggingface.co/"));
    }

    @Test
    void aProxyJavaCannotUseIsOneSentence() {
        for (String bad : List.of("socks5://proxy:1080", "https://proxy:443", "http://user:secret@proxy:3128",
                "http://")) {
            BadInputException e = assertThrows(BadInputException.class,
                    () -> env(Map.of("HTTPS_PROXY", bad)).check(), bad);
            assertTrue(e.getMessage().startsWith("The proxy in HTTPS_PROXY ('" + bad + "') is not usable"),
                    e.getMessage());
        }
    }

    private InstalledModel install(ProxyEnvironment proxies, URI mirror) {
        ModelStore store = new ModelStore(tmp.resolve("models-" + System.nanoTime()));
        Settings settings = Settings.at(tmp.resolve("settings.properties"));
        settings.acceptLicense(tiny);
        return new ModelInstaller(store, settings, new Downloader(TestServer.FAST, proxies), mirror).install(tiny,
                Monitor.NONE);
    }

    @Test
    void anInstallGoesThroughHttpProxyToAMirrorOnlyTheProxyReaches() throws IOException {
        URI mirror = URI.create("http://models.example.test:" + server.base().getPort() + "/mirror");
        InstalledModel m = install(env(Map.of("HTTP_PROXY", proxy.url())), mirror);
        assertTrue(Files.isRegularFile(m.folder().resolve("unet/weights.pb")));
        List<String> seen = proxy.urls();
        assertFalse(seen.isEmpty());
        assertTrue(seen.stream().allMatch(u -> u.startsWith("http://models.example.test:" + server.base().getPort()
                + "/mirror/tiny/")), seen.toString());
        assertTrue(seen.contains("http://models.example.test:" + server.base().getPort()
                + "/mirror/tiny/unet/weights.pb"), seen.toString());
    }

    @Test
    void noProxyExemptsALocalMirror() {
        URI mirror = server.base().resolve("mirror");
        InstalledModel m = install(env(Map.of("HTTP_PROXY", proxy.url(), "NO_PROXY", "127.0.0.1")), mirror);
        assertTrue(Files.isRegularFile(m.folder().resolve("unet/weights.pb")));
        assertEquals(List.of(), proxy.urls(), "the local mirror was reached directly");
        assertFalse(server.requests("mirror/tiny/unet/weights.pb").isEmpty());
    }

    @Test
    void theJvmsProxyPropertiesStillWork() {
        String[] keys = {"http.proxyHost", "http.proxyPort", "http.nonProxyHosts"};
        String[] old = new String[keys.length];
        for (int i = 0; i < keys.length; i++) old[i] = System.getProperty(keys[i]);
        try {
            System.setProperty("http.proxyHost", "127.0.0.1");
            System.setProperty("http.proxyPort", Integer.toString(proxy.port()));
            System.setProperty("http.nonProxyHosts", "");
            URI mirror = URI.create("http://models.example.test:" + server.base().getPort() + "/mirror");
            install(new ProxyEnvironment(Map.of(), System.getProperties(), ProxySelector.getDefault()), mirror);
            assertFalse(proxy.urls().isEmpty());
        } finally {
            for (int i = 0; i < keys.length; i++) {
                if (old[i] == null) System.clearProperty(keys[i]);
                else System.setProperty(keys[i], old[i]);
            }
        }
    }
}
