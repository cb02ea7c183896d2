package org.inpaintij.onnx;

import java.util.Locale;

import org.inpaintij.core.BadInputException;

/**
 * The {@code device} option: {@code auto} (CUDA when it works, else the CPU), {@code cpu}, {@code cuda}
 * (GPU 0) or {@code cuda:N}.
 *
 * @param kind which provider was asked for
 * @param gpu the GPU index for CUDA (0 for {@code auto} and {@code cuda})
 */
public record DeviceSpec(Kind kind, int gpu) {

    /** What the user asked for. */
    public enum Kind {
        /** CUDA when the CUDA build of ONNX Runtime and a matching CUDA are present, else the CPU. */
        AUTO,
        /** The CPU only. */
        CPU,
        /** CUDA; when it cannot run, the CPU runs and the reason is reported. */
        CUDA
    }

    /** The CPU. */
    public static final DeviceSpec CPU = new DeviceSpec(Kind.CPU, 0);
    /** Automatic choice. */
    public static final DeviceSpec AUTO = new DeviceSpec(Kind.AUTO, 0);

    /** Checks the GPU index. */
    public DeviceSpec {
        if (gpu < 0) throw new IllegalArgumentException("GPU index must be 0 or more, not " + gpu);
    }

    /** Parses {@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N}; null or blank means auto. */
    public static DeviceSpec parse(String text) {
        if (text == null || text.isBlank()) return AUTO;
        String s = text.trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "auto":
                return AUTO;
            case "cpu":
                return CPU;
            case "cuda":
                return new DeviceSpec(Kind.CUDA, 0);
            default:
                if (s.matches("cuda:\\d{1,2}")) return new DeviceSpec(Kind.CUDA, Integer.parseInt(s.substring(5)));
                throw new BadInputException("Unknown device '" + text.trim()
                        + "'; accepted: auto, cpu, cuda, cuda:N (N = GPU index).");
        }
    }

    /** Whether CUDA should be tried. */
    public boolean wantsCuda() {
        return kind != Kind.CPU;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case AUTO -> "auto";
            case CPU -> "cpu";
            case CUDA -> gpu == 0 ? "cuda" : "cuda:" + gpu;
        };
    }
}
