package org.inpaintij.models;

import java.nio.file.Path;

import org.inpaintij.core.Monitor;

/**
 * Installs one model in a process of its own, so that a test can kill it part-way: arguments are the model
 * folder, the settings file and the descriptor file.
 */
public final class InstallChild {

    private InstallChild() {}

    public static void main(String[] args) {
        ModelStore store = new ModelStore(Path.of(args[0]));
        ModelDescriptor d = ModelCatalog.read(Path.of(args[2]));
        new ModelInstaller(store, Settings.at(Path.of(args[1])), Downloader.standard(), null).install(d, Monitor.NONE);
        System.out.println("installed");
    }
}
