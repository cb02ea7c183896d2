package org.inpaintij.diffusion.scheduler;

import java.util.Locale;

import org.inpaintij.core.BadInputException;

/**
 * What the schedulers on a beta training schedule share (DDIM, Euler, DPM++, LCM): the training table, the
 * prediction type, the step-count rule and the timestep spacings.
 */
abstract class BetaScheduler extends AbstractScheduler {

    /** What the model predicts. */
    enum Prediction {
        EPSILON, V_PREDICTION;

        static Prediction of(Settings s) {
            return s.choice("prediction_type", "epsilon", "v_prediction").equals("epsilon") ? EPSILON : V_PREDICTION;
        }
    }

    final Settings settings;
    final TrainingSchedule train;
    final Prediction prediction;

    BetaScheduler(String name, Settings settings) {
        super(name);
        this.settings = settings;
        this.train = TrainingSchedule.of(settings);
        this.prediction = Prediction.of(settings);
    }

    @Override
    public final void setTimesteps(int steps, double strength) {
        checkSteps(steps, strength, maxSteps());
        double[] schedule = schedule(steps);
        if (!withinTrainingTable(schedule)) {
            int most = steps - 1;
            while (most > 1 && !withinTrainingTable(schedule(most))) most--;
            throw new BadInputException("steps = " + steps + " is not possible with " + name() + " and this model's "
                    + "timestep spacing (a timestep would fall outside the " + train.size
                    + " training steps); it accepts 1 to " + most + ".");
        }
        int init = Math.min((int) (steps * strength), steps);
        start(schedule, Math.max(schedule.length - init, 0));
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

    @Override
    public String describe() {
        return name() + " (" + detail() + ", " + prediction.name().toLowerCase(Locale.ROOT) + ", "
                + train.size + " training steps)";
    }

    /** The settings that distinguish this instance, for {@link #describe()}. */
    abstract String detail();

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
