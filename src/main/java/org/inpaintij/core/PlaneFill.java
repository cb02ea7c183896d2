package org.inpaintij.core;

import java.util.List;

/** The computed fill of one plane, ready to be written; computing it changed nothing. */
public record PlaneFill(List<RegionFill> regions) {

    /** Writes every region's fill into the plane; pixels outside the mask are not touched. */
    public void applyTo(Plane plane) {
        for (RegionFill r : regions) r.applyTo(plane);
    }

    /**
     * The engines' notes over all regions, each distinct one once with its count when above one, e.g.
     * {@code auto=harmonic (x12), auto=patch}.
     */
    public java.util.Map<String, Integer> noteCounts() {
        java.util.Map<String, Integer> out = new java.util.TreeMap<>();
        for (RegionFill r : regions) for (String n : r.notes()) out.merge(n, 1, Integer::sum);
        return out;
    }
}
