package org.inpaintij.models;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A forwarding HTTP proxy for the download tests, as an institute's proxy behaves for plain http: it takes
 * requests in absolute form ({@code GET http://host:port/path HTTP/1.1}), records the URL, and forwards them to
 * the host, which it reaches itself: every host name resolves to this machine, so that a test can name a mirror
 * that only the proxy can reach ({@code models.example.test}). One request per connection.
 */
public final class TestProxy implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> urls = new ArrayList<>();
    private final Thread acceptor;

    public TestProxy() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptAll, "test-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@code http://127.0.0.1:PORT}, as a proxy variable's value. */
    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The URLs asked for through this proxy, in order. */
    public synchronized List<String> urls() {
        return List.copyOf(urls);
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread t = new Thread(() -> serve(client), "test-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            String head = readHead(in);
            String[] lines = head.split("\r\n");
            String[] first = lines[0].split(" ");
            URI target = URI.create(first[1]);
            synchronized (this) {
                urls.add(first[1]);
            }
            int port = target.getPort() > 0 ? target.getPort() : 80;
            try (Socket up = new Socket(InetAddress.getLoopbackAddress(), port)) {
                StringBuilder req = new StringBuilder(first[0] + " " + target.getRawPath()
                        + (target.getRawQuery() != null ? "?" + target.getRawQuery() : "") + " HTTP/1.1\r\n");
                for (int i = 1; i < lines.length; i++) {
                    String l = lines[i].toLowerCase(Locale.ROOT);
                    if (l.startsWith("connection:") || l.startsWith("proxy-connection:") || l.startsWith("upgrade:")
                            || l.startsWith("http2-settings:")) {
                        continue;
                    }
                    req.append(lines[i]).append("\r\n");
                }
                req.append("Connection: close\r\n\r\n");
                up.getOutputStream().write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
                up.getOutputStream().flush();
                OutputStream out = client.getOutputStream();
                up.getInputStream().transferTo(out);
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            // the client sees the connection close, as with a real proxy that fails
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c, state = 0;
        while ((c = in.read()) >= 0) {
            b.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) ? state + 1 : (c == '\n' && (state == 1 || state == 3))
                    ? state + 1 : 0;
            if (state == 4) break;
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
