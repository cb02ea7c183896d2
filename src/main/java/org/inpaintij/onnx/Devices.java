package org.inpaintij.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;

/**
 * Which execution providers this ONNX Runtime build has, and whether CUDA really works here: a probe opens
 * a one-node graph with the CUDA provider on the requested GPU and runs it once, so a missing CUDA library,
 * a CUDA version the build was not made for, or an absent GPU shows up as the exception text that ONNX
 * Runtime gave. The result per GPU is kept for the life of the process.
 */
public final class Devices {

    private static final Logger LOG = Logger.getLogger(Devices.class.getName());
    private static final Map<Integer, CudaProbe> CUDA_PROBES = new ConcurrentHashMap<>();

    private Devices() {}

    /**
     * The outcome of trying CUDA on one GPU.
     *
     * @param gpu the GPU index tried
     * @param works whether a session on CUDA opened and ran
     * @param problem why not, in ONNX Runtime's words; null when it works
     */
    public record CudaProbe(int gpu, boolean works, String problem) {}

    /**
     * What the "Inpainting Info" command shows.
     *
     * @param onnxRuntimeVersion the native library's version
     * @param providers the execution providers compiled into this build
     * @param cuda the result of trying CUDA on GPU 0
     * @param cpuThreads threads the CPU provider uses
     */
    public record Report(String onnxRuntimeVersion, List<String> providers, CudaProbe cuda, int cpuThreads) {

        /** Whether this is the CUDA build of ONNX Runtime (the {@code onnxruntime_gpu} artifact). */
        public boolean cudaBuild() {
            return providers.contains(OrtProvider.CUDA.getName());
        }

        /** A few lines for people. */
        public String describe() {
            StringBuilder sb = new StringBuilder();
            sb.append("ONNX Runtime ").append(onnxRuntimeVersion).append(" (")
                    .append(cudaBuild() ? "CUDA build" : "CPU build").append(")\n");
            sb.append("Execution providers: ").append(String.join(", ", providers)).append('\n');
            sb.append("CUDA: ").append(cuda.works() ? "works on GPU " + cuda.gpu() : "not used: " + cuda.problem())
                    .append('\n');
            sb.append("device=auto runs on: ").append(cuda.works() ? "CUDA (GPU " + cuda.gpu() + ")" : "CPU")
                    .append("; CPU threads: ").append(cpuThreads);
            return sb.toString();
        }
    }

    /**
     * Where a model will run.
     *
     * @param provider {@code CUDA} or {@code CPU}
     * @param gpu the GPU index when CUDA
     * @param fallbackReason why CUDA is not used although it was asked for (device auto or cuda); null when
     *        the device asked for is the one that runs, or when the CPU was asked for
     */
    public record Placement(String provider, int gpu, String fallbackReason) {

        /** The CPU, as asked. */
        public static final Placement CPU = new Placement("CPU", 0, null);

        /** The CPU because CUDA could not run, with the reason. */
        public static Placement cpuBecause(String reason) {
            return new Placement("CPU", 0, reason);
        }

        /** Whether this runs on CUDA. */
        public boolean cuda() {
            return provider.equals("CUDA");
        }

        /** One line for logs and provenance, e.g. {@code CUDA:0} or {@code CPU (CUDA not used: ...)}. */
        public String describe() {
            if (cuda()) return "CUDA:" + gpu;
            return fallbackReason == null ? "CPU" : "CPU (CUDA not used: " + fallbackReason + ")";
        }
    }

    /** The shared ONNX Runtime environment. */
    public static OrtEnvironment environment() {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        NativeFiles.cleanUpAtExit();
        return env;
    }

    /** The providers of this build, CUDA's probe on GPU 0, and the thread count. */
    public static Report probe() {
        OrtEnvironment env = environment();
        EnumSet<OrtProvider> available = OrtEnvironment.getAvailableProviders();
        List<String> names = available.stream().map(OrtProvider::getName).collect(Collectors.toList());
        return new Report(env.getVersion(), names, probeCuda(0), cpuThreads());
    }

    /** Where a model asked to run on {@code spec} will run, trying CUDA (once per GPU and process) if wanted. */
    public static Placement place(DeviceSpec spec) {
        if (!spec.wantsCuda()) return Placement.CPU;
        CudaProbe p = probeCuda(spec.gpu());
        if (p.works()) return new Placement("CUDA", spec.gpu(), null);
        if (spec.kind() == DeviceSpec.Kind.CUDA) {
            LOG.warning("device=" + spec + " asked for, running on the CPU: " + p.problem());
        } else {
            LOG.info("Running on the CPU: " + p.problem());
        }
        return Placement.cpuBecause(p.problem());
    }

    /** Threads for the CPU provider's intra-op pool: every core. */
    public static int cpuThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** Tries CUDA on {@code gpu} (once per process), without throwing. */
    public static CudaProbe probeCuda(int gpu) {
        return CUDA_PROBES.computeIfAbsent(gpu, Devices::tryCuda);
    }

    private static CudaProbe tryCuda(int gpu) {
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            return new CudaProbe(gpu, false, "this ONNX Runtime is the CPU build (artifact onnxruntime); "
                    + "build with mvn -Pcuda package for the CUDA build (onnxruntime_gpu)");
        }
        OrtEnvironment env = environment();
        byte[] graph = probeGraph();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            addCuda(opts, gpu);
            try (OrtSession s = env.createSession(graph, opts);
                    OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {41f}), new long[] {1});
                    OrtSession.Result r = s.run(Map.of("x", x))) {
                float y = ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
                if (y != 42f) return new CudaProbe(gpu, false, "the CUDA provider computed 41 + 1 = " + y);
                return new CudaProbe(gpu, true, null);
            }
        } catch (OrtException | UnsatisfiedLinkError e) {
            // the exception text is the reason shown to the user: library not found, CUDA version, no GPU
            return new CudaProbe(gpu, false, "CUDA provider failed on GPU " + gpu + ": " + oneLine(e.getMessage()));
        }
    }

    /** Adds the CUDA provider with the options recommended for diffusion models. */
    static void addCuda(OrtSession.SessionOptions opts, int gpu) throws OrtException {
        try (OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(gpu)) {
            cuda.add("arena_extend_strategy", "kSameAsRequested");
            cuda.add("cudnn_conv_algo_search", "DEFAULT");
            cuda.add("do_copy_in_default_stream", "1");
            cuda.add("cudnn_conv_use_max_workspace", "1");
            opts.addCUDA(cuda);
        }
    }

    private static byte[] probeGraph() {
        try (InputStream in = Devices.class.getResourceAsStream("probe.onnx")) {
            if (in == null) throw new IllegalStateException("probe.onnx is missing from the plugin jar");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An ONNX Runtime message on one line ("no message" for none). */
    public static String oneLine(String s) {
        if (s == null) return "no message";
        return s.replaceAll("\\s+", " ").trim();
    }
}
