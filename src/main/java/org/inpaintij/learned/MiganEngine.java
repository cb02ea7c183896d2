package org.inpaintij.learned;

import org.inpaintij.core.InpaintEngine;
import org.inpaintij.models.ModelKind;
import org.scijava.plugin.Plugin;

/**
 * {@code method=migan}: MI-GAN (Sargsyan et al., ICCV 2023), a small learned fill that removes objects and fills
 * holes in one pass, without a prompt, in a fraction of a second on a CPU.
 */
@Plugin(type = InpaintEngine.class, name = "migan", priority = 30)
public final class MiganEngine extends LearnedEngine {

    /** The engine, as SciJava's discovery makes it. */
    public MiganEngine() {
        super("migan", ModelKind.MIGAN);
    }

    @Override
    public String description() {
        return "MI-GAN, a small, fast learned fill for holes and removed objects: one pass, no prompt (needs the "
                + "migan model)";
    }
}
