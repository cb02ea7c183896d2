package org.inpaintij.diffusion.scheduler;

import java.util.List;
import java.util.Map;

import org.inpaintij.core.BadInputException;

/**
 * Builds a {@link Scheduler} from a product name and a model's {@code scheduler_config.json}.
 *
 * <p>An explicit name keeps what the config sets (betas, timestep spacing, steps_offset, prediction type...)
 * and takes the algorithm's diffusers defaults for the rest, as {@code Scheduler.from_config} does in
 * diffusers. {@code default} runs the model's own scheduler when it is implemented and otherwise the nearest
 * one with the same betas and spacing (the model class's own defaults filled in first), per
 * {@link #nearest(String)}; see {@code doc/diffusion-maths.md}.
 */
public final class Schedulers {

    /** The product names, {@code default} first. */
    public static final List<String> NAMES =
            List.of("default", "ddim", "euler", "euler_ancestral", "dpmpp_2m", "dpmpp_2m_karras", "lcm");

    /** diffusers classes and the implemented algorithm {@code default} uses for each. */
    private static final Map<String, String> NEAREST = Map.ofEntries(
            Map.entry("DDIMScheduler", "ddim"),
            Map.entry("EulerDiscreteScheduler", "euler"),
            Map.entry("EulerAncestralDiscreteScheduler", "euler_ancestral"),
            Map.entry("DPMSolverMultistepScheduler", "dpmpp_2m"),
            Map.entry("LCMScheduler", "lcm"),
            // PLMS (PNDM with skip_prk_steps) and DDPM update on the same discrete timesteps and
            // variance-preserving latents as DDIM; PNDM's PLMS step is DDIM's update on a combined epsilon
            Map.entry("PNDMScheduler", "ddim"),
            Map.entry("DDPMScheduler", "ddim"),
            // the k-diffusion family works on sigma-scaled latents like Euler
            Map.entry("LMSDiscreteScheduler", "euler"),
            Map.entry("HeunDiscreteScheduler", "euler"),
            Map.entry("KDPM2DiscreteScheduler", "euler"),
            Map.entry("KDPM2AncestralDiscreteScheduler", "euler_ancestral"),
            // other multistep exponential integrators
            Map.entry("UniPCMultistepScheduler", "dpmpp_2m"),
            Map.entry("DEISMultistepScheduler", "dpmpp_2m"),
            Map.entry("DPMSolverSinglestepScheduler", "dpmpp_2m"),
            Map.entry("TCDScheduler", "lcm"));

    /**
     * The defaults of the classes {@code default} maps to another algorithm, for the keys that carry over, so
     * that the mapped scheduler keeps what the model's own scheduler would have used.
     */
    private static final Map<String, Map<String, Object>> SOURCE_DEFAULTS = Map.of(
            // PNDM never clips its prediction
            "PNDMScheduler", Settings.table("num_train_timesteps", 1000, "beta_start", 0.0001, "beta_end", 0.02,
                    "beta_schedule", "linear", "set_alpha_to_one", false, "prediction_type", "epsilon",
                    "timestep_spacing", "leading", "steps_offset", 0, "clip_sample", false),
            "DDPMScheduler", Settings.table("num_train_timesteps", 1000, "beta_start", 0.0001, "beta_end", 0.02,
                    "beta_schedule", "linear", "clip_sample", true, "prediction_type", "epsilon",
                    "timestep_spacing", "leading", "steps_offset", 0),
            "LMSDiscreteScheduler", kDefaults(0.0001, 0.02),
            "HeunDiscreteScheduler", kDefaults(0.00085, 0.012),
            "KDPM2DiscreteScheduler", kDefaults(0.00085, 0.012),
            "KDPM2AncestralDiscreteScheduler", kDefaults(0.00085, 0.012),
            "UniPCMultistepScheduler", kDefaults(0.0001, 0.02),
            "DEISMultistepScheduler", kDefaults(0.0001, 0.02),
            "DPMSolverSinglestepScheduler", kDefaults(0.0001, 0.02),
            "TCDScheduler", Settings.table("num_train_timesteps", 1000, "beta_start", 0.00085, "beta_end", 0.012,
                    "beta_schedule", "scaled_linear", "original_inference_steps", 50, "clip_sample", false,
                    "set_alpha_to_one", true, "steps_offset", 0, "prediction_type", "epsilon",
                    "timestep_spacing", "leading"));

