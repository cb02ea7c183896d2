package org.inpaintij.onnx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import org.inpaintij.core.BadInputException;

/**
 * Opens ONNX Runtime sessions with the project's tuned options: full graph optimisation, one intra-op thread
 * per core, the CPU memory arena and memory patterns, and on CUDA the provider options that suit diffusion
 * models. Sessions are created from the file path so that external weights ({@code weights.pb},
 * {@code model.onnx_data}) load from the graph's folder.
 */
public final class Sessions {

    private static final Logger LOG = Logger.getLogger(Sessions.class.getName());

    private Sessions() {}

    /**
     * A session and where it actually runs. The caller owns the session and must close it.
     *
     * @param session the open session
     * @param placement the provider that runs it (CPU with a reason when CUDA failed for this graph)
     */
    public record Opened(OrtSession session, Devices.Placement placement) {}

    /**
     * Opens {@code file} on {@code placement}. When CUDA was chosen but this graph cannot be opened on it (out
     * of GPU memory, an operator the CUDA provider lacks), the session opens on the CPU and the returned
     * placement says why.
     *
     * @throws BadInputException when the file is missing or is not an ONNX graph ONNX Runtime can load
     */
    public static Opened open(Path file, Devices.Placement placement) {
        return open(file, placement, "Missing model graph " + file + ": a diffusers ONNX model folder has "
                + "text_encoder/, unet/, vae_encoder/ and vae_decoder/, each with a model.onnx.",
                "an ONNX graph exported from a diffusers Stable Diffusion pipeline");
    }

    /**
     * As {@link #open(Path, Devices.Placement)} for a graph that is not part of a diffusion model.
     *
     * @param expected what the graph should be, for the message when it is missing or cannot be loaded
     *     (e.g. "a LaMa or MI-GAN .onnx file")
     */
    public static Opened open(Path file, Devices.Placement placement, String expected) {
        return open(file, placement, "Missing model graph " + file + "; expected " + expected + ".", expected);
    }

    private static Opened open(Path file, Devices.Placement placement, String missing, String expected) {
        if (!Files.isRegularFile(file)) throw new BadInputException(missing);
        if (placement.cuda()) {
            try {
                return new Opened(create(file, placement), placement);
            } catch (OrtException e) {
                String why = "opening " + file.getFileName() + " in " + file.getParent().getFileName()
                        + " on CUDA failed: " + Devices.oneLine(e.getMessage());
                LOG.warning(why + "; using the CPU");
                placement = Devices.Placement.cpuBecause(why);
            }
        }
        try {
            return new Opened(create(file, placement), placement);
        } catch (OrtException e) {
            throw new BadInputException("ONNX Runtime could not load " + file + " (" + Devices.oneLine(e.getMessage())
                    + "); expected " + expected + ".", e);
        }
    }

    /**
     * Hands an open session to the object that will own it, closing the session when that object cannot be made
     * (its checks refused the graph), so that a refused graph leaves nothing open.
     */
    public static <T> T own(Opened opened, java.util.function.Function<Opened, T> owner) {
        try {
            return owner.apply(opened);
        } catch (RuntimeException | Error e) {
            try {
                opened.session().close();
            } catch (OrtException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * Closes the session of {@code file} for its owner.
     *
     * @throws IllegalStateException naming the file when ONNX Runtime fails to close it
     */
    public static void close(OrtSession session, Path file) {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to close the session of " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /** Whether a failure was running out of memory, in Java or in ONNX Runtime (CPU or CUDA). */
    public static boolean outOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) return true;
            String m = t.getMessage();
            if (m != null && (m.contains("Failed to allocate") || m.contains("bad_alloc")
                    || m.contains("out of memory"))) {
                return true;
            }
        }
        return false;
    }

    /** The tuned options for {@code placement}; the caller closes them once the session exists. */
    public static OrtSession.SessionOptions options(Devices.Placement placement) throws OrtException {
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        try {
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            opts.setIntraOpNumThreads(Devices.cpuThreads());
            opts.setCPUArenaAllocator(true);
            opts.setMemoryPatternOptimization(true);
            // ONNX Runtime's idle workers otherwise spin for a while after every run, taking the cores the
            // scheduler step, the guidance and the tensor copies between runs need
            opts.addConfigEntry("session.intra_op.allow_spinning", "0");
            if (placement.cuda()) Devices.addCuda(opts, placement.gpu());
            return opts;
        } catch (OrtException | RuntimeException e) {
            opts.close();
            throw e;
        }
    }

    private static OrtSession create(Path file, Devices.Placement placement) throws OrtException {
        try (OrtSession.SessionOptions opts = options(placement)) {
            return Devices.environment().createSession(file.toAbsolutePath().toString(), opts);
        }
    }
}
