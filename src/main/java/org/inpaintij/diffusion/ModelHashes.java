package org.inpaintij.diffusion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SHA-256 of a model's UNet graph file, for provenance: which exact weights painted a fill. Hashing a
 * gigabyte takes seconds, so results are kept per file, size and modification time.
 */
public final class ModelHashes {

    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private ModelHashes() {}

    /** The hex SHA-256 of {@code folder}/unet/model.onnx. */
    public static String unet(Path folder) {
        return sha256(folder.resolve("unet").resolve("model.onnx"));
    }

    /** The hex SHA-256 of a file, cached while its size and modification time stay the same. */
    public static String sha256(Path file) {
        try {
            String key = file.toAbsolutePath().normalize() + "|" + Files.size(file) + "|"
                    + Files.getLastModifiedTime(file).toMillis();
            String h = CACHE.get(key);
            if (h != null) return h;
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            try (InputStream in = Files.newInputStream(file)) {
                for (int r; (r = in.read(buf)) > 0;) md.update(buf, 0, r);
            }
            h = HexFormat.of().formatHex(md.digest());
            CACHE.put(key, h);
            return h;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + " to record its checksum", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }
}
