package org.inpaintij.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;

import org.inpaintij.core.BadInputException;

/** Files and folders for the command line: pairing images with masks and outputs, opening and saving. */
final class Batch {

    private static final Set<String> IMAGE_EXTENSIONS = Set.of("tif", "tiff", "png", "jpg", "jpeg", "gif", "bmp",
            "pgm", "fits", "fit", "dcm", "zip");

    private Batch() {}

    /**
     * The (image, mask, output) triples: one for a file, one per image for a folder (mask from the mask folder
     * by file name, or the one mask file for all; output into the output folder as TIFF).
     */
    static List<Path[]> pair(Path image, String maskArg, Path out) throws IOException {
        boolean nan = maskArg != null && maskArg.equalsIgnoreCase("nan");
        Path mask = maskArg == null || nan ? null : Path.of(maskArg);
        if (!Files.exists(image)) throw new BadInputException("--image " + image + " does not exist.");
        if (mask != null && !Files.exists(mask)) throw new BadInputException("--mask " + mask + " does not exist.");
        List<Path[]> jobs = new ArrayList<>();
        if (!Files.isDirectory(image)) {
            if (mask != null && Files.isDirectory(mask)) {
                mask = match(mask, image);
            }
            if (Files.isDirectory(out)) out = out.resolve(tiffName(image));
            jobs.add(new Path[] {image, mask, out});
            return jobs;
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new BadInputException("--image is a folder, so --out must be a folder too, not the file " + out + ".");
        }
        Files.createDirectories(out);
        List<Path> images;
        try (Stream<Path> s = Files.list(image)) {
            images = s.filter(Batch::isImage).sorted().toList();
        }
        if (images.isEmpty()) throw new BadInputException("The folder " + image + " holds no image files.");
        for (Path in : images) {
            Path m = mask == null ? null : Files.isDirectory(mask) ? match(mask, in) : mask;
            jobs.add(new Path[] {in, m, out.resolve(tiffName(in))});
        }
        return jobs;
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return Files.isRegularFile(p) && !n.startsWith(".") && dot > 0
                && IMAGE_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The mask in {@code folder} with the same base name as {@code image} (any image extension). */
    private static Path match(Path folder, Path image) throws IOException {
        String base = base(image.getFileName().toString());
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> hits = s.filter(Batch::isImage).filter(p -> base(p.getFileName().toString()).equals(base))
                    .sorted().toList();
            if (hits.isEmpty()) {
                throw new BadInputException("No mask for " + image.getFileName() + " in " + folder
                        + " (masks are matched by file name, any image extension).");
            }
            return hits.get(0);
        }
    }

    private static String base(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String tiffName(Path in) {
        return base(in.getFileName().toString()) + ".tif";
    }

    /** One job of a batch: fills or extends one image and returns its provenance line. */
    interface Job {
        String run(Path in, Path mask, Path out) throws IOException;
    }

    /**
     * Runs every job, printing a line per image; a single job's bad input or failure propagates (exit 2 or 1),
     * while in a batch it is reported and skipped and the status is that of the worst image.
     */
    static int runAll(List<Path[]> jobs, Job job, java.io.PrintWriter out, java.io.PrintWriter err, boolean quiet)
            throws IOException {
        int bad = 0, failed = 0;
        for (Path[] j : jobs) {
            long t0 = System.nanoTime();
            try {
                String line = job.run(j[0], j[1], j[2]);
                if (!quiet) out.printf("%s -> %s (%.2f s) %s%n", j[0], j[2], (System.nanoTime() - t0) / 1e9, line);
            } catch (BadInputException e) {
                if (jobs.size() == 1) throw e;
                err.println("inpaint-ij: " + j[0] + ": " + e.getMessage());
                bad++;
            } catch (RuntimeException e) {
                if (jobs.size() == 1) throw e;
                err.println("inpaint-ij: " + j[0] + ": failed: " + e);
                failed++;
            }
        }
        if (jobs.size() > 1 && !quiet) out.printf("%d of %d images done%n", jobs.size() - bad - failed, jobs.size());
        return failed > 0 ? Main.FAILURE : bad > 0 ? Main.BAD_INPUT : 0;
    }

    /** Opens an image with ImageJ's readers, or explains why not. */
    static ImagePlus open(Path p, String what) {
        ImagePlus imp = IJ.openImage(p.toString());
        if (imp == null) {
            throw new BadInputException("Cannot open the " + what + " " + p + " as an image (ImageJ's readers "
                    + "accept TIFF, PNG, JPEG, GIF, BMP, PGM, FITS, DICOM and more).");
        }
        return imp;
    }

    /** Saves as TIFF (keeps type, calibration and metadata) unless the name asks for another format. */
    static void save(ImagePlus imp, Path dest) throws IOException {
        if (dest.getParent() != null) Files.createDirectories(dest.getParent());
        String n = dest.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean ok;
        if (n.endsWith(".tif") || n.endsWith(".tiff") || !n.contains(".")) {
            ok = imp.getStackSize() > 1 ? new FileSaver(imp).saveAsTiffStack(dest.toString())
                    : new FileSaver(imp).saveAsTiff(dest.toString());
        } else if (n.endsWith(".png")) {
            ok = new FileSaver(imp).saveAsPng(dest.toString());
        } else {
            throw new BadInputException("Cannot write " + dest + ": name the output .tif (keeps type and "
                    + "calibration) or .png.");
        }
        if (!ok || !Files.exists(dest)) throw new IOException("Could not write " + dest + " (disk full or no permission?)");
    }
}
