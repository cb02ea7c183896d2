package org.inpaintij.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/**
 * The shared, read-only fixtures ({@code ../shared/fixtures} beside the checkout, or the path in the
 * {@code inpaintij.fixtures} system property). Fails loudly, naming the path, when they are missing.
 */
public final class Fixtures {

    private Fixtures() {}

    /** The fixtures folder. */
    public static Path dir() {
        String p = System.getProperty("inpaintij.fixtures");
        Path d = p != null ? Path.of(p) : Path.of("..", "shared", "fixtures");
        if (!Files.isDirectory(d)) {
            throw new IllegalStateException("Test fixtures not found at " + d.toAbsolutePath()
                    + ": they are expected at ../shared/fixtures beside the checkout (or -Dinpaintij.fixtures=DIR).");
        }
        return d;
    }

    /** A file in the fixtures folder. */
    public static Path file(String relative) {
        Path f = dir().resolve(relative);
        if (!Files.exists(f)) throw new IllegalStateException("Missing fixture " + f.toAbsolutePath());
        return f;
    }

    /** The names of the real images (images/*.png), sorted. */
    public static java.util.List<String> imageNames() {
        try (var s = Files.list(dir().resolve("images"))) {
            return s.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".png")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture image as luminance (0..255) for grayscale files, or its three channels for RGB ones. */
    public static double[][] channels(String name) {
        return channelsOf(file("images/" + name));
    }

    /** An image file's channels as {@link #channels(String)} gives them. */
    public static double[][] channelsOf(Path imageFile) {
        try {
            BufferedImage img = ImageIO.read(imageFile.toFile());
            int w = img.getWidth(), h = img.getHeight();
            boolean gray = img.getColorModel().getNumColorComponents() == 1;
            double[][] out = new double[gray ? 1 : 3][w * h];
            var raster = img.getRaster();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int c = 0; c < out.length; c++) out[c][y * w + x] = raster.getSample(x, y, c);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Width and height of a fixture image. */
    public static int[] size(String name) {
        try {
            BufferedImage img = ImageIO.read(file("images/" + name).toFile());
            return new int[] {img.getWidth(), img.getHeight()};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
