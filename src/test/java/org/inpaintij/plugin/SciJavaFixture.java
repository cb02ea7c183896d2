package org.inpaintij.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;

import org.inpaintij.models.ModelsFolder;
import org.inpaintij.models.Settings;

/** A model folder and settings of their own for the SciJava tests, and the flat image they fill. */
final class SciJavaFixture {

    private SciJavaFixture() {}

    /** Points the model folder and the settings at a fresh temporary folder. */
    static Path home(String name) throws IOException {
        Path home = Files.createTempDirectory(name);
        System.setProperty(ModelsFolder.FLAG_PROPERTY, home.resolve("models").toString());
        System.setProperty(Settings.FILE_PROPERTY, home.resolve("settings.properties").toString());
        return home;
    }

    /** Puts the model folder and settings back. */
    static void clear() {
        System.clearProperty(ModelsFolder.FLAG_PROPERTY);
        System.clearProperty(Settings.FILE_PROPERTY);
    }

    /** A flat grey RGB image with a 128 x 128 selection, as DiffusionInImageJTest's. */
    static ImagePlus flat() {
        ImagePlus imp = IJ.createImage("flat", "RGB black", 256, 256, 1);
        imp.getProcessor().setColor(new java.awt.Color(153, 153, 153));
        imp.getProcessor().fill();
        imp.setRoi(new Roi(64, 64, 128, 128));
        return imp;
    }
}
