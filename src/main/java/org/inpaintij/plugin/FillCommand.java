package org.inpaintij.plugin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ij.ImagePlus;

import org.inpaintij.core.CancelledException;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Monitor;
import org.inpaintij.core.Option;
import org.inpaintij.core.Requests;
import org.inpaintij.ij.Feedback;
import org.inpaintij.ij.IJMonitor;
import org.inpaintij.ij.ImageInpainter;
import org.scijava.Cancelable;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;

/**
 * What the SciJava fill commands share: the image in, the result, its provenance line and the seed used out.
 * Every other input is named as its macro key, so a script passes the same keys a macro does (a blank input is
 * left out, so that the option's default applies); the inputs are
 * turned into the same option values and go through the same {@link Requests} and the same facade as the
 * ImageJ 1 menu commands. Bad input cancels the command with the same one sentence; nothing is remembered
 * between runs ({@code persist = false}), so that a script's call gives the same result every time.
 *
 * <p>A plain {@link Command}, not a {@code ContextCommand}: that one's own input is called {@code context},
 * which is a macro key here.
 */
abstract class FillCommand implements Command, Cancelable {

    private String cancelReason;

    @Parameter(label = "Image", description = "the image to fill; its selection is the region (or see mask)",
            persist = false)
    ImagePlus image;

    @Parameter(type = ItemIO.OUTPUT, label = "Result", description = "the result: a new image, or the input "
            + "itself for output=in-place and output=overlay")
    ImagePlus result;

    @Parameter(type = ItemIO.OUTPUT, label = "Provenance", description = "the line added to the result's Info")
    String provenance;

    @Parameter(type = ItemIO.OUTPUT, label = "Seed used", description = "the seed of the run (drawn when seed=-1)")
    Long seed_used;

    /** The macro keys this command takes as inputs. */
    abstract Set<Option> options();

    /** Values the command fixes whatever the inputs say (Generative Fill's method). */
    Map<String, String> fixed() {
        return Map.of();
    }

    /** Values the command takes when the input is left blank (Generative Fill's random seed). */
    Map<String, String> defaults() {
        return Map.of();
    }

    /** Runs the fill through the facade. */
    abstract ImageInpainter.Result fill(InpaintRequest req, Map<String, String> values, Monitor monitor);

    @Override
    public void run() {
        String label = getClass().getAnnotation(org.scijava.plugin.Plugin.class).label();
        IJMonitor monitor = new IJMonitor(label);
        try {
            Map<String, String> values = values();
            InpaintRequest req = Requests.parse(values).withSeedDrawn();
            ImageInpainter.Result r = fill(req, values, monitor);
            result = r.image();
            provenance = r.provenance();
            seed_used = req.seed();
            monitor.done(label + ": done (" + req.method() + ")");
        } catch (CancelledException e) {
            monitor.done(label + ": cancelled; the image is unchanged");
            cancel(label + " was cancelled; the image is unchanged.");
        } catch (RuntimeException | OutOfMemoryError e) {
            monitor.done("");
            Feedback.debug(e);
            cancel(Feedback.sentence(e));
        }
    }

    /** The inputs as option values, as a macro would write them; unset inputs are left out (defaults apply). */
    Map<String, String> values() {
        Map<String, String> v = new LinkedHashMap<>();
        for (Option o : options()) {
            Object value = input(o.key());
            if (value != null && !value.toString().isBlank()) v.put(o.key(), value.toString());
        }
        defaults().forEach(v::putIfAbsent);
        v.putAll(fixed());
        return v;
    }

    /** The value of the input field called {@code name} (declared here or in a subclass), or null. */
    private Object input(String name) {
        for (Class<?> c = getClass(); c != Object.class; c = c.getSuperclass()) {
            try {
                java.lang.reflect.Field f = c.getDeclaredField(name);
                if (!f.isAnnotationPresent(Parameter.class)) return null;
                f.setAccessible(true);
                return f.get(this);
            } catch (NoSuchFieldException e) {
                continue;
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("input " + name + " of " + getClass().getName(), e);
            }
        }
        return null;
    }

    @Override
    public boolean isCanceled() {
        return cancelReason != null;
    }

    @Override
    public void cancel(String reason) {
        cancelReason = reason;
    }

    @Override
    public String getCancelReason() {
        return cancelReason;
    }
}
