package org.inpaintij.diffusion;

import org.inpaintij.core.Monitor;
import org.inpaintij.diffusion.model.ModelDefaults;

/**
 * An open diffusion model, ready to turn {@link GenerationRequest}s into {@link GenerationResult}s: Stable Diffusion
 * ({@link DiffusionPipeline}) or Z-Image ({@link org.inpaintij.diffusion.zimage.ZImagePipeline}). The engine and
 * the {@link PipelineCache} see only this; {@link PipelineCache#open} picks the kind from the folder.
 */
public interface Pipeline extends AutoCloseable {

    /**
     * Runs one job; checks {@code monitor} between steps and stops a running graph when it cancels.
     *
     * @throws org.inpaintij.core.CancelledException when cancelled
     * @throws org.inpaintij.core.BadInputException when the request does not fit the model
     */
    default GenerationResult generate(GenerationRequest request, Monitor monitor) {
        return generate(request, monitor, StepListener.NONE);
    }

    /**
     * As {@link #generate(GenerationRequest, Monitor)}, handing each step's clean-latent estimate to
     * {@code listener} when the pipeline has a preview for its latents ({@link #previews()}).
     */
    GenerationResult generate(GenerationRequest request, Monitor monitor, StepListener listener);

    /**
     * Whether {@link StepListener}s get the latents, in the 4-channel Stable Diffusion form that
     * {@link LatentPreview} colours. Z-Image's 16 latent channels have no colour factors here: no preview.
     */
    default boolean previews() {
        return true;
    }

    /** What the model runs with when a request leaves a value out. */
    ModelDefaults defaults();

    /** The only working size (pixels, square) of a model exported at a fixed size, or 0 when any size works. */
    int fixedResolution();

    /** Working sizes must be multiples of this many pixels (8 for Stable Diffusion, 16 for Z-Image). */
    int sizeMultiple();

    /** The most prompt tokens the model reads (77 for CLIP, 512 for Z-Image); longer prompts are cut. */
    int promptLimit();

    /** Where the graphs run, e.g. {@code CUDA:0} or {@code CPU (CUDA not used: ...)}. */
    String provider();

    /** Closes the model's sessions. */
    @Override
    void close();
}
