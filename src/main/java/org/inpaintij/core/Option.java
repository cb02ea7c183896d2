package org.inpaintij.core;

import java.util.List;
import java.util.function.Supplier;

/**
 * Every user-facing option in one place: macro key, dialog label, default and help. The dialog, the macro
 * recorder, the command line and the docs all read from here, so they cannot drift apart. The macro key is
 * what ImageJ derives from the label (its first word, lower-cased), and the command-line flag is
 * {@code --key} with underscores as dashes.
 */
public enum Option {
    METHOD("Method", Kind.CHOICE, "auto", "how to fill: " + "auto picks per region", Engines::names),
    OUTPUT("Output", Kind.CHOICE, "new", "new window, in place (undoable) or an overlay layer", Output::keys),
    MASK("Mask", Kind.TEXT, "selection",
            "what to fill: the selection, the title of an open binary image (non-zero = fill), or nan", null),
    STACK("Stack (every slice)", Kind.FLAG, "false", "fill every slice of the stack, not only the current one",
            null),
    NO_UNDO("No_undo (confirm in-place on a whole stack)", Kind.FLAG, "false",
            "confirms in-place changes that ImageJ cannot undo (whole stacks)", null),
    GROW("Grow (pixels)", Kind.INT, "0", "dilate the mask by this many pixels", null),
    FEATHER("Feather (pixels)", Kind.INT, "0", "soft edge, inside the mask, when blending the fill in", null),
    POINT_RADIUS("Point_radius (pixels)", Kind.INT, "2", "radius of the disk filled around each point", null),
    RADIUS("Radius (telea, pixels)", Kind.INT, "5", "neighbourhood radius of telea", null),
    PATCH("Patch (size, pixels)", Kind.INT, "9", "patch size of the patch method", null),
    MODEL("Model", Kind.TEXT, null, "installed model name, or a path to a model folder", null),
    PROMPT("Prompt", Kind.TEXT, "", "what to paint", null),
    NEGATIVE("Negative (prompt)", Kind.TEXT, "", "what not to paint", null),
    STEPS("Steps", Kind.INT, null, "denoising steps (model's own default)", null),
    CFG("Cfg (guidance)", Kind.DECIMAL, null,
            "classifier-free guidance scale; 1 or less turns it off (Z-Image: 0 turns it off)", null),
    STRENGTH("Strength", Kind.DECIMAL, null, "0..1: how much of the region is repainted", null),
    SEED("Seed", Kind.LONG, null, "random seed; -1 picks one (recorded); model-free methods default to 0", null),
    SCHEDULER("Scheduler", Kind.CHOICE, "default", "sampler",
            () -> List.of("default", "ddim", "euler", "euler_ancestral", "dpmpp_2m", "dpmpp_2m_karras", "lcm")),
    VARIATIONS("Variations", Kind.INT, "1", "how many results (a stack, one seed each)", null),
    CONTEXT("Context (pixels)", Kind.INT, null, "pixels of surrounding image given to the model", null),
    RESOLUTION("Resolution (pixels)", Kind.INT, null, "working size of the model, a multiple of 8", null),
    SEAM("Seam", Kind.CHOICE, "match",
            "match: correct the fill so it meets its surroundings; none: the model's pixels as decoded",
            () -> List.of("match", "none")),
    DEVICE("Device", Kind.TEXT, "auto", "where a model runs: auto, cpu, cuda, or cuda:N for GPU N",
            () -> List.of("auto", "cpu", "cuda")),
    LEFT("Left (pixels)", Kind.INT, "0", "outpaint: pixels added on the left", null),
    RIGHT("Right (pixels)", Kind.INT, "0", "outpaint: pixels added on the right", null),
    TOP("Top (pixels)", Kind.INT, "0", "outpaint: pixels added at the top", null),
    BOTTOM("Bottom (pixels)", Kind.INT, "0", "outpaint: pixels added at the bottom", null),
    OVERLAP("Overlap (pixels)", Kind.INT, "4",
            "outpaint: pixels of the original next to the new border that are repainted so the seam blends",
            null);

    /**
     * The dialog label of the seed's "random" choice. Not a macro key: a random seed is drawn before the run and
     * recorded as {@code seed=N}, so that the recorded line replays to the same pixels.
     */
    public static final String RANDOM_SEED_LABEL = "Random seed (drawn now, recorded)";

    /** The options of Generative Fill..., in the order its dialog asks for them (the prompt first). */
    public static final List<Option> GENERATIVE_FILL = List.of(PROMPT, NEGATIVE, MODEL, STEPS, CFG, STRENGTH, SEED,
            VARIATIONS, SCHEDULER, DEVICE, OUTPUT);

    /** The options of Inpaint Selection... (and the inpaint command). */
    public static java.util.Set<Option> forInpaint() {
        return java.util.EnumSet.complementOf(java.util.EnumSet.of(LEFT, RIGHT, TOP, BOTTOM, OVERLAP));
    }

    /** The options of Generative Fill...: those of Inpaint Selection... but the method, which is diffusion. */
    public static java.util.Set<Option> forGenerativeFill() {
        java.util.Set<Option> s = java.util.EnumSet.copyOf(forInpaint());
        s.remove(METHOD);
        return s;
    }

    /** The options of Outpaint... (and the outpaint command): always a new image, every plane, the border as mask. */
    public static java.util.Set<Option> forOutpaint() {
        return java.util.EnumSet.complementOf(java.util.EnumSet.of(MASK, STACK, NO_UNDO, POINT_RADIUS, OUTPUT));
    }

    /** How a value is written. */
    public enum Kind {
        CHOICE, TEXT, FLAG, INT, LONG, DECIMAL
    }

    private final String label;
    private final Kind kind;
    private final String defaultValue;
    private final String help;
    private final Supplier<List<String>> choices;

    Option(String label, Kind kind, String defaultValue, String help, Supplier<List<String>> choices) {
        this.label = label;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.help = help;
        this.choices = choices;
    }

    /** The macro key, as ImageJ's recorder writes it. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The command-line flag. */
    public String flag() {
        return "--" + key().replace('_', '-');
    }

    /** The dialog label; its first word, lower-cased, is the macro key. */
    public String label() {
        return label;
    }

    public Kind kind() {
        return kind;
    }

    /** The default as text, or null where the model or method decides. */
    public String defaultValue() {
        return defaultValue;
    }

    public String help() {
        return help;
    }

    /**
     * The accepted values of a choice; for a text option, the values a dialog offers (others are accepted too:
     * {@code cuda:1}); else an empty list.
     */
    public List<String> choices() {
        return choices == null ? List.of() : choices.get();
    }
}
