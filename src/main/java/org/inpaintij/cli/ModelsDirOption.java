package org.inpaintij.cli;

import java.nio.file.Path;

import org.inpaintij.models.ModelsFolder;

import picocli.CommandLine.Option;

/**
 * {@code --models-dir DIR} for commands that run models ({@code inpaint}, {@code outpaint}): the model folder
 * for this process, over {@value ModelsFolder#ENV} and the saved folder. It sets the system property
 * {@value ModelsFolder#FLAG_PROPERTY}, which {@link org.inpaintij.models.ModelResolver#standard()} reads, so
 * that the engine finds the folder without it being threaded through every request.
 */
public final class ModelsDirOption {

    @Option(names = "--models-dir", paramLabel = "DIR",
            description = "model folder for this run (over INPAINT_IJ_MODELS and the saved folder)")
    void set(String dir) {
        System.setProperty(ModelsFolder.FLAG_PROPERTY, Path.of(dir).toAbsolutePath().normalize().toString());
    }
}
