package org.inpaintij.diffusion;

import java.awt.Rectangle;

import org.inpaintij.core.FillRegion;
import org.inpaintij.core.Monitor;
import org.inpaintij.core.Preview;
import org.inpaintij.core.Resample;

/**
 * A cheap live preview of a generation: each step's clean-latent estimate turned into colour by a fixed linear
 * map from the four latent channels to RGB (no network runs), placed over the region's work window and shown
 * through {@link Monitor#preview} on the pixels to fill only. This is what ComfyUI's and Krita AI Diffusion's
 * "latent2rgb" previews do; the factors are the ones ComfyUI publishes for the Stable Diffusion 1.x latent space
 * ({@code comfy/latent_formats.py}, class {@code SD15}), which SD 2.x and SD-Turbo share (same VAE).
 */
public final class LatentPreview implements StepListener {

    /** Rows: latent channels 0..3; columns: red, green, blue. Applied to the latents as the UNet sees them. */
    static final float[][] SD15_FACTORS = {
        {0.3512f, 0.2297f, 0.3227f},
        {0.3250f, 0.4974f, 0.2350f},
        {-0.2829f, 0.1762f, 0.2721f},
        {-0.2120f, -0.2616f, -0.7177f},
    };

    /** At most this many previews a second: a large window costs a resize per preview. */
    private static final long MIN_INTERVAL_NANOS = 100_000_000L;

    private final FillRegion region;
    private final Rectangle window;
    private final int latentWidth;
    private final int latentHeight;
    private final Monitor monitor;
    private long last;

    /**
     * A preview of generations over {@code window} (in {@code region}'s coordinates) at the given latent size.
     *
     * @param monitor where the pictures go
     */
    public LatentPreview(FillRegion region, Rectangle window, int latentWidth, int latentHeight, Monitor monitor) {
        this.region = region;
        this.window = new Rectangle(window);
        this.latentWidth = latentWidth;
        this.latentHeight = latentHeight;
        this.monitor = monitor;
    }

    @Override
    public void stepDone(int done, int total, float[] denoised) {
        long now = System.nanoTime();
        if (done < total && last != 0 && now - last < MIN_INTERVAL_NANOS) return;
        last = now;
        monitor.preview(picture(rgb(denoised, latentWidth, latentHeight), done, total));
    }

    /**
     * The latents ([4, h, w]) as RGB planes in [0, 1]: {@code clamp((sum_c latent_c * F[c] + 1) / 2)}, the
     * factors giving colours in about [-1, 1] as the VAE's output range is.
     */
    static float[][] rgb(float[] latents, int w, int h) {
        int n = w * h;
        float[][] out = new float[3][n];
        for (int k = 0; k < 3; k++) {
            float[] o = out[k];
            for (int i = 0; i < n; i++) {
                float v = 0;
                for (int c = 0; c < SamplingSpec.CHANNELS; c++) v += latents[c * n + i] * SD15_FACTORS[c][k];
                o[i] = Math.max(0f, Math.min(1f, (v + 1) * 0.5f));
            }
        }
        return out;
    }

    /**
     * The colour planes stretched over the window, on the pixels to fill only (grey for a one-channel image, as
     * its result will be the luminance), in image coordinates.
     */
    Preview picture(float[][] rgb, int done, int total) {
        int ww = window.width, wh = window.height;
        float[][] big = new float[3][];
        for (int k = 0; k < 3; k++) big[k] = Resample.resize(rgb[k], latentWidth, latentHeight, ww, wh);
        byte[] state = region.state();
        int[] px = new int[ww * wh];
        boolean grey = region.channels() == 1;
        for (int y = 0; y < wh; y++) {
            for (int x = 0; x < ww; x++) {
                int i = y * ww + x;
                if (state[(window.y + y) * region.width() + window.x + x] != FillRegion.FILL) continue;
                int r = byteOf(big[0][i]), g = byteOf(big[1][i]), b = byteOf(big[2][i]);
                if (grey) r = g = b = byteOf(0.299f * big[0][i] + 0.587f * big[1][i] + 0.114f * big[2][i]);
                int p = (r << 16) | (g << 8) | b;
                // 0 means transparent: a black pixel of the preview is drawn as the darkest visible grey
                px[i] = p == 0 ? 0x010101 : p;
            }
        }
        Rectangle box = new Rectangle(region.bounds().x + window.x, region.bounds().y + window.y, ww, wh);
        return new Preview(box, px, done, total);
    }

    private static int byteOf(float unit) {
        return Math.max(0, Math.min(255, Math.round(unit * 255)));
    }
}
