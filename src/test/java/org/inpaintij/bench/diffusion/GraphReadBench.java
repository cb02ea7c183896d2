package org.inpaintij.bench.diffusion;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.inpaintij.onnx.OnnxGraph;

/**
 * How much of an ONNX file the graph reader reads, and how long it takes, on a file with its weights inline: the
 * UNet's channel count must come from its first convolution without loading gigabytes. Make the file with
 * {@code src/test/python/make_big_graph.py OUT.onnx}, then run {@code java -cp
 * target/classes:target/test-classes:target/lib/* org.inpaintij.bench.diffusion.GraphReadBench OUT.onnx}.
 */
public final class GraphReadBench {

    private GraphReadBench() {}

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            OnnxGraph g = OnnxGraph.read(file);
            OnnxGraph.Convolution c = g.firstConvolution("sample");
            String conv = c == null ? "no convolution reads 'sample'" : "first convolution takes " + c.inputChannels()
                    + " channels";
            double ms = (System.nanoTime() - t0) / 1e6;
            try {
                System.out.printf(Locale.ROOT, "%s: %.0f MB, %d initializers; read %.1f KB (%.4f %% of the file) in "
                        + "%.1f ms; %s%n", file.getFileName(), Files.size(file) / 1e6,
                        g.initializerCount(), g.bytesRead() / 1e3, 100.0 * g.bytesRead() / Files.size(file), ms, conv);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
