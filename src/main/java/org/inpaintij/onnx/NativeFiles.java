package org.inpaintij.onnx;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * ONNX Runtime's Java loader copies its native libraries into a fresh {@code onnxruntime-java*} folder in the
 * temporary directory and marks the files and the folder for deletion at exit; the JVM deletes in reverse order
 * of marking, so it tries the folder first, while it still holds the files, and every run leaves an empty folder
 * behind. This removes the files and then the folder at exit, before the JVM's own pass. The folder must live as
 * long as the process: the CUDA provider library is copied into it only when a CUDA session is first made.
 */
final class NativeFiles {

    private static final Logger LOG = Logger.getLogger(NativeFiles.class.getName());
    private static boolean registered;

    private NativeFiles() {}

    /** Registers the clean-up of ONNX Runtime's library folder; call once the runtime is loaded. */
    static synchronized void cleanUpAtExit() {
        if (registered) return;
        registered = true;
        Path dir = loaderFolder();
        if (dir == null) return;
        Thread t = new Thread(() -> delete(dir), "inpaint-ij-onnxruntime-cleanup");
        Runtime.getRuntime().addShutdownHook(t);
    }

    /** The loader's folder, or null where this ONNX Runtime version keeps it elsewhere (nothing is cleaned). */
    private static Path loaderFolder() {
        try {
            Class<?> c = Class.forName("ai.onnxruntime.OnnxRuntime");
            Field f = c.getDeclaredField("tempDirectory");
            f.setAccessible(true);
            Object v = f.get(null);
            return v instanceof Path p && p.getFileName().toString().startsWith("onnxruntime-java") ? p : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "ONNX Runtime's library folder is not where this version expects it", e);
            return null;
        }
    }

    private static void delete(Path dir) {
        try {
            if (!Files.isDirectory(dir)) return;
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                // loaded libraries can be unlinked on Linux and macOS; on Windows they stay until the process ends
                for (Path f : ds) Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // at exit there is no one left to tell; the JVM's own pass tries again
        }
    }
}
