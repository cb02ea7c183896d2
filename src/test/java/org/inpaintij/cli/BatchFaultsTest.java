package org.inpaintij.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ShortProcessor;

import org.inpaintij.testing.BadFiles;
import org.inpaintij.testing.Mounts;
import org.inpaintij.testing.Snapshot;
import org.junit.jupiter.api.Test;

/**
 * Folder batches that meet bad files: every image is tried, each failure is listed with its reason, the exit
 * status says whether all succeeded, no two inputs share an output, and no input or earlier output changes.
 */
class BatchFaultsTest extends InProcessCli {

    /** A 40 x 30 16-bit image whose rows are linear (a one-pixel harmonic fill is exact) with slope {@code k}. */
    private static void image(Path file, int k) {
        ShortProcessor sp = new ShortProcessor(40, 30);
        for (int i = 0; i < 1200; i++) sp.set(i, 1000 + (i % 40) * k);
        ImagePlus imp = new ImagePlus("x", sp);
        if (file.toString().endsWith(".png")) new FileSaver(imp).saveAsPng(file.toString());
        else new FileSaver(imp).saveAsTiff(file.toString());
    }

    private static void mask(Path file, int x) {
        ByteProcessor mp = new ByteProcessor(40, 30);
        mp.set(x, 15, 255);
        new FileSaver(new ImagePlus("m", mp)).saveAsPng(file.toString());
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void inputsThatShareANameKeepTheirExtensionAndBothResultsExist() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in")), masks = Files.createDirectories(tmp.resolve("masks"));
        image(in.resolve("a.png"), 1);
        image(in.resolve("a.tif"), 3);
        image(in.resolve("b.tif"), 2);
        mask(masks.resolve("a.png"), 10);
        mask(masks.resolve("b.png"), 20);
        Path dest = tmp.resolve("out");
        assertEquals(0, run("inpaint", "--image", in.toString(), "--mask", masks.toString(), "--out", dest.toString(),
                "--method", "harmonic"), err);
        assertEquals(List.of("a.png.tif", "a.tif.tif", "b.tif"), names(dest));
        assertTrue(out.contains("3 of 3 images done"), out);
        assertEquals(1010, IJ.openImage(dest.resolve("a.png.tif").toString()).getProcessor().get(10, 15));
        assertEquals(1030, IJ.openImage(dest.resolve("a.tif.tif").toString()).getProcessor().get(10, 15));
        assertEquals(1040, IJ.openImage(dest.resolve("b.tif").toString()).getProcessor().get(20, 15));
    }

