package org.inpaintij.diffusion.zimage;

import org.inpaintij.core.BadInputException;

/**
 * What diffusers' ZImageTransformer2DModel does around its layers for one image and one caption, and which the
 * exported graph leaves to its caller (see {@code tools/export-zimage}): patchify and unpatchify, padding to a
 * multiple of 32 tokens by repeating the last row, the three-axis position ids, and the RoPE cos/sin tables.
 *
 * <ul>
 * <li>Patchify ({@code _patchify_image}): latents [C, 1, h, w] become tokens in row-major (h/p, w/p) order, each
 * {@code p * p * C} features ordered (ph, pw, c), c fastest.
 * <li>Positions ({@code patchify_and_embed}): caption token k is (1 + k, 0, 0) for every k of the padded caption,
 * padding included (the grid spans the padded length); image token (y, x) is (Mpad + 1, y, x) where Mpad is the
 * padded caption length; image padding is (0, 0, 0).
 * <li>RoPE ({@code RopeEmbedder}): per axis of width d, frequencies {@code theta^(-2j/d)} and angles
 * {@code pos * freq} in float64, rounded to float32; the table is cos and sin of that float32 angle, the axes
 * concatenated.
 * </ul>
 */
public final class ZImageTokens {

    private ZImageTokens() {}

    /** {@code n} rounded up to a multiple of {@code multiple}. */
    public static int padded(int n, int multiple) {
        return n + Math.floorMod(-n, multiple);
    }

    /**
     * Latents [C * h * w] to {@code padTo} tokens of {@code p * p * C} features; rows past the image repeat its
     * last token.
     */
    public static float[] patchify(float[] latents, int channels, int h, int w, int p, int padTo) {
        int ht = h / p, wt = w / p, n = ht * wt, f = p * p * channels;
        float[] out = new float[padTo * f];
        for (int ty = 0; ty < ht; ty++) {
            for (int tx = 0; tx < wt; tx++) {
                int base = (ty * wt + tx) * f;
                for (int py = 0; py < p; py++) {
                    for (int px = 0; px < p; px++) {
                        int pix = (ty * p + py) * w + tx * p + px;
                        int o = base + (py * p + px) * channels;
                        for (int c = 0; c < channels; c++) out[o + c] = latents[c * h * w + pix];
                    }
                }
            }
        }
        for (int t = n; t < padTo; t++) System.arraycopy(out, (n - 1) * f, out, t * f, f);
        return out;
    }

    /** The first {@code (h/p) * (w/p)} tokens back to latents [C * h * w]. */
    public static float[] unpatchify(float[] tokens, int channels, int h, int w, int p) {
        int wt = w / p, f = p * p * channels;
        float[] out = new float[channels * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = ((y / p) * wt + x / p) * f + ((y % p) * p + x % p) * channels;
                for (int c = 0; c < channels; c++) out[c * h * w + y * w + x] = tokens[o + c];
            }
        }
        return out;
    }

    /** Caption positions: (1 + k, 0, 0) for k = 0 .. capPadded - 1, flattened [capPadded * 3]. */
    public static int[] captionPositions(int capPadded) {
        int[] pos = new int[capPadded * 3];
        for (int k = 0; k < capPadded; k++) pos[3 * k] = 1 + k;
        return pos;
    }

    /** Image positions: (capPadded + 1, y, x) for the ht x wt tokens, then (0, 0, 0) up to imgPadded. */
    public static int[] imagePositions(int capPadded, int ht, int wt, int imgPadded) {
        int[] pos = new int[imgPadded * 3];
        for (int y = 0; y < ht; y++) {
            for (int x = 0; x < wt; x++) {
                int t = 3 * (y * wt + x);
                pos[t] = capPadded + 1;
                pos[t + 1] = y;
                pos[t + 2] = x;
            }
        }
        return pos;
    }

    /**
     * The RoPE tables of positions [n * 3]: {cos, sin}, each [n * headDim/2], token-major.
     *
     * @throws BadInputException when a position is beyond the model's table (the image or the prompt too large)
     */
    public static float[][] rope(int[] positions, int[] axesDims, int[] axesLens, double theta) {
        int n = positions.length / 3, half = 0;
        for (int d : axesDims) half += d / 2;
        double[][] freqs = new double[3][];
        for (int a = 0; a < 3; a++) {
            int d = axesDims[a];
            freqs[a] = new double[d / 2];
            for (int j = 0; j < d / 2; j++) freqs[a][j] = 1.0 / Math.pow(theta, (2.0 * j) / d);
        }
        float[] cos = new float[n * half], sin = new float[n * half];
        for (int t = 0; t < n; t++) {
            int o = t * half;
            for (int a = 0; a < 3; a++) {
                int pos = positions[3 * t + a];
                if (pos >= axesLens[a]) {
                    throw new BadInputException(a == 0 ? "The prompt is too long for this model: its position "
                            + pos + " is beyond the " + axesLens[a] + " the model knows."
                            : "The working size is too large for this model: it knows at most " + axesLens[a]
                            + " patches per side; lower the resolution.");
                }
                for (int j = 0; j < freqs[a].length; j++) {
                    float angle = (float) (pos * freqs[a][j]);
                    cos[o] = (float) Math.cos(angle);
                    sin[o] = (float) Math.sin(angle);
                    o++;
                }
            }
        }
        return new float[][] {cos, sin};
    }

    /** {@code true} for the rows at or past {@code real}: the padding. */
    public static boolean[] padMask(int real, int padded) {
        boolean[] m = new boolean[padded];
        for (int i = real; i < padded; i++) m[i] = true;
        return m;
    }
}
