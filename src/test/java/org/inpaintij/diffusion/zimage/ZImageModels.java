package org.inpaintij.diffusion.zimage;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.inpaintij.bench.Npy;
import org.inpaintij.testing.Fixtures;

/**
 * The committed Z-Image export (src/test/resources/models/zimage-tiny, tools/export-zimage's output for the shared
 * zimage-tiny pipeline, made by src/test/python/make_zimage_fixture.py) completed into a model folder under
 * target/ with the shared fixture's tokenizer.json linked in; and the reference cases of zimage-tiny/reference.
 */
public final class ZImageModels {

    /** Pixels per side of the reference image. */
    public static final int SIZE = 128;

    private ZImageModels() {}

    /** A complete, freshly copied model folder under {@code target/zimage-models/<tag>/zimage-tiny}. */
    public static Path folder(String tag) {
        try {
            Path src = Path.of(ZImageModels.class.getResource("/models/zimage-tiny").toURI());
            Path dst = Path.of("target", "zimage-models", tag, "zimage-tiny").toAbsolutePath();
            if (Files.exists(dst)) org.inpaintij.diffusion.model.TinyModels.delete(dst);
            try (Stream<Path> s = Files.walk(src)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    Path q = dst.resolve(src.relativize(p).toString());
                    if (Files.isDirectory(p)) Files.createDirectories(q);
                    else Files.copy(p, q, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.createSymbolicLink(dst.resolve("tokenizer/tokenizer.json"),
                    Fixtures.file("zimage-tiny/pipeline/tokenizer/tokenizer.json").toAbsolutePath());
            return dst;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One case of zimage-tiny/reference/cases.json: diffusers' ZImageInpaintPipeline with guidance 0 on the
     * reference image and mask.
     */
    public record Case(int index, String prompt, int steps, double strength, long seed) {
        /** diffusers' result, float32 in 0..1, channel planes of 128 x 128. */
        public double[][] expected() {
            try {
                return Npy.read(Fixtures.file("zimage-tiny/reference/case" + index + ".npy")).channelData();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The two reference cases (cases.json). */
    public static java.util.List<Case> cases() {
        try {
            var root = com.google.gson.JsonParser.parseString(Files.readString(
                    Fixtures.file("zimage-tiny/reference/cases.json"))).getAsJsonObject();
            java.util.List<Case> out = new java.util.ArrayList<>();
            int i = 0;
            for (var e : root.getAsJsonArray("cases")) {
                var c = e.getAsJsonObject();
                if (c.get("guidance").getAsDouble() != 0 || !c.get("result").getAsString().equals("case" + i + ".npy")) {
                    throw new IllegalStateException("unexpected case " + c);
                }
                out.add(new Case(i++, c.get("prompt").getAsString(), c.get("steps").getAsInt(),
                        c.get("strength").getAsDouble(), c.get("seed").getAsLong()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The reference image as RGB planes in 0..255. */
    public static double[][] image() {
        return Fixtures.channelsOf(Fixtures.file("zimage-tiny/reference/image.png"));
    }

    /** The reference mask, 1 = repaint. */
    public static boolean[] mask() {
        try {
            BufferedImage m = ImageIO.read(Fixtures.file("zimage-tiny/reference/mask.png").toFile());
            boolean[] out = new boolean[SIZE * SIZE];
            for (int y = 0; y < SIZE; y++) for (int x = 0; x < SIZE; x++) out[y * SIZE + x] = m.getRaster().getSample(x, y, 0) >= 128;
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Differences inside a mask: mean and 99th percentile of |a - b| over every channel, in units of 1/255. */
    public record Diff(double mean, double p99, double max, int count) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "mean %.4f/255, p99 %.4f/255, max %.4f/255 over %d values",
                    mean, p99, max, count);
        }
    }

    /** |a - b| * 255 statistics where {@code mask} is set; a and b are channel planes in 0..1. */
    public static Diff inside(double[][] a, double[][] b, boolean[] mask) {
        java.util.List<Double> d = new java.util.ArrayList<>();
        for (int c = 0; c < a.length; c++) {
            for (int i = 0; i < mask.length; i++) if (mask[i]) d.add(255 * Math.abs(a[c][i] - b[c][i]));
        }
        double[] v = d.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double sum = 0;
        for (double x : v) sum += x;
        return new Diff(sum / v.length, v[(int) Math.floor(0.99 * (v.length - 1))], v[v.length - 1], v.length);
    }
}
