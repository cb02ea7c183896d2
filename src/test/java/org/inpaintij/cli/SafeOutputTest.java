package org.inpaintij.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

import org.inpaintij.testing.Mounts;
import org.inpaintij.testing.Snapshot;
import org.inpaintij.testing.TestMasks;
import org.junit.jupiter.api.Test;

/**
 * Output files on the command line: formats that cannot hold the result are refused, the outline is never burnt
 * into the pixels, the input is replaced only on request and only by a complete file, and a full disk or a
 * read-only folder leaves every file as it was. The full-disk and read-only cases run on a real tmpfs.
 */
class SafeOutputTest extends InProcessCli {

    /** An 8-bit image whose mask is a small square: the outline ImageJ would burn in lies outside it. */
    private Path[] eightBit() {
        ByteProcessor ip = new ByteProcessor(64, 48);
        for (int i = 0; i < ip.getPixelCount(); i++) ip.set(i, 40 + (i % 64) * 2);
        Path img = tmp.resolve("eight.tif");
        new FileSaver(new ImagePlus("eight", ip)).saveAsTiff(img.toString());
        Path mask = TestMasks.rectangleFile(tmp.resolve("eight-mask.png"), 64, 48, 20, 15, 10, 8);
        return new Path[] {img, mask};
    }

    @Test
    void pngAndJpegAreRefusedWithASentenceNamingTiff() {
        Snapshot before = Snapshot.of(tmp);
        for (String name : new String[] {"x.png", "x.jpg", "x.JPEG"}) {
            assertEquals(2, run("inpaint", "--image", SAMPLE, "--mask", MASK, "--out", tmp.resolve(name).toString()),
                    name);
            assertTrue(err.contains("name the output .tif") && err.contains("--lossy"), err);
            assertEquals(1, err.strip().lines().count(), err);
        }
        assertEquals(2, run("inpaint", "--image", SAMPLE, "--mask", MASK, "--out", tmp.resolve("x.bmp").toString()));
        assertTrue(err.contains(".tif or .tiff"), err);
        before.assertUnchanged(tmp);
    }

    @Test
    void aLossyPngHasThePixelsAloneWithoutTheOutlineBurntIn() {
        Path[] in = eightBit();
        Path png = tmp.resolve("eight.png");
        assertEquals(0, run("inpaint", "--image", in[0].toString(), "--mask", in[1].toString(), "--out",
                png.toString(), "--lossy", "--method", "harmonic"), err);
        assertTrue(err.contains("lossy PNG export"), err);
        ImageProcessor a = IJ.openImage(in[0].toString()).getProcessor();
        ImagePlus res = IJ.openImage(png.toString());
        assertEquals(8, res.getBitDepth(), "8-bit stays 8-bit grey");
        ImageProcessor b = res.getProcessor();
        ImageProcessor m = IJ.openImage(in[1].toString()).getProcessor();
        int changedOutside = 0, changedInside = 0;
        for (int i = 0; i < a.getPixelCount(); i++) {
            if (m.get(i) == 0 && a.get(i) != b.get(i)) changedOutside++;
            if (m.get(i) != 0 && a.get(i) != b.get(i)) changedInside++;
        }
        assertEquals(0, changedOutside, "pixels outside the mask changed (outline burnt in?)");
        assertTrue(changedInside >= 0);
    }

    @Test
    void aLossyPngOfA16BitImageIs16BitAndExactOutsideTheMask() {
        Path png = tmp.resolve("s.png");
        assertEquals(0, run("inpaint", "--image", SAMPLE, "--mask", MASK, "--out", png.toString(), "--lossy"), err);
        ImagePlus res = IJ.openImage(png.toString());
        assertEquals(16, res.getBitDepth());
        short[] a = (short[]) IJ.openImage(SAMPLE).getProcessor().getPixels();
        short[] b = (short[]) res.getProcessor().getPixels();
        ImageProcessor m = IJ.openImage(MASK).getProcessor();
        for (int i = 0; i < a.length; i++) if (m.get(i) == 0) assertEquals(a[i], b[i], "outside the mask at " + i);
    }

