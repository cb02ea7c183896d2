package org.inpaintij.diffusion.scheduler;

import java.util.Arrays;

import org.inpaintij.core.BadInputException;
import org.inpaintij.diffusion.TorchGenerator;

/**
 * What every scheduler shares: the schedule and its img2img start, the step order and index checks, the
 * clean-estimate and noise buffers. A subclass computes the schedule, hands it to {@link #start}, and implements
 * one step ({@link #update}) and the forward noising ({@link #noise}).
 */
abstract class AbstractScheduler implements Scheduler {

    private final String name;
    /** The schedule: training timesteps as the model gets them, one per step; null until one is set. */
    double[] timesteps;
    private int startIndex;
    private int nextIndex;
    float[] denoised = new float[0];
    private float[] fresh = new float[0];

    AbstractScheduler(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    /** Fails with the user's values unless {@code steps} is in 1..{@code maxSteps} and {@code strength} in 0..1. */
    final void checkSteps(int steps, double strength, int maxSteps) {
        if (steps < 1 || steps > maxSteps) {
            throw new BadInputException("steps = " + steps + " is not possible with " + name + "; it accepts 1 to "
                    + maxSteps + ".");
        }
        if (!(strength >= 0 && strength <= 1)) {
            throw new BadInputException("strength = " + strength + " is out of range; it accepts 0 to 1.");
        }
    }

    /** Makes {@code schedule} the schedule, run from {@code first} on, and clears per-generation state. */
    final void start(double[] schedule, int first) {
        timesteps = schedule;
        startIndex = first;
        nextIndex = first;
        reset();
    }

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
        if (index != nextIndex) {
            throw new IllegalStateException(name + " expected step " + nextIndex + " but got " + index
                    + "; a scheduler runs one generation at a time, each step once, in order (setTimesteps resets it).");
        }
        if (index >= timesteps.length) throw new IllegalStateException(name + " has run every step already.");
        if (modelOutput.length != sample.length) {
            throw new IllegalArgumentException("model output has " + modelOutput.length + " values, the sample "
                    + sample.length);
        }
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
        if (noise.length != original.length || out.length != original.length) {
            throw new IllegalArgumentException("original, noise and out must have the same length");
        }
        if (index == timesteps.length) {
            if (out != original) System.arraycopy(original, 0, out, 0, original.length);
        } else {
            noise(original, noise, index, out);
        }
    }

    /** The methods that set a schedule, for the message when none is set. */
    String scheduleSetters() {
        return "setTimesteps";
    }

    final void requireSchedule() {
        if (timesteps == null) throw new IllegalStateException(name + ": call " + scheduleSetters() + " first.");
    }

    /** Fails unless a schedule is set and {@code index} is within 0..max. */
    final void requireIndex(int index, int max) {
        requireSchedule();
        if (index < 0 || index > max) {
            throw new IndexOutOfBoundsException(name + ": index " + index + " is outside 0.." + max);
        }
    }

    @Override
    public String toString() {
        return describe() + (timesteps == null ? "" : " " + Arrays.toString(timesteps));
    }
}
