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
 * Generative Fill as a SciJava command: a diffusion model repaints the image's selection from a prompt. The
 * inputs are the macro keys of {@code Generative Fill...}; the fill is Inpaint Selection's with
 * {@code method=diffusion}.
 */
@Plugin(type = Command.class, label = "Generative Fill", headless = true,
        description = "Repaints the image's selection with a diffusion model, guided by a prompt")
public class GenerativeFillCommand extends ModelFillCommand {

    @Parameter(label = "Output", description = "new, in-place or overlay", required = false, persist = false,
            choices = {"new", "in-place", "overlay"})
    String output;

    @Parameter(label = "Mask", description = "selection, or the title of an open binary image", required = false,
            persist = false)
    String mask;

    @Override
    Set<Option> options() {
        return Option.forGenerativeFill();
    }

    @Override
    Map<String, String> fixed() {
        return Map.of(Option.METHOD.key(), "diffusion");
    }

    /** A seed left blank is drawn (and given back as {@code seed_used}), as the dialog's random seed is. */
    @Override
    Map<String, String> defaults() {
        return Map.of(Option.SEED.key(), "-1");
    }

    @Override
    ImageInpainter.Result fill(InpaintRequest req, Map<String, String> values, Monitor monitor) {
        return ImageInpainter.runWatched(image, req, monitor);
    }
}
