package org.inpaintij.core;

import org.scijava.plugin.SciJavaPlugin;

/**
 * One inpainting method. Implementations are found by SciJava's plugin index: annotate a class with
 * {@code @Plugin(type = InpaintEngine.class, name = "mymethod")} and it becomes {@code method=mymethod}
 * everywhere (dialog, macro, command line) with no other change.
 *
 * <p>Engines are stateless and must be safe to call from several threads at once.
 */
public interface InpaintEngine extends SciJavaPlugin {

    /**
     * Pixels of known surroundings the engine needs on every side of a connected mask component with the
     * given bounds. The crop handed to {@link #fill} covers at least that much, clipped to the image.
     */
    int margin(Mask.Component component, InpaintRequest request);

    /**
     * Fills the {@link FillRegion#FILL} pixels of {@code region} in every channel, in the image's units, from
     * its {@link FillRegion#KNOWN} pixels. Must leave no NaN at a FILL pixel. Checks {@code monitor} for
     * cancellation in long loops.
     */
    void fill(FillRegion region, InpaintRequest request, Monitor monitor);

    /**
     * The options this method reads beyond the common ones (method, output, mask, stack, grow, feather): the
     * dialog asks for these, and provenance records them.
     */
    default java.util.Set<Option> options() {
        return java.util.Set.of();
    }

    /**
     * Every option this method's result depends on: its {@link #options()}, and for a method that hands regions
     * to others (auto) theirs too. A method option given but not read is reported to the user as ignored.
     */
    default java.util.Set<Option> reads() {
        return options();
    }

    /**
     * The values the dialog should offer for this method's options whose default is the method's own (a
     * model's steps and guidance, say), given what the user chose so far ({@code model} is asked first when the
     * method reads it). May take time (opening a model); keys absent from the result keep the options' defaults.
     */
    default java.util.Map<Option, String> dialogDefaults(java.util.Map<String, String> chosen) {
        return java.util.Map.of();
    }

    /**
     * The kinds of installed model this method runs, as the model manager writes them ({@code inpainting},
     * {@code plain}, ...): the dialogs offer the installed models of these kinds. Empty for a method without
     * a model.
     */
    default java.util.Set<String> modelKinds() {
        return java.util.Set.of();
    }

    /**
     * Whether separate regions may be filled at the same time on several threads. Engines that hold a large
     * resource (a model on a GPU) say false and get one region at a time, with progress for each.
     */
    default boolean parallel() {
        return true;
    }

    /** A short description for the dialog and the command-line help. */
    default String description() {
        return "";
    }
}
