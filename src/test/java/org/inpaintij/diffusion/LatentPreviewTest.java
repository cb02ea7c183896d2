package org.inpaintij.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;

import org.inpaintij.core.Monitor;
import org.inpaintij.core.Preview;
import org.inpaintij.diffusion.model.TinyModels;
import org.inpaintij.ij.ImageInpainter;
import org.inpaintij.ij.MaskSource;
import org.junit.jupiter.api.Test;

/**
 * The live preview: the latents-to-colour map is ComfyUI's SD 1.x one, and a fill on the tiny analytic model
 * shows pictures over the selection's work window, coloured on the pixels to fill only, as the steps go.
 */
class LatentPreviewTest {

    @Test
    void latentsBecomeColourThroughThePublishedFactors() {
        // one latent pixel with channels (1, 0, 0, 0): colour = (row 0 + 1) / 2; another (0, 0, 0, 1)
        float[] lat = {1, 0, 0, 0, 0, 0, 0, 1};
        float[][] rgb = LatentPreview.rgb(lat, 2, 1);
        assertEquals((0.3512f + 1) / 2, rgb[0][0], 1e-6);
        assertEquals((0.2297f + 1) / 2, rgb[1][0], 1e-6);
        assertEquals((0.3227f + 1) / 2, rgb[2][0], 1e-6);
        assertEquals((-0.2120f + 1) / 2, rgb[0][1], 1e-6);
        assertEquals((-0.7177f + 1) / 2, rgb[2][1], 1e-6);
        // clamped to 0..1
        assertEquals(0f, LatentPreview.rgb(new float[] {0, 0, 0, 5}, 1, 1)[2][0]);
    }

    @Test
    void aFillShowsPreviewsOverTheSelectionAsItGoes() {
        Path model = TinyModels.folder(TinyModels.SD15_SCRIPT, "preview");
        ImagePlus imp = IJ.createImage("flat", "RGB black", 256, 256, 1);
        imp.getProcessor().setColor(new java.awt.Color(153, 153, 153));
        imp.getProcessor().fill();
        imp.setRoi(new Roi(64, 64, 128, 128));
        List<Preview> seen = new ArrayList<>();
        Monitor m = new Monitor() {
            @Override
            public void progress(double fraction, String status) {
                // not looked at here
            }

            @Override
            public boolean isCancelled() {
                return false;
            }

            @Override
            public void preview(Preview p) {
                seen.add(p);
            }
        };
        var req = TinyModels.request(model.toString(), "prompt", "red");
        ImageInpainter.run(imp, MaskSource.of(imp, req), req, m);
        assertTrue(seen.size() >= 1, "at least the last step is shown: " + seen.size());
        Preview last = seen.get(seen.size() - 1);
        assertEquals(20, last.step());
        assertEquals(20, last.steps());
        // the work window: the selection grown by the context (32) on every side
        assertEquals(new Rectangle(32, 32, 192, 192), last.box());
        int w = last.box().width;
        assertEquals(0, last.rgb()[0], "transparent outside the selection");
        assertEquals(0, last.rgb()[31 * w + 100], "transparent just outside the selection");
        int c = last.rgb()[96 * w + 96];
        // the last estimate is the clean latents: red's latent mean is shifted by the prompt, so red > green
        assertTrue(((c >> 16) & 0xff) > ((c >> 8) & 0xff), Integer.toHexString(c));
    }
}
