package org.inpaintij.cli;

import java.nio.file.Path;

import picocli.CommandLine;

/** The flags every image command takes: where the images come from and go, and how much to print. */
final class FilesOptions {

    @CommandLine.Option(names = "--image", required = true, paramLabel = "IN",
            description = "image file, or a folder of images (anything ImageJ opens)")
    Path image;

    @CommandLine.Option(names = "--out", required = true, paramLabel = "OUT",
            description = "output file (.tif keeps type and calibration; .png), or a folder for a folder of images")
    Path out;

    @CommandLine.Option(names = "--quiet", description = "print nothing but errors")
    boolean quiet;
}
