package org.inpaintij.cli;

import java.nio.file.Path;

import picocli.CommandLine;

/** The flags every image command takes: where the images come from and go, and how much to print. */
final class FilesOptions {

    @CommandLine.Option(names = "--image", required = true, paramLabel = "IN",
            description = "image file, or a folder of images (anything ImageJ opens)")
    Path image;

    @CommandLine.Option(names = "--out", required = true, paramLabel = "OUT",
            description = "output file (.tif keeps type, calibration and Info), or a folder (outside the input "
                    + "folder) for a folder of images")
    Path out;

    @CommandLine.Option(names = "--overwrite",
            description = "allow --out to name the input file itself; it is replaced only once the result is "
                    + "written in full")
    boolean overwrite;

    @CommandLine.Option(names = "--lossy",
            description = "allow a lossy export to .png or .jpg (8-bit or 16-bit pixels only, no calibration, Info "
                    + "or outline)")
    boolean lossy;

    @CommandLine.Option(names = "--quiet", description = "print nothing but errors")
    boolean quiet;
}
