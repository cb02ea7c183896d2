package org.inpaintij.diffusion.scheduler;

import java.util.Arrays;
import java.util.Map;

import org.inpaintij.core.BadInputException;
import org.inpaintij.diffusion.TorchGenerator;

/**
 * diffusers' FlowMatchEulerDiscreteScheduler, the flow-matching Euler sampler of SD3, Flux and Z-Image. Latents
 * move on the straight line {@code x = sigma * noise + (1 - sigma) * x0}; the model predicts the velocity
 * {@code noise - x0}, and one step is {@code x += (sigma_next - sigma) * v}.
 *
 * <p>All arithmetic is float32 in the order diffusers does it, so that schedules, steps and re-noised latents
 * equal diffusers' bit for bit: the shift {@code shift * s / (1 + (shift - 1) * s)} on float32 sigmas, timesteps
 * {@code sigma * num_train_timesteps}, a terminal sigma 0. Pipelines that pass explicit sigmas (Z-Image's
 * {@code linspace(1, 1/N, N)}) call {@link #setSigmas}; {@link #setTimesteps} is the scheduler's own default
 * schedule, a linspace between the shifted training sigmas shifted once more, as diffusers does.
 *
 * <p>Strength follows diffusers' flow-matching img2img and inpaint pipelines (SD3, Flux, Z-Image), which differ
 * from the Stable Diffusion ones: {@code t_start = int(max(N - min(N * strength, N), 0))}, so that 8 steps at
 * strength 0.6 run 5 steps (Stable Diffusion's rule would run 4).
 *
 * <p>Supported settings: {@code num_train_timesteps}, {@code shift}, {@code shift_terminal}, and
 * {@code use_dynamic_shifting} with {@code time_shift_type} exponential or linear (then a pipeline passes
 * {@code mu}). Karras, exponential and beta sigmas, inverted sigmas and stochastic sampling are refused by name.
 */
public final class FlowMatchEulerScheduler extends AbstractScheduler {

    /** The product name. */
    public static final String NAME = "flow_match_euler";

    /** diffusers' FlowMatchEulerDiscreteScheduler defaults (shift 1, no dynamic shifting). */
    static final Map<String, Object> DEFAULTS = Settings.table(
            "num_train_timesteps", 1000, "shift", 1.0, "use_dynamic_shifting", false, "base_shift", 0.5,
            "max_shift", 1.15, "base_image_seq_len", 256, "max_image_seq_len", 4096, "invert_sigmas", false,
            "shift_terminal", null, "use_karras_sigmas", false, "use_exponential_sigmas", false,
            "use_beta_sigmas", false, "time_shift_type", "exponential", "stochastic_sampling", false);

    private final int trainSteps;
    /** The shift as the config gives it (numpy's float64 paths) and as float32 (the float32 paths). */
    private final double shiftD;
    private final float shift;
    private final boolean dynamic;
    private final boolean linearTimeShift;
    private final double shiftTerminal;
    private final double baseShift, maxShift;
    private final int baseSeqLen, maxSeqLen;
    /** The training sigmas' ends after the constructor's shift, as diffusers keeps them ({@code .item()}). */
    private final double sigmaMin, sigmaMax;

    private float[] sigmas;

    /**
     * A scheduler for a {@code scheduler_config.json}.
     *
     * @throws BadInputException naming the key when the config asks for a variant this class does not implement
     */
    public FlowMatchEulerScheduler(SchedulerConfig config) {
        super(NAME);
        Settings s = new Settings(config, DEFAULTS);
        trainSteps = s.integer("num_train_timesteps");
        if (trainSteps < 1) throw s.bad("num_train_timesteps", config.get("num_train_timesteps"), "a positive integer");
        shiftD = s.number("shift");
        shift = (float) shiftD;
        if (!(shiftD > 0)) throw s.bad("shift", config.get("shift"), "a positive number");
        dynamic = s.flag("use_dynamic_shifting");
        linearTimeShift = s.choice("time_shift_type", "exponential", "linear").equals("linear");
        shiftTerminal = s.optionalNumber("shift_terminal");
        baseShift = s.number("base_shift");
        maxShift = s.number("max_shift");
        baseSeqLen = s.integer("base_image_seq_len");
        maxSeqLen = s.integer("max_image_seq_len");
        for (String k : new String[] {"invert_sigmas", "use_karras_sigmas", "use_exponential_sigmas",
                "use_beta_sigmas", "stochastic_sampling"}) {
            s.requireOff(k);
        }
        // __init__: timesteps linspace(1, T, T) reversed (float32), sigmas t / T, shifted unless dynamic
        float first = trainSteps / (float) trainSteps;
        float last = 1f / trainSteps;
        sigmaMax = dynamic ? first : shifted(first);
        sigmaMin = dynamic ? last : shifted(last);
    }

