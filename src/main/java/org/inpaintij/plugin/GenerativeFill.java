package org.inpaintij.plugin;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.plugin.PlugIn;

/**
 * Plugins > Inpainting > Generative Fill...: repaints the selection with a diffusion model from a prompt, in one
 * dialog (prompt first), with a live preview over the selection while it runs. The same fill as Inpaint
 * Selection... with {@code method=diffusion}, and the same macro keys but {@code method}.
 */
public class GenerativeFill implements PlugIn {

    static final String TITLE = "Generative Fill";

    @Override
    public void run(String arg) {
        ImagePlus imp = WindowManager.getCurrentImage();
        if (imp == null) {
            IJ.error(TITLE, "There is no image open: open an image and select the region to repaint.");
            return;
        }
        InpaintSelection.fill(TITLE, imp, Macro.getOptions(), OptionDialogs.generativeFillKeys(),
                () -> OptionDialogs.generativeFill(TITLE));
    }
}
