package org.inpaintij.diffusion.scheduler;

import java.util.Arrays;
import java.util.Locale;

import org.inpaintij.core.BadInputException;
import org.inpaintij.diffusion.TorchGenerator;

/** What every scheduler shares: the schedule, the img2img start, the step order check and the buffers. */
abstract class AbstractScheduler implements Scheduler {

    /** What the model predicts. */
    enum Prediction {
        EPSILON, V_PREDICTION;

        static Prediction of(Settings s) {
            return s.choice("prediction_type", "epsilon", "v_prediction").equals("epsilon") ? EPSILON : V_PREDICTION;
        }
    }

    private final String name;
    final Settings settings;
    final TrainingSchedule train;
    final Prediction prediction;

    /** The schedule: training timesteps as the UNet gets them, one per step. */
    double[] timesteps;
    private int startIndex;
    private int nextIndex;
    float[] denoised = new float[0];
    private float[] fresh = new float[0];

    AbstractScheduler(String name, Settings settings) {
        this.name = name;
        this.settings = settings;
        this.train = TrainingSchedule.of(settings);
        this.prediction = Prediction.of(settings);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final void setTimesteps(int steps, double strength) {
        if (steps < 1 || steps > maxSteps()) {
            throw new BadInputException("steps = " + steps + " is not possible with " + name + "; it accepts 1 to "
                    + maxSteps() + ".");
        }
        if (!(strength >= 0 && strength <= 1)) {
            throw new BadInputException("strength = " + strength + " is out of range; it accepts 0 to 1.");
        }
        double[] schedule = schedule(steps);
        if (!withinTrainingTable(schedule)) {
            int most = steps - 1;
            while (most > 1 && !withinTrainingTable(schedule(most))) most--;
            throw new BadInputException("steps = " + steps + " is not possible with " + name + " and this model's "
                    + "timestep spacing (a timestep would fall outside the " + train.size
                    + " training steps); it accepts 1 to " + most + ".");
        }
        timesteps = schedule;
        int init = Math.min((int) (steps * strength), steps);
        startIndex = Math.max(timesteps.length - init, 0);
        nextIndex = startIndex;
        reset();
    }

    private boolean withinTrainingTable(double[] schedule) {
        for (double t : schedule) if (!(t >= 0 && t <= train.size - 1)) return false;
        return true;
    }

    /** The largest number of steps the scheduler can run. */
    int maxSteps() {
        return train.size;
    }

    /** Computes the timesteps (and any other per-schedule table) for {@code steps} steps. */
    abstract double[] schedule(int steps);

    /** Clears per-generation state (multistep history). */
    void reset() {
        // most schedulers keep none
    }

    /** One step at {@code index}; {@code sample} is updated in place and {@link #denoised} filled. */
    abstract void update(float[] modelOutput, int index, float[] sample, TorchGenerator noise);

    /** One tensor's draw of {@code n} fresh standard normal values from {@code noise}, in a reused buffer. */
    final float[] draw(TorchGenerator noise, int n) {
        if (fresh.length != n) fresh = new float[n];
        noise.randn(fresh);
        return fresh;
    }

    /** Noises {@code original} to the level of {@code index}, which is before the end of the schedule. */
    abstract void noise(float[] original, float[] noise, int index, float[] out);

    @Override
    public final int steps() {
        requireSchedule();
        return timesteps.length;
    }

    @Override
    public final int startIndex() {
        requireSchedule();
        return startIndex;
    }

    @Override
    public final double[] timesteps() {
        requireSchedule();
        return timesteps.clone();
    }

    @Override
    public double timestep(int index) {
        requireIndex(index, steps() - 1);
        return timesteps[index];
    }

    @Override
    public double[] sigmas() {
        return new double[0];
    }

    @Override
    public double initNoiseSigma() {
        return 1.0;
    }

    @Override
    public void scaleModelInput(float[] sample, int index, float[] out) {
        requireIndex(index, steps() - 1);
        if (out != sample) System.arraycopy(sample, 0, out, 0, sample.length);
    }

    @Override
    public final void step(float[] modelOutput, int index, float[] sample, TorchGenerator noise) {
        requireSchedule();
        checkStep(name, nextIndex, index, timesteps.length, modelOutput, sample);
        if (denoised.length != sample.length) denoised = new float[sample.length];
        update(modelOutput, index, sample, noise);
        nextIndex++;
    }

    @Override
    public final float[] denoised() {
        return denoised;
    }

    @Override
    public final void addNoise(float[] original, float[] noise, int index, float[] out) {
        requireIndex(index, steps());
        checkSameLength(original, noise, out);
        if (index == timesteps.length) {
            if (out != original) System.arraycopy(original, 0, out, 0, original.length);
        } else {
            noise(original, noise, index, out);
        }
    }

    /**
     * The clean latent predicted from a variance-preserving sample {@code x} and the model output, given
     * sqrt(abar) and sqrt(1 - abar) of its timestep.
     */
    final double predictOriginal(double x, double out, double sqrtAbar, double sqrtOneMinus) {
        return prediction == Prediction.EPSILON ? (x - sqrtOneMinus * out) / sqrtAbar : sqrtAbar * x - sqrtOneMinus * out;
    }

    /** Variance-preserving forward noising: sqrt(abar) * x0 + sqrt(1 - abar) * noise. */
    static void noiseVariancePreserving(float[] original, float[] noise, double abar, float[] out) {
        double a = Math.sqrt(abar), b = Math.sqrt(1 - abar);
        for (int i = 0; i < out.length; i++) out[i] = (float) (a * original[i] + b * noise[i]);
    }

    final void requireSchedule() {
        if (timesteps == null) throw new IllegalStateException(name + ": call setTimesteps first.");
    }

    final void requireIndex(int index, int max) {
        requireSchedule();
        checkIndex(name, index, max);
    }

    /** Fails unless {@code index} is the expected next step of a schedule of {@code length} and the arrays match. */
    static void checkStep(String name, int expected, int index, int length, float[] modelOutput, float[] sample) {
        if (index != expected) {
            throw new IllegalStateException(name + " expected step " + expected + " but got " + index
                    + "; a scheduler runs one generation at a time, each step once, in order (setTimesteps resets it).");
        }
        if (index >= length) throw new IllegalStateException(name + " has run every step already.");
        if (modelOutput.length != sample.length) {
            throw new IllegalArgumentException("model output has " + modelOutput.length + " values, the sample "
                    + sample.length);
        }
    }

    /** Fails unless {@code index} is within 0..max. */
    static void checkIndex(String name, int index, int max) {
        if (index < 0 || index > max) {
            throw new IndexOutOfBoundsException(name + ": index " + index + " is outside 0.." + max);
        }
    }

    /** Fails unless the three arrays of addNoise have the same length. */
    static void checkSameLength(float[] original, float[] noise, float[] out) {
        if (noise.length != original.length || out.length != original.length) {
            throw new IllegalArgumentException("original, noise and out must have the same length");
        }
    }

    @Override
    public String describe() {
        return name + " (" + detail() + ", " + prediction.name().toLowerCase(Locale.ROOT) + ", "
                + train.size + " training steps)";
    }

    /** The settings that distinguish this instance, for {@link #describe()}. */
    abstract String detail();

    @Override
    public String toString() {
        return describe() + (timesteps == null ? "" : " " + Arrays.toString(timesteps));
    }

    // ---- timestep spacings (diffusers' "leading", "trailing", "linspace"), shared by the schedulers ----

    /** "leading": {@code (n-1-i) * (T // n) + offset}, as in SD 1.x. */
    static double[] leading(int n, int trainSteps, int offset) {
        int ratio = trainSteps / n;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) t[i] = (double) (n - 1 - i) * ratio + offset;
        return t;
    }

    /**
     * "trailing": {@code round(start - i * T / n) - 1}, as in SD-Turbo, for every i that keeps the value above
     * 0. numpy's float arange sometimes adds one more, near-zero entry (for 62 of the step counts up to 1000);
     * that spurious extra step (timestep -1) is left out here.
     */
    static double[] trailing(int n, int trainSteps, int start) {
        double step = -(double) trainSteps / n;
        double delta = (start + step) - start; // numpy's arange fills start + i * delta
        int count = (int) Math.min(n, ((long) start * n + trainSteps - 1) / trainSteps);
        double[] t = new double[count];
        for (int i = 0; i < count; i++) t[i] = Math.rint(start + i * delta) - 1;
        return t;
    }

    /** numpy.linspace(0, stop, n): {@code i * (stop / (n - 1))}, the last value exactly stop; [0] for n = 1. */
    static double[] linspace(double stop, int n) {
        double[] v = new double[n];
        double step = n > 1 ? stop / (n - 1) : 0;
        for (int i = 0; i < n; i++) v[i] = i * step;
        if (n > 1) v[n - 1] = stop;
        return v;
    }

    static double[] reversed(double[] a) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) r[i] = a[a.length - 1 - i];
        return r;
    }
}
