package org.inpaintij.models;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.inpaintij.core.BadInputException;

/**
 * The proxy for each download, chosen as clusters and institutes configure it: the JVM's own properties
 * ({@code https.proxyHost}, {@code http.proxyHost}, {@code socksProxyHost}, or
 * {@code java.net.useSystemProxies}) when any is set, else the environment variables {@code HTTPS_PROXY},
 * {@code HTTP_PROXY} and {@code ALL_PROXY} (lower case first, as curl reads them), with {@code NO_PROXY}
 * naming the hosts reached directly, a local mirror for instance.
 *
 * <p>{@code NO_PROXY} is read as curl and wget read it: a comma- or space-separated list of host names (an
 * entry matches the host and every host under it; a leading dot or {@code *.} is ignored), IP addresses,
 * CIDR ranges ({@code 10.0.0.0/8}), each optionally with {@code :PORT}, or {@code *} for all hosts. A proxy
 * value is {@code http://HOST:PORT} or {@code HOST:PORT} (port 80 if left out); Java's HTTP client talks to
 * HTTP proxies only, so {@code socks5://} and {@code https://} proxies, and credentials in the value, are refused
 * with a sentence.
 */
public final class ProxyEnvironment extends ProxySelector {

    private static final List<String> JVM_PROPERTIES = List.of("https.proxyHost", "http.proxyHost",
            "socksProxyHost");

    private final Map<String, String> env;
    private final ProxySelector jvm;
    private final boolean useJvm;

    /**
     * A selector over an environment.
     *
     * @param env the environment variables
     * @param properties the JVM's system properties (a proxy set there wins)
     * @param jvm the JVM's own selector, used when {@code properties} name a proxy
     */
    public ProxyEnvironment(Map<String, String> env, Properties properties, ProxySelector jvm) {
        this.env = env;
        this.jvm = jvm;
        boolean set = Boolean.parseBoolean(properties.getProperty("java.net.useSystemProxies"));
        for (String p : JVM_PROPERTIES) {
            String v = properties.getProperty(p);
            set |= v != null && !v.isBlank();
        }
        this.useJvm = set && jvm != null;
    }

    /** The selector for this process: its environment and system properties, and the JVM's default selector. */
    public static ProxyEnvironment standard() {
        return new ProxyEnvironment(System.getenv(), System.getProperties(), ProxySelector.getDefault());
    }

    /**
     * Checks the proxy variables that would be used, so that a bad one is one sentence before any download.
     *
     * @throws BadInputException naming the variable, its value and what is accepted
     */
    public void check() {
        if (useJvm) return;
        for (String scheme : List.of("https", "http")) {
            Var v = proxyVar(scheme);
            if (v != null) address(v);
        }
    }

    @Override
    public List<Proxy> select(URI uri) {
        if (uri == null) throw new IllegalArgumentException("uri");
        if (useJvm) return jvm.select(uri);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        Var v = proxyVar(scheme);
        if (v == null || uri.getHost() == null || exempt(uri.getHost(), port(uri))) return List.of(Proxy.NO_PROXY);
        try {
            return List.of(new Proxy(Proxy.Type.HTTP, address(v)));
        } catch (BadInputException e) {
            // check() reports it before a download; here a bad value means no proxy
            return List.of(Proxy.NO_PROXY);
        }
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // the downloader reports the failure itself, naming the proxy settings
    }

    /** A variable and its value. */
    private record Var(String name, String value) {}

    private Var proxyVar(String scheme) {
        List<String> names = switch (scheme) {
            case "https" -> List.of("https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY");
            case "http" -> List.of("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY");
            default -> List.of();
        };
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) return new Var(n, v.trim());
        }
        return null;
    }

    private static InetSocketAddress address(Var v) {
        String s = v.value().contains("://") ? v.value() : "http://" + v.value();
        try {
            URI u = new URI(s);
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") || u.getHost() == null || u.getUserInfo() != null) {
                throw new URISyntaxException(s, "not an HTTP proxy without credentials");
            }
            return InetSocketAddress.createUnresolved(u.getHost(), u.getPort() > 0 ? u.getPort() : 80);
        } catch (URISyntaxException e) {
            throw new BadInputException("The proxy in " + v.name() + " ('" + v.value() + "') is not usable: Inpaint-IJ"
                    + " downloads through HTTP proxies given as http://HOST:PORT or HOST:PORT, without a user name or"
                    + " password.", e);
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() > 0) return uri.getPort();
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** Whether {@code NO_PROXY} names this host (and port). */
    boolean exempt(String host, int port) {
        String list = env.get("no_proxy");
        if (list == null || list.isBlank()) list = env.get("NO_PROXY");
        if (list == null || list.isBlank()) return false;
        String h = unbracket(host.toLowerCase(Locale.ROOT));
        if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        for (String raw : list.split("[,\\s]+")) {
            String e = raw.trim().toLowerCase(Locale.ROOT);
            if (e.isEmpty()) continue;
            if (e.equals("*")) return true;
            int entryPort = -1;
            int colon = e.lastIndexOf(':');
            if (colon > 0 && e.indexOf(':') == colon && e.substring(colon + 1).matches("\\d+")) {
                entryPort = Integer.parseInt(e.substring(colon + 1));
                e = e.substring(0, colon);
            } else if (e.startsWith("[") && e.contains("]:")) {
                entryPort = Integer.parseInt(e.substring(e.indexOf("]:") + 2));
                e = e.substring(0, e.indexOf("]:") + 1);
            }
            if (entryPort >= 0 && entryPort != port) continue;
            e = unbracket(e);
            if (e.startsWith("*.")) e = e.substring(2);
            else if (e.startsWith(".")) e = e.substring(1);
            if (e.contains("/") ? inRange(h, e) : h.equals(e) || h.endsWith("." + e)) return true;
        }
        return false;
    }

    private static String unbracket(String s) {
        return s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
    }

    /** Whether the IP literal {@code host} lies in the CIDR range {@code cidr}; false for names. */
    private static boolean inRange(String host, String cidr) {
        int slash = cidr.indexOf('/');
        if (!isIpLiteral(host) || !isIpLiteral(cidr.substring(0, slash))) return false;
        try {
            byte[] a = InetAddress.getByName(host).getAddress();
            byte[] net = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
            int bits = Integer.parseInt(cidr.substring(slash + 1));
            if (a.length != net.length || bits < 0 || bits > 8 * a.length) return false;
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((a[i / 8] & mask) != (net[i / 8] & mask)) return false;
            }
            return true;
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }

    /** An IPv4 or IPv6 literal (never looked up in DNS). */
    private static boolean isIpLiteral(String s) {
        return s.matches("\\d{1,3}(\\.\\d{1,3}){3}") || (s.contains(":") && s.matches("[0-9a-f:.]+"));
    }
}
