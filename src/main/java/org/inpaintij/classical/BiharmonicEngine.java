package org.inpaintij.classical;

import org.inpaintij.core.FillRegion;
import org.inpaintij.core.InpaintEngine;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Mask;
import org.inpaintij.core.Monitor;
import org.scijava.plugin.Plugin;

/**
 * The thin-plate fill: the surface whose discrete Laplacian has the least energy, so that it continues not
 * only the values around a region but their slopes too (the fill scikit-image's {@code inpaint_biharmonic}
 * computes). The most accurate model-free fill for small defects: dead pixels, dust, scratches, text.
 *
 * <p>Each region is solved on its own bounding box (directly when small, by multigrid-preconditioned
 * conjugate gradients when large) in the data's own units, and clamped to the range of the known pixels
 * around it, since a thin plate can overshoot far beyond its surroundings next to strong edges.
 */
@Plugin(type = InpaintEngine.class, name = "biharmonic", priority = 85)
public final class BiharmonicEngine implements InpaintEngine {

    private static final GridSolver SOLVER = new GridSolver(2);

    @Override
    public int margin(Mask.Component component, InpaintRequest request) {
        return 2;
    }

    @Override
    public void fill(FillRegion region, InpaintRequest request, Monitor monitor) {
        SOLVER.solve(region.width(), region.height(), region.state(), region.values(), true, monitor);
    }

    @Override
    public String description() {
        return "smooth thin-plate (biharmonic) fill, continues slopes; best for small defects";
    }
}
