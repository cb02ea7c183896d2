package org.inpaintij.learned;

import org.inpaintij.core.InpaintEngine;
import org.inpaintij.models.ModelKind;
import org.scijava.plugin.Plugin;

/**
 * {@code method=lama}: LaMa (Suvorov et al., WACV 2022), a network trained to remove objects and fill large holes
 * in one pass, from its surroundings and without a prompt.
 */
@Plugin(type = InpaintEngine.class, name = "lama", priority = 40)
public final class LamaEngine extends LearnedEngine {

    /** The engine, as SciJava's discovery makes it. */
    public LamaEngine() {
        super("lama", ModelKind.LAMA);
    }

    @Override
    public String description() {
        return "LaMa, a learned fill for large holes and removed objects: one pass, no prompt (needs the lama model)";
    }
}
