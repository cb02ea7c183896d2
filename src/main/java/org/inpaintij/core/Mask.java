package org.inpaintij.core;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable binary mask over an image of {@code width x height} pixels: set pixels are the ones to fill.
 *
 * <p>Only the bounding box of the set pixels is stored, one bit per pixel, so a few small defects on a
 * large image cost little. Coordinates are image coordinates.
 */
public final class Mask {

    private final int width;
    private final int height;
    /** Bounding box of the stored bits (may be larger than the tight bounds of the set pixels). */
    private final int bx, by, bw, bh;
    /** Row-major bits over the box, each row starting at a new long. */
    private final long[] bits;
    private final int wordsPerRow;
    private final long count;

    private Mask(int width, int height, int bx, int by, int bw, int bh, long[] bits) {
        this.width = width;
        this.height = height;
        this.bx = bx;
        this.by = by;
        this.bw = bw;
        this.bh = bh;
        this.bits = bits;
        this.wordsPerRow = words(bw);
        long c = 0;
        for (long w : bits) c += Long.bitCount(w);
        this.count = c;
    }

    private static int words(int w) {
        return (w + 63) >>> 6;
    }

    /** An empty mask of the given image size. */
    public static Mask empty(int width, int height) {
        return new Mask(width, height, 0, 0, 0, 0, new long[0]);
    }

