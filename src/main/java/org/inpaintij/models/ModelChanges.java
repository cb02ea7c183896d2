package org.inpaintij.models;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells whoever holds a model's files open (the diffusion engine's open sessions) that the model folder is about
 * to be removed or replaced, so that they close them first: a removed or reinstalled model is never used from
 * stale sessions, and on Windows its files can be deleted at all. Engines register; this package never
 * imports them.
 */
public final class ModelChanges {

    private static final Logger LOG = Logger.getLogger(ModelChanges.class.getName());
    private static final List<Consumer<Path>> LISTENERS = new CopyOnWriteArrayList<>();

    private ModelChanges() {}

    /** Calls {@code listener} with the folder of every model about to be removed or replaced, in this process. */
    public static void onChange(Consumer<Path> listener) {
        LISTENERS.add(listener);
    }

    /** The model in {@code folder} is about to be removed or replaced. */
    static void changing(Path folder) {
        Path f = folder.toAbsolutePath().normalize();
        for (Consumer<Path> l : LISTENERS) {
            try {
                l.accept(f);
            } catch (RuntimeException e) {
                // a listener that cannot close its copy must not stop the removal the user asked for
                LOG.log(Level.WARNING, "Could not close the open sessions of " + f + ": " + e.getMessage(), e);
            }
        }
    }
}
