package org.inpaintij.testing;

/** Quality measures on known ground truth. */
public final class Metrics {

    private Metrics() {}

    /** PSNR in dB over the pixels where {@code mask} is non-zero, for the given peak value. */
    public static double psnr(double[] truth, double[] test, byte[] mask, double peak) {
        double se = 0;
        long n = 0;
        for (int i = 0; i < truth.length; i++) {
            if (mask[i] == 0) continue;
            double d = truth[i] - test[i];
            se += d * d;
            n++;
        }
        if (n == 0) throw new IllegalArgumentException("empty mask");
        double mse = se / n;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(peak * peak / mse);
    }

    /** PSNR in dB over the masked pixels of all channels together (one mean squared error). */
    public static double psnr(double[][] truth, double[][] test, byte[] mask, double peak) {
        double se = 0;
        long n = 0;
        for (int c = 0; c < truth.length; c++) {
            for (int i = 0; i < mask.length; i++) {
                if (mask[i] == 0) continue;
                double d = truth[c][i] - test[c][i];
                se += d * d;
                n++;
            }
        }
        if (n == 0) throw new IllegalArgumentException("empty mask");
        double mse = se / n;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(peak * peak / mse);
    }

    /**
     * Mean structural similarity (Wang et al. 2004: 11x11 Gaussian window, sigma 1.5, K1 = 0.01, K2 = 0.03)
     * over the masked pixels, averaged over channels. The SSIM map is computed on the whole images, so each
     * masked pixel's window also sees the unchanged pixels around it, as a viewer does.
     */
    public static double ssim(double[][] truth, double[][] test, int w, int h, byte[] mask, double peak) {
        double sum = 0;
        for (int c = 0; c < truth.length; c++) sum += ssim(truth[c], test[c], w, h, mask, peak);
        return sum / truth.length;
    }

    /** As {@link #ssim(double[][], double[][], int, int, byte[], double)} for one channel. */
    public static double ssim(double[] a, double[] b, int w, int h, byte[] mask, double peak) {
        Rect r = maskBox(mask, w, h, 5);
        double[] g = gaussian(1.5, 5);
        double c1 = Math.pow(0.01 * peak, 2), c2 = Math.pow(0.03 * peak, 2);
        double[] ma = blur(a, w, h, r, g, null), mb = blur(b, w, h, r, g, null);
        double[] aa = blur(a, w, h, r, g, a), bb = blur(b, w, h, r, g, b);
        double[] ab = blur(a, w, h, r, g, b);
        double s = 0;
        long n = 0;
        for (int y = r.y0; y < r.y1; y++) {
            for (int x = r.x0; x < r.x1; x++) {
                int i = y * w + x;
                if (mask[i] == 0) continue;
                int k = (y - r.y0) * r.w() + x - r.x0;
                double mua = ma[k], mub = mb[k];
                double va = aa[k] - mua * mua, vb = bb[k] - mub * mub, cov = ab[k] - mua * mub;
                s += ((2 * mua * mub + c1) * (2 * cov + c2)) / ((mua * mua + mub * mub + c1) * (va + vb + c2));
                n++;
            }
        }
        if (n == 0) throw new IllegalArgumentException("empty mask");
        return s / n;
    }

    /**
     * Texture kept by a fill: the high-pass energy (image minus its Gaussian blur, sigma 2) of the filled
     * image over the masked pixels, divided by that of the original there; 1 means as much fine detail as
     * the original, a smooth fill gives nearly 0. Averaged over channels.
     */
    public static double textureRatio(double[][] truth, double[][] test, int w, int h, byte[] mask) {
        double sum = 0;
        for (int c = 0; c < truth.length; c++) {
            double et = highPassEnergy(truth[c], w, h, mask), ef = highPassEnergy(test[c], w, h, mask);
            sum += et > 0 ? ef / et : (ef > 0 ? Double.POSITIVE_INFINITY : 1);
        }
        return sum / truth.length;
    }

    /** The high-pass image (image minus its Gaussian blur, sigma 2, mirrored at the edges) of the whole image. */
    public static double[] highPass(double[] img, int w, int h) {
        Rect r = new Rect(0, 0, w, h);
        double[] b = blur(img, w, h, r, gaussian(2, 6), null);
        double[] out = new double[w * h];
        for (int i = 0; i < out.length; i++) out[i] = img[i] - b[i];
        return out;
    }