    /** {@code shift * s / (1 + (shift - 1) * s)} on a float32 value, the Python scalars cast to float32. */
    private float shifted(float s) {
        return shift * s / (1 + (float) (shiftD - 1) * s);
    }

    /**
     * {@code calculate_shift} of diffusers' flow-matching pipelines: mu interpolated linearly in the image's
     * token count between base_shift (base_image_seq_len) and max_shift (max_image_seq_len). Only used when the
     * config turns dynamic shifting on.
     */
    public double mu(int imageSeqLen) {
        double m = (maxShift - baseShift) / (maxSeqLen - baseSeqLen);
        double b = baseShift - m * baseSeqLen;
        return imageSeqLen * m + b;
    }

    /** Whether the schedule depends on the image size (dynamic shifting), so that {@link #setSigmas} needs mu. */
    public boolean dynamicShifting() {
        return dynamic;
    }

    @Override
    public String describe() {
        String how = dynamic ? (linearTimeShift ? "linear" : "exponential") + " dynamic shifting"
                : "shift " + shift;
        return NAME + " (" + how + (Double.isNaN(shiftTerminal) ? "" : ", shift_terminal " + shiftTerminal) + ", "
                + trainSteps + " training steps)";
    }

    /**
     * The scheduler's own schedule (no explicit sigmas): {@code linspace(sigma_max * T, sigma_min * T, N) / T},
     * shifted. Dynamic shifting needs mu: use {@link #setSigmas} then.
     */
    @Override
    public void setTimesteps(int steps, double strength) {
        checkSteps(steps, strength, trainSteps);
        if (dynamic) {
            throw new IllegalStateException("a scheduler with use_dynamic_shifting needs mu: call setSigmas");
        }
        double[] raw = new double[steps];
        double hi = sigmaMax * trainSteps, lo = sigmaMin * trainSteps;
        double step = steps > 1 ? (lo - hi) / (steps - 1) : 0;
        for (int i = 0; i < steps; i++) raw[i] = (steps > 1 && i == steps - 1 ? lo : hi + i * step) / trainSteps;
        // numpy float64 all the way, then the tensor is float32
        float[] out = new float[steps];
        for (int i = 0; i < steps; i++) {
            double sg = raw[i];
            sg = shiftD * sg / (1 + (shiftD - 1) * sg);
            out[i] = (float) sg;
        }
        finish(terminal(out), strength);
    }

    /**
     * The schedule for explicit sigmas, as a pipeline passes them to {@code set_timesteps(sigmas=..., mu=...)}:
     * float32 sigmas, shifted (by {@code shift}, or by mu when the config has dynamic shifting), stretched to
     * {@code shift_terminal} when set, then timesteps {@code sigma * T} and a terminal 0.
     *
     * @param inputSigmas the pipeline's sigmas, descending, one per step
     * @param strength 0..1, applied as diffusers' flow-matching pipelines do (see the class comment)
     * @param mu the dynamic shift (ignored unless the config has use_dynamic_shifting)
     */
    public void setSigmas(float[] inputSigmas, double strength, double mu) {
        checkSteps(inputSigmas.length, strength, trainSteps);
        float[] s = inputSigmas.clone();
        for (int i = 0; i < s.length; i++) {
            if (dynamic) {
                // math.exp(mu) / (math.exp(mu) + (1 / t - 1) ** 1.0) on a float32 array stays float32
                float e = (float) (linearTimeShift ? mu : Math.exp(mu));
                float r = 1f / s[i] - 1f;
                s[i] = e / (e + r);
            } else {
                s[i] = shifted(s[i]);
            }
        }
        finish(terminal(s), strength);
    }