    /**
     * A mask from a local byte mask (non-zero = set) placed at {@code (x, y)}; parts outside the image are
     * dropped.
     */
    public static Mask fromLocal(int width, int height, int x, int y, int w, int h, byte[] local) {
        Builder b = new Builder(width, height, new Rectangle(x, y, w, h));
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                if (local == null || local[j * w + i] != 0) b.set(x + i, y + j);
            }
        }
        return b.build();
    }

    /** A mask from a full-image predicate array (non-zero = set). */
    public static Mask fromFull(int width, int height, byte[] full) {
        return fromLocal(width, height, 0, 0, width, height, full);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Number of set pixels. */
    public long count() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** Whether every pixel of the image is set. */
    public boolean isFull() {
        return count == (long) width * height;
    }

    /** Whether pixel (x, y) is set; false outside the image. */
    public boolean get(int x, int y) {
        int i = x - bx, j = y - by;
        if (i < 0 || j < 0 || i >= bw || j >= bh) return false;
        return (bits[j * wordsPerRow + (i >>> 6)] & (1L << (i & 63))) != 0;
    }

    /** The tight bounding box of the set pixels (empty rectangle for an empty mask). */
    public Rectangle bounds() {
        if (count == 0) return new Rectangle();
        int minX = Integer.MAX_VALUE, maxX = -1, minY = -1, maxY = -1;
        for (int j = 0; j < bh; j++) {
            int row = j * wordsPerRow;
            for (int k = 0; k < wordsPerRow; k++) {
                long w = bits[row + k];
                if (w == 0) continue;
                if (minY < 0) minY = j;
                maxY = j;
                minX = Math.min(minX, (k << 6) + Long.numberOfTrailingZeros(w));
                maxX = Math.max(maxX, (k << 6) + 63 - Long.numberOfLeadingZeros(w));
            }
        }
        return new Rectangle(bx + minX, by + minY, maxX - minX + 1, maxY - minY + 1);
    }

    /** The set pixels of a rectangle (clipped to nothing outside the image) as a local byte mask, 1 = set. */
    public byte[] local(Rectangle r) {
        byte[] out = new byte[r.width * r.height];
        int x0 = Math.max(r.x, bx), x1 = Math.min(r.x + r.width, bx + bw);
        int y0 = Math.max(r.y, by), y1 = Math.min(r.y + r.height, by + bh);
        for (int y = y0; y < y1; y++) {
            int row = (y - by) * wordsPerRow;
            for (int x = x0; x < x1; x++) {
                int i = x - bx;
                if ((bits[row + (i >>> 6)] & (1L << (i & 63))) != 0) out[(y - r.y) * r.width + (x - r.x)] = 1;
            }
        }
        return out;
    }

    /**
     * The 8-connected components of the set pixels, in raster order of their first pixel. Work and memory
     * are proportional to the number of runs of set pixels, not to the image size.
     */
    public List<Component> components() {
        if (count == 0) return List.of();
        // runs: y, x0, x1 (inclusive, local coordinates), labelled with union-find
        IntList ry = new IntList(), rx0 = new IntList(), rx1 = new IntList();
        int prevStart = 0, prevEnd = 0;
        int[] parent = new int[64];
        for (int j = 0; j < bh; j++) {
            int curStart = ry.size();
            int row = j * wordsPerRow;
            int i = 0;
            while (i < bw) {
                int s = nextSet(row, i);
                if (s < 0) break;
                int e = nextClear(row, s);
                ry.add(j);
                rx0.add(s);
                rx1.add(e - 1);
                i = e;
            }
            int curEnd = ry.size();
            if (parent.length < curEnd) parent = Arrays.copyOf(parent, Math.max(curEnd, parent.length * 2));
            for (int r = curStart; r < curEnd; r++) parent[r] = r;
            // connect with the previous row's runs that touch, diagonals included
            int p = prevStart;
            for (int r = curStart; r < curEnd; r++) {
                int a0 = rx0.get(r) - 1, a1 = rx1.get(r) + 1;
                while (p < prevEnd && rx1.get(p) < a0) p++;
                for (int q = p; q < prevEnd && rx0.get(q) <= a1; q++) union(parent, r, q);
            }
            prevStart = curStart;
            prevEnd = curEnd;
        }
        int nRuns = ry.size();
        int[] label = new int[nRuns];
        int[] rootToComp = new int[nRuns];
        Arrays.fill(rootToComp, -1);
        int nComp = 0;
        for (int r = 0; r < nRuns; r++) {
            int root = find(parent, r);
            if (rootToComp[root] < 0) rootToComp[root] = nComp++;
            label[r] = rootToComp[root];
        }
        int[] minX = new int[nComp], maxX = new int[nComp], minY = new int[nComp], maxY = new int[nComp];
        long[] cnt = new long[nComp];
        Arrays.fill(minX, Integer.MAX_VALUE);
        Arrays.fill(minY, Integer.MAX_VALUE);
        Arrays.fill(maxX, -1);
        Arrays.fill(maxY, -1);
        for (int r = 0; r < nRuns; r++) {
            int c = label[r];
            minX[c] = Math.min(minX[c], rx0.get(r));
            maxX[c] = Math.max(maxX[c], rx1.get(r));
            minY[c] = Math.min(minY[c], ry.get(r));
            maxY[c] = Math.max(maxY[c], ry.get(r));
            cnt[c] += rx1.get(r) - rx0.get(r) + 1;
        }
        byte[][] locals = new byte[nComp][];
        for (int c = 0; c < nComp; c++) locals[c] = new byte[(maxX[c] - minX[c] + 1) * (maxY[c] - minY[c] + 1)];
        for (int r = 0; r < nRuns; r++) {
            int c = label[r];
            int w = maxX[c] - minX[c] + 1;
            int off = (ry.get(r) - minY[c]) * w - minX[c];
            Arrays.fill(locals[c], off + rx0.get(r), off + rx1.get(r) + 1, (byte) 1);
        }
        List<Component> out = new ArrayList<>(nComp);
        for (int c = 0; c < nComp; c++) {
            Rectangle b = new Rectangle(bx + minX[c], by + minY[c], maxX[c] - minX[c] + 1, maxY[c] - minY[c] + 1);
            out.add(new Component(b, locals[c], cnt[c]));
        }
        return out;
    }

    private int nextSet(int row, int from) {
        int k = from >>> 6;
        if (k >= wordsPerRow) return -1;
        long w = bits[row + k] & (-1L << (from & 63));
        while (true) {
            if (w != 0) {
                int i = (k << 6) + Long.numberOfTrailingZeros(w);
                return i < bw ? i : -1;
            }
            if (++k >= wordsPerRow) return -1;
            w = bits[row + k];
        }
    }

    private int nextClear(int row, int from) {
        int k = from >>> 6;
        long w = ~bits[row + k] & (-1L << (from & 63));
        while (true) {
            if (w != 0) return Math.min(bw, (k << 6) + Long.numberOfTrailingZeros(w));
            if (++k >= wordsPerRow) return bw;
            w = ~bits[row + k];
        }
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a), rb = find(parent, b);
        if (ra != rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }

    /**
     * This mask dilated by a disk of the given radius (Euclidean: a pixel is set when a set pixel lies within
     * {@code radius}), clipped to the image. Work is bounded by the grown components' boxes.
     */
    public Mask grow(int radius) {
        if (radius < 0) throw new IllegalArgumentException("grow radius must be >= 0: " + radius);
        if (radius == 0 || count == 0) return this;
        Rectangle img = new Rectangle(0, 0, width, height);
        List<Component> comps = components();
        List<Rectangle> boxes = new ArrayList<>(comps.size());
        for (Component c : comps) {
            Rectangle r = new Rectangle(c.bounds());
            r.grow(radius, radius);
            boxes.add(r.intersection(img));
        }
        Rectangle all = new Rectangle(boxes.get(0));
        for (Rectangle r : boxes) all.add(r);
        Builder b = new Builder(width, height, all);
        long r2 = (long) radius * radius;
        for (List<Integer> group : Boxes.overlapGroups(boxes)) {
            Rectangle g = new Rectangle(boxes.get(group.get(0)));
            for (int i : group) g.add(boxes.get(i));
            byte[] seed = local(g);
            float[] d2 = DistanceTransform.squaredToSet(seed, g.width, g.height);
            for (int j = 0; j < g.height; j++) {
                for (int i = 0; i < g.width; i++) {
                    if (d2[j * g.width + i] <= r2) b.set(g.x + i, g.y + j);
                }
            }
        }
        return b.build();
    }

    /** Pixels set in this mask or in the other one. */
    public Mask or(Mask other) {
        requireSameSize(other);
        if (other.isEmpty()) return this;
        if (isEmpty()) return other;
        Rectangle all = bounds().union(other.bounds());
        Builder b = new Builder(width, height, all);
        for (Mask m : new Mask[] {this, other}) {
            Rectangle r = m.bounds();
            byte[] l = m.local(r);
            for (int j = 0; j < r.height; j++) {
                for (int i = 0; i < r.width; i++) {
                    if (l[j * r.width + i] != 0) b.set(r.x + i, r.y + j);
                }
            }
        }
        return b.build();
    }

    private void requireSameSize(Mask other) {
        if (other.width != width || other.height != height) {
            throw new IllegalArgumentException("masks differ in size: " + width + "x" + height + " and "
                    + other.width + "x" + other.height);
        }
    }

    /** One 8-connected component: its bounding box, a local mask over it (1 = set) and its pixel count. */
    public record Component(Rectangle bounds, byte[] local, long count) {
        /** Thickness estimate: twice the largest inscribed-disk radius, in pixels. */
        public double thickness() {
            float[] d2 = DistanceTransform.squaredToSet(invert(local), bounds.width, bounds.height, true);
            float max = 0;
            for (int i = 0; i < d2.length; i++) if (local[i] != 0 && d2[i] > max) max = d2[i];
            return 2 * Math.sqrt(max) - 1;
        }

        private static byte[] invert(byte[] m) {
            byte[] o = new byte[m.length];
            for (int i = 0; i < m.length; i++) o[i] = (byte) (m[i] == 0 ? 1 : 0);
            return o;
        }
    }

    /** Collects set pixels inside a fixed box, then freezes them into a {@link Mask}. */
    public static final class Builder {
        private final int width, height, bx, by, bw, bh, wpr;
        private final long[] bits;

        /** A builder for pixels within {@code box} (clipped to the image). */
        public Builder(int width, int height, Rectangle box) {
            if (width <= 0 || height <= 0) throw new IllegalArgumentException("image size must be positive");
            this.width = width;
            this.height = height;
            Rectangle r = box.intersection(new Rectangle(0, 0, width, height));
            if (r.isEmpty()) r = new Rectangle(0, 0, 0, 0);
            this.bx = r.x;
            this.by = r.y;
            this.bw = r.width;
            this.bh = r.height;
            this.wpr = words(bw);
            this.bits = new long[Math.multiplyExact(wpr, bh)];
        }

        /** Sets pixel (x, y); ignored outside the builder's box. */
        public Builder set(int x, int y) {
            int i = x - bx, j = y - by;
            if (i >= 0 && j >= 0 && i < bw && j < bh) bits[j * wpr + (i >>> 6)] |= 1L << (i & 63);
            return this;
        }

        public Mask build() {
            return new Mask(width, height, bx, by, bw, bh, bits);
        }
    }

    /** A growable int array, to keep run lists free of boxing. */
    private static final class IntList {
        private int[] a = new int[256];
        private int n;

        void add(int v) {
            if (n == a.length) a = Arrays.copyOf(a, n * 2);
            a[n++] = v;
        }

        int get(int i) {
            return a[i];
        }

        int size() {
            return n;
        }
    }
}