    /** Mean squared high-pass value (image minus its Gaussian blur, sigma 2) over the masked pixels. */
    public static double highPassEnergy(double[] img, int w, int h, byte[] mask) {
        Rect r = maskBox(mask, w, h, 7);
        double[] b = blur(img, w, h, r, gaussian(2, 6), null);
        double e = 0;
        long n = 0;
        for (int y = r.y0; y < r.y1; y++) {
            for (int x = r.x0; x < r.x1; x++) {
                int i = y * w + x;
                if (mask[i] == 0) continue;
                double hp = img[i] - b[(y - r.y0) * r.w() + x - r.x0];
                e += hp * hp;
                n++;
            }
        }
        return e / n;
    }

    private record Rect(int x0, int y0, int x1, int y1) {
        int w() {
            return x1 - x0;
        }
    }

    /** The box of the masked pixels grown by {@code pad}, clipped to the image. */
    private static Rect maskBox(byte[] mask, int w, int h, int pad) {
        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] == 0) continue;
            int x = i % w, y = i / w;
            x0 = Math.min(x0, x);
            x1 = Math.max(x1, x);
            y0 = Math.min(y0, y);
            y1 = Math.max(y1, y);
        }
        if (x1 < 0) throw new IllegalArgumentException("empty mask");
        return new Rect(Math.max(0, x0 - pad), Math.max(0, y0 - pad), Math.min(w, x1 + pad + 1),
                Math.min(h, y1 + pad + 1));
    }

    private static double[] gaussian(double sigma, int radius) {
        double[] g = new double[2 * radius + 1];
        double s = 0;
        for (int i = -radius; i <= radius; i++) s += g[i + radius] = Math.exp(-i * i / (2 * sigma * sigma));
        for (int i = 0; i < g.length; i++) g[i] /= s;
        return g;
    }

    /**
     * Separable Gaussian blur of a (times b, when given) over the box r, the image mirrored at its edges
     * (edge pixel repeated, as scipy's "reflect").
     */
    private static double[] blur(double[] a, int w, int h, Rect r, double[] g, double[] b) {
        int rad = g.length / 2, bw = r.w(), bh = r.y1 - r.y0;
        int ty0 = r.y0 - rad, th = bh + 2 * rad;
        double[] tmp = new double[bw * th];
        for (int j = 0; j < th; j++) {
            int y = mirror(ty0 + j, h);
            for (int x = r.x0; x < r.x1; x++) {
                double s = 0;
                for (int k = -rad; k <= rad; k++) {
                    int xx = mirror(x + k, w), i = y * w + xx;
                    s += g[k + rad] * (b == null ? a[i] : a[i] * b[i]);
                }
                tmp[j * bw + x - r.x0] = s;
            }
        }
        double[] out = new double[bw * bh];
        for (int j = 0; j < bh; j++) {
            for (int x = 0; x < bw; x++) {
                double s = 0;
                for (int k = -rad; k <= rad; k++) s += g[k + rad] * tmp[(j + rad + k) * bw + x];
                out[j * bw + x] = s;
            }
        }
        return out;
    }

    private static int mirror(int i, int n) {
        while (i < 0 || i >= n) i = i < 0 ? -i - 1 : 2 * n - i - 1;
        return i;
    }

    /**
     * Mean of each channel over a rectangle, as a fraction of the range lo..hi (RGB: of 0..255 per channel;
     * grayscale: the one value in all three entries).
     */
    public static double[] unitMeans(ij.process.ImageProcessor ip, java.awt.Rectangle r, double lo, double hi) {
        double[] sum = new double[3];
        for (int y = r.y; y < r.y + r.height; y++) {
            for (int x = r.x; x < r.x + r.width; x++) {
                if (ip.getNChannels() == 3) {
                    int c = ip.get(x, y);
                    for (int k = 0; k < 3; k++) sum[k] += ((c >> (16 - 8 * k)) & 0xff) / 255.0;
                } else {
                    double v = (ip.getf(x, y) - lo) / (hi - lo);
                    for (int k = 0; k < 3; k++) sum[k] += v;
                }
            }
        }
        for (int k = 0; k < 3; k++) sum[k] /= (double) r.width * r.height;
        return sum;
    }
}
