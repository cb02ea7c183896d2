package org.inpaintij.plugin;

import java.util.Map;
import java.util.Set;

import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Monitor;
import org.inpaintij.core.Option;
import org.inpaintij.ij.ImageInpainter;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Inpaint Selection as a SciJava command, for scripts ({@code #@ CommandService}), PyImageJ and headless Fiji:
 * the inputs are the macro keys of {@code Inpaint Selection...}, and the fill is the same.
 */
@Plugin(type = Command.class, label = "Inpaint Selection", headless = true,
        description = "Fills the image's selection (or a mask) from its surroundings or with a diffusion model")
public class InpaintSelectionCommand extends MethodFillCommand {

    @Parameter(label = "Output", description = "new, in-place or overlay", required = false, persist = false,
            choices = {"new", "in-place", "overlay"})
    String output;

    @Parameter(label = "Mask", description = "selection, nan, or the title of an open binary image",
            required = false, persist = false)
    String mask;

    @Parameter(label = "Every slice", required = false, persist = false)
    boolean stack;

    @Parameter(label = "No undo", description = "confirms in-place changes to a whole stack", required = false,
            persist = false)
    boolean no_undo;

    @Parameter(label = "Point radius (pixels)", required = false, persist = false)
    String point_radius;

    @Override
    Set<Option> options() {
        return Option.forInpaint();
    }

    @Override
    ImageInpainter.Result fill(InpaintRequest req, Map<String, String> values, Monitor monitor) {
        return ImageInpainter.runWatched(image, req, monitor);
    }
}
