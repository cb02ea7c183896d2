package org.inpaintij.classical;

import java.util.Set;

import org.inpaintij.core.FillRegion;
import org.inpaintij.core.InpaintEngine;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Mask;
import org.inpaintij.core.Monitor;
import org.inpaintij.core.Option;
import org.scijava.plugin.Plugin;

/**
 * Exemplar-based fill for large holes in textured images, where every smooth method leaves a blur: the
 * multi-scale expectation-maximisation completion of Wexler, Shechtman and Irani (2007). Coarse to fine, each
 * patch over the hole is matched to a patch of the surroundings (PatchMatch, Barnes et al. 2009) and the hole
 * is re-estimated from the matches; at full resolution the fill is made of the surroundings' own pixels, pasted
 * in the gradient domain, so that it keeps their grain and noise. A hole within a patch radius of its edge
 * (dust, scratches, text) keeps the weighted mean of the matches instead. See {@link PatchSynthesis}.
 *
 * <p>Deterministic for a given seed. Works in the data's own units on every type: the search runs on values
 * scaled to a fixed grid by the range of the known pixels, so an image and a rescaled copy of it find the
 * same matches, and the final estimate is built from the known pixels' own values.
 */
@Plugin(type = InpaintEngine.class, name = "patch", priority = 60)
public final class PatchEngine implements InpaintEngine {

    @Override
    public int margin(Mask.Component component, InpaintRequest request) {
        int size = Math.max(component.bounds().width, component.bounds().height);
        // enough surroundings to find good exemplars, without making small defects search the whole image
        return Math.min(PatchSynthesis.MAX_MARGIN, Math.max(4 * request.patch(), 2 * size));
    }

    @Override
    public void fill(FillRegion region, InpaintRequest request, Monitor monitor) {
        long seed = request.seedOrZero();
        if (seed == -1) {
            seed = new java.util.SplittableRandom().nextLong() >>> 1;
            region.note("seed", Long.toString(seed));
        }
        java.awt.Rectangle b = region.bounds();
        // each region draws from its own stream, so the result does not depend on the order regions run in
        long regionSeed = seed * 0x9E3779B97F4A7C15L + (((long) b.x << 32) ^ b.y);
        boolean done = new PatchSynthesis(region, request.patch(), regionSeed, monitor).run();
        if (!done) {
            region.note("patch", "too little context, harmonic fill");
            new GridSolver(1).solve(region.width(), region.height(), region.state(), region.values(), false, monitor);
        }
    }

    @Override
    public Set<Option> options() {
        return Set.of(Option.PATCH, Option.SEED);
    }

    @Override
    public String description() {
        return "exemplar-based fill (multi-scale PatchMatch completion) for large holes in texture; patch size = patch";
    }
}
