package org.inpaintij.plugin;

import java.util.Map;
import java.util.Set;

import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Monitor;
import org.inpaintij.core.Option;
import org.inpaintij.ij.ImageInpainter;
import org.inpaintij.ij.Outpainter;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Outpaint as a SciJava command: a larger canvas whose new border is filled; always a new image. The inputs are
 * the macro keys of {@code Outpaint...}.
 */
@Plugin(type = Command.class, label = "Outpaint", headless = true,
        description = "Makes a larger canvas and fills the new border")
public class OutpaintCommand extends MethodFillCommand {

    @Parameter(label = "Left (pixels)", required = false, persist = false)
    String left;

    @Parameter(label = "Right (pixels)", required = false, persist = false)
    String right;

    @Parameter(label = "Top (pixels)", required = false, persist = false)
    String top;

    @Parameter(label = "Bottom (pixels)", required = false, persist = false)
    String bottom;

    @Parameter(label = "Overlap (pixels)", required = false, persist = false)
    String overlap;

    @Override
    Set<Option> options() {
        return Option.forOutpaint();
    }

    @Override
    ImageInpainter.Result fill(InpaintRequest req, Map<String, String> values, Monitor monitor) {
        return Outpainter.run(image, req, Outpainter.Border.parse(values), monitor);
    }
}
