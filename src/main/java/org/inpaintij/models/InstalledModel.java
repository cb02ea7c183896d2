package org.inpaintij.models;

import java.nio.file.Path;

/**
 * A completely installed model: its folder holds a {@link Manifest}.
 *
 * @param name the model's name (its folder's name)
 * @param folder the model folder, in the diffusers ONNX layout
 * @param manifest the pinned files, licence and defaults
 */
public record InstalledModel(String name, Path folder, Manifest manifest) {

    /** The model's kind. */
    public ModelKind kind() {
        return manifest.kind();
    }

    /** Total size of its files in bytes. */
    public long bytes() {
        return manifest.bytes();
    }
}
