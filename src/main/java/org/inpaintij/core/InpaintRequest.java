package org.inpaintij.core;

/**
 * One inpainting job, as the dialog, a macro, the command line and the tests all describe it. Immutable;
 * build it with {@link Requests#parse(java.util.Map)} so that every value is checked in one place.
 *
 * @param method engine name ({@code auto}, {@code telea}, {@code harmonic}, ...)
 * @param output where the result goes
 * @param mask {@code selection}, {@code nan}, or the title (or, on the command line, the file) of a mask image
 * @param stack every slice rather than the current one
 * @param noUndo the caller confirmed an in-place change that cannot be undone
 * @param grow pixels to dilate the mask by
 * @param feather pixels of soft edge inside the mask when blending back
 * @param pointRadius disk radius for point selections
 * @param radius telea neighbourhood radius
 * @param patch patch size for the patch method
 * @param seed random seed, or null for the method's default (-1 = pick one at random, recorded)
 * @param diffusion the options only diffusion reads
 */
public record InpaintRequest(
        String method,
        Output output,
        String mask,
        boolean stack,
        boolean noUndo,
        int grow,
        int feather,
        int pointRadius,
        int radius,
        int patch,
        Long seed,
        DiffusionOptions diffusion) {

    /** The mask value that means "the active selection". */
    public static final String MASK_SELECTION = "selection";
    /** The mask value that means "the NaN pixels of a 32-bit image". */
    public static final String MASK_NAN = "nan";

    /** A request with every default, for the given method. */
    public static InpaintRequest defaults(String method) {
        return Requests.parse(java.util.Map.of(Option.METHOD.key(), method));
    }

    /** The seed a model-free method uses: the given one, or 0 so that reruns give the same result. */
    public long seedOrZero() {
        return seed == null ? 0L : seed;
    }

    /**
     * This request with a freshly drawn seed in place of -1 (random), so that an entry point can record the seed
     * that was used and the recorded run gives the same pixels again; any other request unchanged. Drawn seeds
     * are below 2^31, so they survive macros (doubles) and int fields unchanged.
     */
    public InpaintRequest withSeedDrawn() {
        if (seed == null || seed != -1) return this;
        return withSeed(java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << 31));
    }

    /** A copy with another seed. */
    public InpaintRequest withSeed(Long s) {
        return new InpaintRequest(method, output, mask, stack, noUndo, grow, feather, pointRadius, radius, patch, s,
                diffusion);
    }

    /**
     * The options only diffusion reads. Null numbers mean "the model's own default".
     *
     * @param model installed model name or a folder path; null = the first installed model
     * @param prompt what to paint
     * @param negative what not to paint
     * @param steps denoising steps
     * @param cfg guidance scale
     * @param strength 0..1
     * @param scheduler scheduler name ({@code default} = the model's)
     * @param variations how many results
     * @param context pixels of surrounding context
     * @param resolution working size, a multiple of 8
     * @param device {@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N}
     * @param seam {@code match} (correct the fill so it meets its surroundings) or {@code none} (the model's
     *        pixels as decoded)
     */
    public record DiffusionOptions(
            String model,
            String prompt,
            String negative,
            Integer steps,
            Double cfg,
            Double strength,
            String scheduler,
            int variations,
            Integer context,
            Integer resolution,
            String device,
            String seam) {

        /** The seam setting that keeps the model's fill as decoded. */
        public static final String SEAM_NONE = "none";

        /** Whether the fill is corrected to meet its surroundings (the default). */
        public boolean matchSeam() {
            return !SEAM_NONE.equals(seam);
        }
    }
}