    private Schedulers() {}

    private static Map<String, Object> kDefaults(double betaStart, double betaEnd) {
        return Settings.table("num_train_timesteps", 1000, "beta_start", betaStart, "beta_end", betaEnd,
                "beta_schedule", "linear", "prediction_type", "epsilon", "timestep_spacing", "linspace",
                "steps_offset", 0, "use_karras_sigmas", false);
    }

    /**
     * The implemented algorithm {@code default} uses for a diffusers scheduler class, or null when the class
     * is unknown.
     */
    public static String nearest(String diffusersClass) {
        return diffusersClass == null ? null : NEAREST.get(diffusersClass);
    }

    /**
     * The algorithm a product name stands for with this config: the name itself, or for {@code default} the
     * model's scheduler or its nearest implemented one ({@code dpmpp_2m_karras} when a DPM-family config
     * asks for Karras sigmas).
     *
     * @throws BadInputException for an unknown name, or {@code default} with an unknown scheduler class
     */
    public static String resolve(String name, SchedulerConfig config) {
        if (name == null || !NAMES.contains(name)) {
            throw new BadInputException("scheduler = " + name + " is not known; Inpaint-IJ accepts "
                    + String.join(", ", NAMES) + ".");
        }
        if (!name.equals("default")) return name;
        String target = nearest(config.className());
        if (target == null) {
            throw new BadInputException(config.source() + " names the scheduler " + config.className()
                    + ", which the default setting cannot map; choose one of " + String.join(", ", NAMES.subList(1,
                    NAMES.size())) + " explicitly.");
        }
        if (target.equals("dpmpp_2m") && karrasRequested(sourceConfig(config))) target = "dpmpp_2m_karras";
        return target;
    }

    /**
     * A scheduler for a product name ({@link #NAMES}) and a model's scheduler configuration.
     *
     * @throws BadInputException for an unknown name, an unmappable class with {@code default}, or a config
     *         value the algorithm does not support (the message names the key)
     */
    public static Scheduler create(String name, SchedulerConfig config) {
        String algorithm = resolve(name, config);
        SchedulerConfig c = name.equals("default") ? sourceConfig(config) : config;
        if (algorithm.startsWith("dpmpp_2m")) {
            // the names say DPM++ 2M: a DPM config's other solver orders and SDE variants become 2M
            c = c.with("algorithm_type", "dpmsolver++").with("solver_order", 2);
        }
        return switch (algorithm) {
            case "ddim" -> new DdimScheduler(c);
            case "euler" -> new EulerScheduler(c, false);
            case "euler_ancestral" -> new EulerScheduler(c, true);
            case "dpmpp_2m" -> new DpmSolverScheduler(c, false);
            case "dpmpp_2m_karras" -> new DpmSolverScheduler(c, true);
            case "lcm" -> new LcmScheduler(c);
            default -> throw new IllegalStateException(algorithm);
        };
    }

    /** The config with its own class's defaults filled in, for the classes that {@code default} maps away. */
    private static SchedulerConfig sourceConfig(SchedulerConfig config) {
        Map<String, Object> d = config.className() == null ? null : SOURCE_DEFAULTS.get(config.className());
        return d == null ? config : config.withDefaults(d);
    }

    private static boolean karrasRequested(SchedulerConfig c) {
        return c.has("use_karras_sigmas") && c.get("use_karras_sigmas").isJsonPrimitive()
                && c.get("use_karras_sigmas").getAsJsonPrimitive().isBoolean() && c.get("use_karras_sigmas").getAsBoolean();
    }
}
