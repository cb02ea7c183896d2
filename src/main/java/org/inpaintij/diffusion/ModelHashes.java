package org.inpaintij.diffusion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.inpaintij.models.Hashing;
import org.inpaintij.models.Manifest;
import org.inpaintij.models.ModelResolver;

/**
 * Which exact weights painted a fill, for provenance: the SHA-256 of the denoiser's graph file (the UNet, or
 * Z-Image's transformer) and of its external weights. An installed model's hashes were pinned when it was installed; a folder given by path is hashed here
 * once (seconds for a gigabyte) and remembered per file, size and modification time.
 */
public final class ModelHashes {

    /** The denoiser's files: the graph and the external weights each exporter writes. */
    private static final List<String> UNET_FILES = List.of("unet/model.onnx", "unet/weights.pb", "unet/model.onnx_data",
            "transformer/model.onnx", "transformer/model.onnx.data");

    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private ModelHashes() {}

    /** One line: the model's name or folder and the SHA-256 of each denoiser file it has. */
    public static String describe(ModelResolver.Resolved model) {
        List<String> parts = new ArrayList<>();
        if (model.installed().isPresent()) {
            Manifest m = model.installed().get().manifest();
            for (Manifest.PinnedFile f : m.files()) {
                if (UNET_FILES.contains(f.path())) parts.add(f.path() + " sha256 " + f.sha256());
            }
            return model.installed().get().name() + " (" + String.join(", ", parts) + ")";
        }
        for (String f : UNET_FILES) {
            Path p = model.folder().resolve(f);
            if (Files.isRegularFile(p)) parts.add(f + " sha256 " + sha256(p));
        }
        return model.folder() + " (" + String.join(", ", parts) + ")";
    }

    /** The hex SHA-256 of a file, remembered while its size and modification time stay the same. */
    static String sha256(Path file) {
        try {
            String key = file.toAbsolutePath().normalize() + "|" + Files.size(file) + "|"
                    + Files.getLastModifiedTime(file).toMillis();
            String h = CACHE.get(key);
            if (h == null) {
                h = Hashing.file(file);
                CACHE.put(key, h);
            }
            return h;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + " to record its checksum", e);
        }
    }
}
