package org.inpaintij.diffusion;

import java.util.Map;

/**
 * Where the time of one generation went. "Outside the model" is everything but {@code session.run}:
 * tokenizing, tensor copies, float16 conversion, the scheduler, mask and latent preparation, decoding to RGB.
 *
 * @param totalNanos the whole generation
 * @param samplingNanos the step loop (UNet runs included)
 * @param onnxNanos time inside ONNX Runtime per graph
 * @param runs ONNX Runtime calls per graph
 * @param stepsRun steps run
 * @param totalCpuNanos CPU time of the calling thread for the whole generation
 * @param samplingCpuNanos CPU time of the calling thread in the step loop
 * @param onnxCpuNanos CPU time of the calling thread inside ONNX Runtime (it is one of its workers)
 * @param unetCpuNanos the part of {@code onnxCpuNanos} spent in the UNet
 */
public record Timings(long totalNanos, long samplingNanos, Map<String, Long> onnxNanos, Map<String, Integer> runs,
        int stepsRun, long totalCpuNanos, long samplingCpuNanos, long onnxCpuNanos, long unetCpuNanos) {

    /** Keeps unmodifiable copies of the maps. */
    public Timings {
        onnxNanos = Map.copyOf(onnxNanos);
        runs = Map.copyOf(runs);
    }

    /** Time inside ONNX Runtime, all graphs. */
    public long modelNanos() {
        long s = 0;
        for (long v : onnxNanos.values()) s += v;
        return s;
    }

    /** Time outside ONNX Runtime for the whole image. */
    public long outsideNanos() {
        return totalNanos - modelNanos();
    }

    /** The graphs that run in the step loop: an SD pipeline's UNet, Z-Image's transformer. */
    private static final java.util.List<String> DENOISERS = java.util.List.of("unet", "transformer");

    /** Time outside ONNX Runtime per step of the loop (scheduler, guidance, copies, blend). */
    public double outsideMillisPerStep() {
        long denoiser = 0;
        for (String graph : DENOISERS) denoiser += onnxNanos.getOrDefault(graph, 0L);
        return stepsRun == 0 ? 0 : (samplingNanos - denoiser) / 1e6 / stepsRun;
    }

    /** CPU time of the calling thread outside ONNX Runtime, whole image: unaffected by other programs' load. */
    public long outsideCpuNanos() {
        return totalCpuNanos - onnxCpuNanos;
    }

    /** CPU time of the calling thread outside ONNX Runtime per step of the loop. */
    public double outsideCpuMillisPerStep() {
        return stepsRun == 0 ? 0 : (samplingCpuNanos - unetCpuNanos) / 1e6 / stepsRun;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "total %.1f ms, in ONNX Runtime %.1f ms, outside %.2f ms (%.3f ms per step)",
                totalNanos / 1e6, modelNanos() / 1e6, outsideNanos() / 1e6, outsideMillisPerStep());
    }
}
