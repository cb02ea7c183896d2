package org.inpaintij.ij;

import java.awt.Rectangle;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;

import org.inpaintij.core.Engines;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Mask;
import org.inpaintij.core.Option;

/**
 * The record of a fill that goes into the image's Info: one line saying what was filled, where, how, with
 * which parameters, by which plugin version, when. Engines add what only they know (the method auto picked,
 * the seed drawn, the model and device) through their notes.
 */
public final class Provenance {

    /** Every provenance line starts with this, so lines can be found in the Info text. */
    public static final String PREFIX = "Inpaint-IJ";

    private Provenance() {}

    /** The provenance line of one fill. */
    public static String line(InpaintRequest req, String maskSource, Mask mask, String planes,
            Map<String, Integer> notes) {
        List<String> parts = new ArrayList<>();
        parts.add("method=" + req.method());
        for (Option o : Engines.get(req.method()).options()) parts.add(o.key() + "=" + value(req, o));
        parts.add("mask=" + maskSource);
        parts.add("grow=" + req.grow());
        parts.add("feather=" + req.feather());
        Rectangle b = mask.bounds();
        parts.add("region=" + b.x + "," + b.y + "," + b.width + "x" + b.height + " (" + mask.count() + " pixels)");
        parts.add("planes=" + planes);
        parts.add("output=" + req.output().key());
        for (Map.Entry<String, Integer> e : notes.entrySet()) {
            parts.add(e.getKey() + (e.getValue() > 1 ? " (x" + e.getValue() + ")" : ""));
        }
        return PREFIX + " " + Version.plugin() + " " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ": "
                + String.join("; ", parts);
    }

    private static String value(InpaintRequest r, Option o) {
        InpaintRequest.DiffusionOptions d = r.diffusion();
        Object v = switch (o) {
            case RADIUS -> r.radius();
            case PATCH -> r.patch();
            case POINT_RADIUS -> r.pointRadius();
            case SEED -> r.seed() == null ? "default" : r.seed();
            case MODEL -> d.model();
            case PROMPT -> quote(d.prompt());
            case NEGATIVE -> quote(d.negative());
            case STEPS -> d.steps();
            case CFG -> d.cfg();
            case STRENGTH -> d.strength();
            case SCHEDULER -> d.scheduler();
            case VARIATIONS -> d.variations();
            case CONTEXT -> d.context();
            case RESOLUTION -> d.resolution();
            case DEVICE -> d.device();
            case SEAM -> d.seam();
            default -> "?";
        };
        return v == null ? "default" : v.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "'") + "\"";
    }

    /** Appends a line to the image's Info property. */
    public static void append(ImagePlus imp, String line) {
        Object info = imp.getProperty("Info");
        String text = info instanceof String s && !s.isEmpty() ? (s.endsWith("\n") ? s : s + "\n") : "";
        imp.setProperty("Info", text + line + "\n");
    }
}
