package org.inpaintij.plugin;

import org.scijava.plugin.Parameter;

/** The inputs of the SciJava fill commands that take any method: the method and the model-free methods' own. */
abstract class MethodFillCommand extends ModelFillCommand {

    @Parameter(label = "Method", description = "auto, harmonic, biharmonic, patch, telea, diffusion, ...",
            required = false, persist = false)
    String method;

    @Parameter(label = "Radius (telea, pixels)", required = false, persist = false)
    String radius;

    @Parameter(label = "Patch (size, pixels)", required = false, persist = false)
    String patch;
}
