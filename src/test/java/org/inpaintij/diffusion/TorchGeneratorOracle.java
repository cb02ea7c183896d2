package org.inpaintij.diffusion;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares {@link TorchGenerator} with a file of torch's own draws written by
 * {@code src/test/python/torch_randn_oracle.py} (which needs torch, so this is a tool, not a unit test) and
 * prints how many values are bit-identical and the largest difference.
 */
public final class TorchGeneratorOracle {

    private TorchGeneratorOracle() {}

    public static void main(String[] args) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(Path.of(args[0]))).order(ByteOrder.LITTLE_ENDIAN);
        long values = 0, exact = 0;
        double worst = 0;
        int seeds = 0;
        while (b.hasRemaining()) {
            TorchGenerator g = new TorchGenerator(b.getLong());
            int calls = b.getInt();
            for (int c = 0; c < calls; c++) {
                float[] got = g.randn(b.getInt());
                for (float v : got) {
                    float want = b.getFloat();
                    if (Float.floatToIntBits(want) == Float.floatToIntBits(v)) exact++;
                    worst = Math.max(worst, Math.abs(want - v));
                    values++;
                }
            }
            seeds++;
        }
        System.out.println(seeds + " seeds, " + values + " values: " + exact + " bit-identical, largest difference "
                + worst);
    }
}