    @Test
    void theInputIsReplacedOnlyWithOverwriteAndThenWhole() throws Exception {
        Path img = Files.copy(Path.of(SAMPLE), tmp.resolve("s.tif"));
        Snapshot before = Snapshot.of(tmp);
        assertEquals(2, run("inpaint", "--image", img.toString(), "--mask", MASK, "--out", img.toString()));
        assertTrue(err.contains("is the --image file itself") && err.contains("--overwrite"), err);
        // the same file by another name, and the output folder that would resolve to it
        assertEquals(2, run("inpaint", "--image", img.toString(), "--mask", MASK, "--out",
                tmp.resolve(".").resolve("s.tif").toString()));
        assertEquals(2, run("inpaint", "--image", img.toString(), "--mask", MASK, "--out", tmp.toString()));
        before.assertUnchanged(tmp);

        assertEquals(0, run("inpaint", "--image", img.toString(), "--mask", MASK, "--out", img.toString(),
                "--overwrite"), err);
        assertNotEquals(before.files().get(img.toString()), Snapshot.sha256(img));
        short[] a = (short[]) IJ.openImage(SAMPLE).getProcessor().getPixels();
        ImagePlus res = IJ.openImage(img.toString());
        assertTrue(((String) res.getProperty("Info")).contains("Inpaint-IJ"));
        short[] b = (short[]) res.getProcessor().getPixels();
        ImageProcessor m = IJ.openImage(MASK).getProcessor();
        for (int i = 0; i < a.length; i++) if (m.get(i) == 0) assertEquals(a[i], b[i]);
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(java.util.List.of("s.tif"), s.map(p -> p.getFileName().toString()).toList(),
                    "no temporary left");
        }
    }

    @Test
    void aFullDiskLeavesNoFileAndChangesNothing() throws Exception {
        try (Mounts disk = Mounts.tmpfs(tmp.resolve("disk"), 96)) {
            Path earlier = disk.dir().resolve("earlier.tif");
            Files.write(earlier, new byte[20_000]);
            Path dest = disk.dir().resolve("out.tif");
            Snapshot before = Snapshot.of(disk.dir());
            Snapshot inputs = Snapshot.of(Path.of("doc/sample"));
            assertEquals(1, run("inpaint", "--image", SAMPLE, "--mask", MASK, "--out", dest.toString()));
            assertTrue(err.startsWith("inpaint-ij: Could not write " + dest + ": no space is left on the disk"), err);
            assertEquals(1, err.strip().lines().count(), err);
            Snapshot.assertNoJavaNames(err);
            before.assertUnchanged(disk.dir());
            inputs.assertUnchanged(Path.of("doc/sample"));

            // a lossy PNG on the full disk fails the same way (it used to exit 0 with an empty file)
            Files.write(disk.dir().resolve("fill"), new byte[70_000]);
            Snapshot full = Snapshot.of(disk.dir());
            assertEquals(1, run("inpaint", "--image", SAMPLE, "--mask", MASK, "--out",
                    disk.dir().resolve("out.png").toString(), "--lossy"));
            assertTrue(err.contains("no space is left on the disk"), err);
            full.assertUnchanged(disk.dir());
        }
    }

    @Test
    void overwritingTheInputOnAFullDiskKeepsTheInput() throws Exception {
        try (Mounts disk = Mounts.tmpfs(tmp.resolve("disk"), 400)) {
            Path img = Files.copy(Path.of(SAMPLE), disk.dir().resolve("s.tif"));
            Snapshot before = Snapshot.of(disk.dir());
            assertEquals(1, run("inpaint", "--image", img.toString(), "--mask", MASK, "--out", img.toString(),
                    "--overwrite"));
            assertTrue(err.contains("no space is left on the disk") && err.contains("is unchanged"), err);
            before.assertUnchanged(disk.dir());
        }
    }

    @Test
    void aReadOnlyFolderIsOneSentenceAndNothingChanges() throws Exception {
        try (Mounts ro = Mounts.tmpfs(tmp.resolve("ro"), 1024)) {
            Path img = Files.copy(Path.of(SAMPLE), ro.dir().resolve("s.tif"));
            Path mask = Files.copy(Path.of(MASK), ro.dir().resolve("m.png"));
            ro.readOnly();
            Snapshot before = Snapshot.of(ro.dir());
            assertEquals(1, run("inpaint", "--image", img.toString(), "--mask", mask.toString(), "--out",
                    ro.dir().resolve("out.tif").toString()));
            assertTrue(err.contains("read-only file system"), err);
            assertEquals(1, err.strip().lines().count(), err);
            Snapshot.assertNoJavaNames(err);
            assertEquals(1, run("inpaint", "--image", img.toString(), "--mask", mask.toString(), "--out",
                    img.toString(), "--overwrite"));
            Snapshot.assertNoJavaNames(err);
            // a batch whose output folder cannot be created
            Path folder = tmp.resolve("in");
            Files.createDirectories(folder);
            Files.copy(Path.of(SAMPLE), folder.resolve("s.tif"));
            assertEquals(1, run("inpaint", "--image", folder.toString(), "--mask", MASK, "--out",
                    ro.dir().resolve("results").toString()));
            assertTrue(err.contains("Could not create the output folder") && err.contains("read-only"), err);
            Snapshot.assertNoJavaNames(err);
            before.assertUnchanged(ro.dir());
        }
    }

    @Test
    void aStackIsFilledInPlaceAndTheMessagesNameFlags() throws Exception {
        ij.ImageStack st = new ij.ImageStack(40, 30);
        for (int z = 0; z < 3; z++) {
            ByteProcessor ip = new ByteProcessor(40, 30);
            for (int i = 0; i < 1200; i++) ip.set(i, 10 * z + i % 40);
            st.addSlice("z" + z, ip);
        }
        Path img = tmp.resolve("stack.tif");
        new FileSaver(new ImagePlus("stack", st)).saveAsTiffStack(img.toString());
        ByteProcessor m = new ByteProcessor(40, 30);
        m.set(12, 10, 255);
        Path mask = tmp.resolve("m.png");
        new FileSaver(new ImagePlus("m", m)).saveAsPng(mask.toString());
        Path dest = tmp.resolve("filled.tif");
        assertEquals(0, run("inpaint", "--image", img.toString(), "--mask", mask.toString(), "--out", dest.toString(),
                "--stack", "--output", "in-place", "--method", "harmonic"), err);
        ImagePlus res = IJ.openImage(dest.toString());
        assertEquals(3, res.getStackSize());
        for (int z = 1; z <= 3; z++) assertEquals(10 * (z - 1) + 12, res.getStack().getProcessor(z).get(12, 10));

        assertEquals(2, run("inpaint", "--image", img.toString(), "--mask", mask.toString(), "--out", dest.toString(),
                "--method", "patch", "--variations", "2", "--output", "in-place"));
        assertTrue(err.contains("--variations 2") && err.contains("--output new"), err);
        assertFalse(err.contains("output=") || err.contains("no_undo"), err);
        assertEquals(2, run("inpaint", "--image", img.toString(), "--mask", mask.toString(), "--out", dest.toString(),
                "--grow", "-1"));
        assertTrue(err.contains("--grow must be a whole number"), err);
    }

    @Test
    void optionsTheMethodIgnoresAreReportedAndQuietPrintsNothing() {
        Path dest = tmp.resolve("o.tif");
        assertEquals(0, run("inpaint", "--image", SAMPLE, "--mask", MASK, "--out", dest.toString(), "--method",
                "harmonic", "--steps", "5", "--prompt", "a cat", "--radius", "3"), err);
        assertTrue(err.contains("--radius, --prompt, --steps are ignored: method harmonic does not read them"), err);
        assertEquals(0, run("inpaint", "--image", SAMPLE, "--mask", MASK, "--out", dest.toString(), "--method",
                "telea", "--radius", "3"), err);
        assertEquals("", err);
        // auto hands thick regions to patch, so it reads patch's options
        assertEquals(0, run("inpaint", "--image", SAMPLE, "--mask", MASK, "--out", dest.toString(), "--patch", "7"));
        assertEquals("", err);
        assertEquals(0, run("inpaint", "--image", SAMPLE, "--mask", MASK, "--out", dest.toString(), "--quiet",
                "--method", "harmonic", "--steps", "5"));
        assertEquals("", out);
        assertEquals("", err);
    }
}