    /** Z-Image's sigmas for N steps, {@code torch.linspace(1.0, 1/N, N)} in float32 as torch computes it. */
    public static float[] linspaceSigmas(int steps) {
        return torchLinspace(1f, (float) (1.0 / steps), steps);
    }

    /**
     * {@code torch.linspace(start, end, n)} in float32 as torch's CPU kernel computes it: a float32 step, the
     * first half from the start and the second half from the end, each value one fused multiply-add (x86
     * builds contract {@code start + step * i}); equal to torch 2.13 for every n up to 300.
     */
    static float[] torchLinspace(float start, float end, int n) {
        float[] v = new float[n];
        if (n == 1) {
            v[0] = start;
            return v;
        }
        float step = (end - start) / (n - 1);
        int half = n / 2;
        for (int i = 0; i < n; i++) v[i] = i < half ? Math.fma(step, (float) i, start) : Math.fma(-step, (float) (n - 1 - i), end);
        return v;
    }

    private float[] terminal(float[] s) {
        if (Double.isNaN(shiftTerminal)) return s;
        // stretch_shift_to_terminal: 1 - (1 - s) / ((1 - s[-1]) / (1 - shift_terminal)), in float32
        float scale = (float) ((1f - s[s.length - 1]) / (1 - shiftTerminal));
        float[] out = new float[s.length];
        for (int i = 0; i < s.length; i++) out[i] = 1f - (1f - s[i]) / scale;
        return out;
    }

    private void finish(float[] s, double strength) {
        int n = s.length;
        sigmas = Arrays.copyOf(s, n + 1);
        double[] t = new double[n];
        for (int i = 0; i < n; i++) t[i] = s[i] * trainSteps; // float32 product, as diffusers' tensor
        double init = Math.min(n * strength, n);
        start(t, (int) Math.max(n - init, 0));
    }

    @Override
    String scheduleSetters() {
        return "setTimesteps or setSigmas";
    }

    /** The float32 sigma at {@code index} (0..steps(); the last is 0). */
    public float sigma(int index) {
        requireIndex(index, steps());
        return sigmas[index];
    }

    @Override
    public double[] sigmas() {
        requireSchedule();
        double[] s = new double[sigmas.length];
        for (int i = 0; i < s.length; i++) s[i] = sigmas[i];
        return s;
    }

    /**
     * {@code sample += (sigma[i + 1] - sigma[i]) * v} in float32; {@link #denoised()} then holds
     * {@code sample - sigma * v}, the clean estimate. {@code noise} is not used (no stochastic sampling).
     */
    @Override
    void update(float[] modelOutput, int index, float[] sample, TorchGenerator noise) {
        float sigma = sigmas[index];
        float dt = sigmas[index + 1] - sigma;
        for (int i = 0; i < sample.length; i++) {
            float x = sample[i], v = modelOutput[i];
            denoised[i] = x - sigma * v;
            sample[i] = x + dt * v;
        }
    }

    /** {@code scale_noise}: {@code sigma * noise + (1 - sigma) * original} at {@code index}, in float32. */
    @Override
    void noise(float[] original, float[] noise, int index, float[] out) {
        float sigma = sigmas[index];
        float keep = 1f - sigma;
        for (int i = 0; i < out.length; i++) out[i] = sigma * noise[i] + keep * original[i];
    }

    /** As every scheduler's, with the timesteps shown as the float32 values they are. */
    @Override
    public String toString() {
        if (timesteps == null) return describe();
        float[] t = new float[timesteps.length];
        for (int i = 0; i < t.length; i++) t[i] = (float) timesteps[i];
        return describe() + " " + Arrays.toString(t);
    }
}
