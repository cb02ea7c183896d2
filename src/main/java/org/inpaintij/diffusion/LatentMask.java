package org.inpaintij.diffusion;

/**
 * How the pixel mask becomes the mask of the latents (one latent per 8 x 8 pixels).
 */
public enum LatentMask {
    /**
     * A latent is repainted when any pixel of its 8 x 8 block is: a small defect is never skipped, and the
     * crop's paste-back restores the pixels of the block that were outside the mask. The default.
     */
    ANY,
    /**
     * The top-left pixel of each block decides, as diffusers' nearest-neighbour resize of the mask does; for
     * masks aligned to the 8-pixel grid both rules agree.
     */
    NEAREST;

    /** The latent mask (1 = repaint) of a pixel mask whose values of 0.5 or more mean repaint. */
    public float[] downsample(float[] mask, int width, int height) {
        int w = width / 8, h = height / 8;
        float[] out = new float[w * h];
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                boolean set;
                if (this == NEAREST) {
                    set = mask[(8 * j) * width + 8 * i] >= 0.5f;
                } else {
                    set = false;
                    for (int y = 8 * j; y < 8 * j + 8 && !set; y++) {
                        for (int x = 8 * i; x < 8 * i + 8; x++) {
                            if (mask[y * width + x] >= 0.5f) {
                                set = true;
                                break;
                            }
                        }
                    }
                }
                out[j * w + i] = set ? 1f : 0f;
            }
        }
        return out;
    }
}
