package org.inpaintij.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.Errors;

/**
 * Files and folders for the command line: pairing images with masks and outputs, and running every pair. No
 * input is ever an output: a file output that names its own input is refused unless {@code --overwrite} is
 * given, and an output folder equal to or inside an input folder always is. In a folder, every image is tried
 * whatever happens to the others, and the summary lists each failure with its reason.
 */
final class Batch {

    private static final Set<String> IMAGE_EXTENSIONS = Set.of("tif", "tiff", "png", "jpg", "jpeg", "gif", "bmp",
            "pgm", "fits", "fit", "dcm", "zip");

    private Batch() {}

    /**
     * One image to process.
     *
     * @param image the input
     * @param mask its mask file, or null
     * @param out where its result goes
     * @param problem why it cannot be processed (a missing mask), reported in its turn; else null
     */
    record Item(Path image, Path mask, Path out, BadInputException problem) {}

    /**
     * The items: one for a file, one per image for a folder (mask from the mask folder by file name, or the one
     * mask file for all; output into the output folder as TIFF, named after the input, with the input's
     * extension kept where two inputs share a name).
     *
     * @throws BadInputException for a missing input, an output that would replace an input, an output folder in
     *     an input folder, or an output format that loses data
     * @throws IOException when the output folder cannot be created
     */
    static List<Item> pair(FilesOptions files, String maskArg) throws IOException {
        Path image = files.image;
        Path out = files.out;
        boolean nan = maskArg != null && maskArg.equalsIgnoreCase("nan");
        Path mask = maskArg == null || nan ? null : Path.of(maskArg);
        if (!Files.exists(image)) throw new BadInputException("--image " + image + " does not exist.");
        if (mask != null && !Files.exists(mask)) throw new BadInputException("--mask " + mask + " does not exist.");
        List<Item> items = new ArrayList<>();
        if (!Files.isDirectory(image)) {
            if (mask != null && Files.isDirectory(mask)) mask = match(mask, image);
            if (Files.isDirectory(out)) out = out.resolve(tiffName(image.getFileName().toString()));
            ImageWriter.format(out, files.lossy);
            if (!files.overwrite) {
                refuseReplacing(out, image, "--image");
                if (mask != null) refuseReplacing(out, mask, "--mask");
            }
            items.add(new Item(image, mask, out, null));
            return items;
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new BadInputException("--image is a folder, so --out must be a folder too, not the file " + out
                    + ".");
        }
        refuseInside(out, image, "--image");
        if (mask != null && Files.isDirectory(mask)) refuseInside(out, mask, "--mask");
        List<Path> images;
        try (Stream<Path> s = Files.list(image)) {
            images = s.filter(Batch::isImage).sorted().toList();
        }
        if (images.isEmpty()) throw new BadInputException("The folder " + image + " holds no image files.");
        Map<String, Integer> sameBase = new HashMap<>();
        for (Path in : images) {
            sameBase.merge(base(in.getFileName().toString()).toLowerCase(Locale.ROOT), 1, Integer::sum);
        }
        Map<String, Path> taken = new HashMap<>();
        for (Path in : images) {
            String name = in.getFileName().toString();
            // a.png and a.tif would both make a.tif: each keeps its extension instead (a.png.tif, a.tif.tif)
            String outName = sameBase.get(base(name).toLowerCase(Locale.ROOT)) > 1 ? name + ".tif" : tiffName(name);
            Path other = taken.putIfAbsent(outName.toLowerCase(Locale.ROOT), in);
            if (other != null) {
                throw new BadInputException(other.getFileName() + " and " + name + " in " + image + " would both be "
                        + "written as " + outName + "; rename one of them.");
            }
            Path m = null;
            BadInputException problem = null;
            if (mask != null && Files.isDirectory(mask)) {
                try {
                    m = match(mask, in);
                } catch (BadInputException e) {
                    problem = e;
                }
            } else {
                m = mask;
            }
            items.add(new Item(in, m, out.resolve(outName), problem));
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new OutputFile.WriteFailedException("Could not create the output folder " + out + ": "
                    + Errors.io(e) + "; nothing was written.", e);
        }
        return items;
    }

    /** Refuses an output file that is the input itself (same path, link or hard link). */
    private static void refuseReplacing(Path out, Path input, String flag) throws IOException {
        if (Files.exists(out) && Files.isSameFile(out, input)) {
            throw new BadInputException("--out " + out + " is the " + flag + " file itself; name another output, or "
                    + "add --overwrite to replace it (the result is then written in full before it replaces the "
                    + "original).");
        }
    }

    /** Refuses an output folder equal to or inside an input folder: the results would mix with the inputs. */
    private static void refuseInside(Path out, Path inputFolder, String flag) throws IOException {
        Path o = real(out), in = real(inputFolder);
        if (o.startsWith(in)) {
            throw new BadInputException("--out " + out + " is " + (o.equals(in) ? "the " + flag + " folder itself"
                    : "inside the " + flag + " folder " + inputFolder) + ", where results would mix with the inputs;"
                    + " choose an output folder outside it.");
        }
    }

    /** The path with links resolved as far as it exists (the rest appended as it is). */
    private static Path real(Path p) throws IOException {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) return abs;
        return existing.toRealPath().resolve(existing.relativize(abs));
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

    private static String tiffName(String name) {
        return base(name) + ".tif";
    }

    /** One job of a batch: fills or extends one image and returns its provenance line. */
    interface Job {
        String run(Path in, Path mask, Path out) throws IOException;
    }

    /**
     * Runs every item, printing a line per image. A single item's failure is its one sentence (exit 2 for bad
     * input, 1 otherwise); in a folder every image is tried, each failure is reported as it happens and again in
     * the summary, and the status is 0 only when every image succeeded (2 when only inputs were bad, else 1).
     */
    static int runAll(List<Item> items, Job job, PrintWriter out, PrintWriter err, boolean quiet) {
        boolean single = items.size() == 1;
        int bad = 0, failed = 0;
        List<String> failures = new ArrayList<>();
        for (Item it : items) {
            long t0 = System.nanoTime();
            StringBuilder imagej = new StringBuilder();
            Throwable failure;
            try {
                if (it.problem() != null) throw it.problem();
                String line = CliOutput.quietly(() -> job.run(it.image(), it.mask(), it.out()), imagej);
                if (!quiet) {
                    out.printf("%s -> %s (%.2f s) %s%n", it.image(), it.out(), (System.nanoTime() - t0) / 1e9, line);
                }
                continue;
            } catch (BadInputException e) {
                bad++;
                failure = e;
            } catch (Exception | OutOfMemoryError e) {
                failed++;
                failure = e;
            }
            String reason = Flags.speak(Errors.sentence(failure, "run again with --debug"));
            err.println("inpaint-ij: " + (single ? "" : it.image() + ": ") + reason);
            CliOutput.debug(err, failure, imagej);
            failures.add(it.image() + ": " + reason);
        }
        if (!single) {
            if (!quiet) out.printf("%d of %d images done%n", items.size() - bad - failed, items.size());
            if (!failures.isEmpty()) {
                err.println("inpaint-ij: " + failures.size() + " of " + items.size() + " images failed:");
                for (String f : failures) err.println("  " + f);
            }
        }
        out.flush();
        err.flush();
        return failed > 0 ? Main.FAILURE : bad > 0 ? Main.BAD_INPUT : 0;
    }
}
