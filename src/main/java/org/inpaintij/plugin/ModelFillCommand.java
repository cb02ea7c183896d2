package org.inpaintij.plugin;

import org.inpaintij.core.Option;
import org.scijava.plugin.Parameter;

/**
 * The SciJava fill commands' shared inputs: grow and feather, and those of a diffusion model; names and
 * meanings are the macro keys'. Numbers are text, as in a macro, so that blank can mean "the model's own"
 * (SciJava would make an unset number 0); a script may pass numbers, which SciJava turns into text.
 */
abstract class ModelFillCommand extends FillCommand {

    @Parameter(label = "Grow (pixels)", required = false, persist = false)
    String grow;

    @Parameter(label = "Feather (pixels)", required = false, persist = false)
    String feather;

    @Parameter(label = "Prompt", description = "what to paint", required = false, persist = false)
    String prompt;

    @Parameter(label = "Negative prompt", description = "what not to paint", required = false, persist = false)
    String negative;

    @Parameter(label = "Model", description = "installed model name, or a model folder's path (blank: the first "
            + "installed)", required = false, persist = false)
    String model;

    @Parameter(label = "Steps", description = "denoising steps (blank: the model's own)", required = false,
            persist = false)
    String steps;

    @Parameter(label = "Guidance (cfg)", description = "classifier-free guidance; 1 or less turns it off (blank: "
            + "the model's own)", required = false, persist = false)
    String cfg;

    @Parameter(label = "Strength", description = "0..1, how much of the region is repainted (blank: the model's "
            + "own)", required = false, persist = false)
    String strength;

    @Parameter(label = "Seed", description = "random seed; -1 draws one, given back as seed_used", required = false,
            persist = false)
    String seed;

    @Parameter(label = "Scheduler", required = false, persist = false, choices = {"default", "ddim", "euler",
            "euler_ancestral", "dpmpp_2m", "dpmpp_2m_karras", "lcm"})
    String scheduler;

    @Parameter(label = "Variations", description = "how many results, one seed each", required = false,
            persist = false)
    String variations;

    @Parameter(label = "Context (pixels)", description = "surrounding image given to the model (blank: half the "
            + "region's larger side)", required = false, persist = false)
    String context;

    @Parameter(label = "Resolution (pixels)", description = "the model's working size, a multiple of 8 (blank: "
            + "the model's own)", required = false, persist = false)
    String resolution;

    @Parameter(label = "Device", description = "auto, cpu, cuda or cuda:N", required = false, persist = false)
    String device;
}
