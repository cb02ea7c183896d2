package org.inpaintij.core;

import java.util.List;

/** The computed fill of one plane, ready to be written; computing it changed nothing. */
public record PlaneFill(List<RegionFill> regions) {

    /** Writes every region's fill into the plane; pixels outside the mask are not touched. */
    public void applyTo(Plane plane) {
        for (RegionFill r : regions) r.applyTo(plane);
    }
}
