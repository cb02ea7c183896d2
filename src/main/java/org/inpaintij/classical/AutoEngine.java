package org.inpaintij.classical;

import org.inpaintij.core.Engines;
import org.inpaintij.core.FillRegion;
import org.inpaintij.core.InpaintEngine;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Mask;
import org.inpaintij.core.Monitor;
import org.scijava.plugin.Plugin;

/**
 * The default: picks a method for each connected region of the mask from its size and shape, so that a
 * user who never opens the options gets a good fill. The rule is documented in doc/user-guide.md.
 */
@Plugin(type = InpaintEngine.class, name = "auto", priority = 100)
public final class AutoEngine implements InpaintEngine {

    /** The method this rule picks for one component. */
    static String choose(Mask.Component component) {
        // Laplace's fill beats fast marching on in-mask error for defects of every size measured (dots,
        // lines, holes); a larger palette is chosen from here as more methods exist.
        return "harmonic";
    }

    @Override
    public int margin(Mask.Component component, InpaintRequest request) {
        return Engines.get(choose(component)).margin(component, request);
    }

    @Override
    public void fill(FillRegion region, InpaintRequest request, Monitor monitor) {
        var comps = region.fillComponents();
        if (comps.size() == 1) {
            String m = choose(comps.get(0));
            region.note("auto", m);
            Engines.get(m).fill(region, request, monitor);
            return;
        }
        for (Mask.Component c : comps) {
            monitor.checkCancelled();
            String m = choose(c);
            FillRegion one = region.only(c);
            one.note("auto", m);
            Engines.get(m).fill(one, request, monitor.quiet());
        }
    }

    @Override
    public String description() {
        return "picks a method per region (see the user guide)";
    }
}