    @Test
    void anOutputFolderEqualToOrInsideTheInputFolderIsRefused() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in")), masks = Files.createDirectories(tmp.resolve("masks"));
        image(in.resolve("a.tif"), 1);
        mask(masks.resolve("a.png"), 10);
        Snapshot before = Snapshot.of(tmp);
        for (Path o : new Path[] {in, in.resolve("results"), tmp.resolve("in/./sub/../results"), masks}) {
            assertEquals(2, run("inpaint", "--image", in.toString(), "--mask", masks.toString(), "--out",
                    o.toString()), o.toString());
            assertTrue(err.contains("choose an output folder outside it"), err);
            before.assertUnchanged(tmp);
        }
        // a link to the input folder is the input folder
        Path link = Files.createSymbolicLink(tmp.resolve("link"), in);
        assertEquals(2, run("inpaint", "--image", in.toString(), "--mask", masks.toString(), "--out",
                link.resolve("r").toString()));
        assertFalse(Files.exists(in.resolve("r")));
    }

    @Test
    void everyImageIsTriedAndTheSummaryListsEachFailure() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in")), masks = Files.createDirectories(tmp.resolve("masks"));
        image(in.resolve("a.tif"), 1);
        mask(masks.resolve("a.png"), 10);
        image(in.resolve("b-nomask.tif"), 2);
        BadFiles.headerBomb(in.resolve("c-bomb.tif"), 100_000, 100_000);
        mask(masks.resolve("c-bomb.png"), 10);
        BadFiles.negativeMetadataCount(in.resolve("d-corrupt.tif"));
        mask(masks.resolve("d-corrupt.png"), 10);
        Files.writeString(in.resolve("e-text.png"), "not an image");
        mask(masks.resolve("e-text.png"), 10);
        image(in.resolve("f.tif"), 2);
        mask(masks.resolve("f.png"), 20);
        Path dest = tmp.resolve("out");
        Snapshot inputs = Snapshot.of(in, masks);
        int rc = run("inpaint", "--image", in.toString(), "--mask", masks.toString(), "--out", dest.toString(),
                "--method", "harmonic");
        assertEquals(2, rc, "bad inputs only: exit 2; " + err);
        assertEquals(List.of("a.tif", "f.tif"), names(dest), "the good images were all done");
        assertEquals(1040, IJ.openImage(dest.resolve("f.tif").toString()).getProcessor().get(20, 15));
        assertTrue(out.contains("2 of 6 images done"), out);
        String summary = err.substring(err.indexOf("inpaint-ij: 4 of 6 images failed:"));
        assertTrue(summary.contains("b-nomask.tif: No mask for b-nomask.tif"), summary);
        assertTrue(summary.contains("c-bomb.tif (100000 x 100000 pixels") && summary.contains("of memory"), summary);
        assertTrue(summary.contains("d-corrupt.tif: the file is damaged"), summary);
        assertTrue(summary.contains("e-text.png"), summary);
        Snapshot.assertNoJavaNames(err);
        inputs.assertUnchanged(in, masks);
    }

    @Test
    void aFullDiskFailsItsImageAndTheOthersAreStillTried() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in")), masks = Files.createDirectories(tmp.resolve("masks"));
        // a large image first (it does not fit), then small ones (they do)
        Files.copy(Path.of("doc/sample/sample.tif"), in.resolve("a-big.tif"));
        Files.copy(Path.of("doc/sample/sample-mask.png"), masks.resolve("a-big.png"));
        image(in.resolve("b.tif"), 1);
        mask(masks.resolve("b.png"), 10);
        try (Mounts disk = Mounts.tmpfs(tmp.resolve("disk"), 64)) {
            Path earlier = Files.write(disk.dir().resolve("earlier.txt"), new byte[1000]);
            String earlierHash = Snapshot.sha256(earlier);
            assertEquals(1, run("inpaint", "--image", in.toString(), "--mask", masks.toString(), "--out",
                    disk.dir().toString(), "--method", "harmonic"));
            assertTrue(err.contains("1 of 2 images failed") && err.contains("no space is left on the disk"), err);
            assertEquals(List.of("b.tif", "earlier.txt"), names(disk.dir()), "no partial file of a-big");
            assertEquals(earlierHash, Snapshot.sha256(earlier));
            Snapshot.assertNoJavaNames(err);
        }
    }

    @Test
    void aBugIsASentenceWithItsDetailsOnlyWithDebug() {
        Path dest = tmp.resolve("x.tif");
        assertEquals(1, run("inpaint", "--image", "doc/sample/sample.tif", "--mask", "doc/sample/sample-mask.png",
                "--out", dest.toString(), "--method", "test-fail"));
        assertEquals("inpaint-ij: Inpaint-IJ failed unexpectedly (an internal error in FailingTestEngine.fill); run "
                + "again with --debug to see the details, and please report it.\n", err);
        assertFalse(Files.exists(dest));
        assertEquals(1, run("inpaint", "--image", "doc/sample/sample.tif", "--mask", "doc/sample/sample-mask.png",
                "--out", dest.toString(), "--method", "test-fail", "--debug"));
        assertTrue(err.contains("inpaint-ij: debug: java.lang.IllegalStateException: index ")
                && err.contains("\tat org.inpaintij.testing.FailingTestEngine.fill"), err);
    }

    @Test
    void aHeaderBombOrACorruptFileAloneIsOneSentence() throws Exception {
        Path bomb = BadFiles.headerBomb(tmp.resolve("bomb.tif"), 100_000, 100_000);
        assertEquals(2, run("inpaint", "--image", bomb.toString(), "--mask", "doc/sample/sample-mask.png", "--out",
                tmp.resolve("x.tif").toString()));
        assertTrue(err.startsWith("inpaint-ij: The image " + bomb + " (100000 x 100000 pixels, 1 plane, 8-bit) with "
                + "its result needs about 20.0 GB of memory"), err);
        assertEquals(1, err.strip().lines().count(), err);
        Path corrupt = BadFiles.negativeMetadataCount(tmp.resolve("corrupt.tif"));
        assertEquals(2, run("inpaint", "--image", corrupt.toString(), "--mask", "doc/sample/sample-mask.png", "--out",
                tmp.resolve("x.tif").toString()));
        assertTrue(err.contains("the file is damaged or is not an image ImageJ reads"), err);
        Snapshot.assertNoJavaNames(err);
        assertFalse(Files.exists(tmp.resolve("x.tif")));
    }
}
