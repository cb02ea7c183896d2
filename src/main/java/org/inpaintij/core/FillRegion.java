package org.inpaintij.core;

import java.awt.Rectangle;
import java.util.List;

/**
 * A crop of one plane handed to an engine: values of every channel, and a state per pixel. The engine
 * writes its fill into {@link #values()} at the {@link #FILL} pixels. On entry FILL pixels hold the image's
 * current values there (which a method may start from, or ignore), and MISSING pixels hold whatever the
 * image has (possibly NaN): engines must not use them as data.
 */
public final class FillRegion {

    /** A pixel whose value is known and can be used as a source. */
    public static final byte KNOWN = 0;
    /** A pixel to fill. */
    public static final byte FILL = 1;
    /**
     * A pixel that is neither known nor to be filled here: NaN or infinite data outside the mask, or a masked
     * pixel that another region fills. Engines treat it as absent.
     */
    public static final byte MISSING = 2;

    private final Rectangle bounds;
    private final byte[] state;
    private final double[][] values;
    private final Plane.Type type;
    private final double[] displayMin, displayMax;
    private final java.util.List<String> notes;

    /**
     * A region over {@code bounds} (image coordinates) with the given state and channel values (each
     * {@code bounds.width * bounds.height}, row-major); arrays are used as is.
     */
    public FillRegion(Rectangle bounds, byte[] state, double[][] values, Plane.Type type, double[] displayMin,
            double[] displayMax) {
        int n = bounds.width * bounds.height;
        if (state.length != n) throw new IllegalArgumentException("state size " + state.length + " != " + n);
        for (double[] v : values) if (v.length != n) throw new IllegalArgumentException("values size != " + n);
        this.bounds = new Rectangle(bounds);
        this.state = state;
        this.values = values;
        this.type = type;
        this.displayMin = displayMin;
        this.displayMax = displayMax;
        this.notes = new java.util.ArrayList<>();
    }

    private FillRegion(FillRegion parent, byte[] state) {
        this.bounds = parent.bounds;
        this.state = state;
        this.values = parent.values;
        this.type = parent.type;
        this.displayMin = parent.displayMin;
        this.displayMax = parent.displayMax;
        this.notes = parent.notes;
    }

    /**
     * Records what the engine did, for provenance (e.g. {@code note("auto", "harmonic")} or the seed it
     * drew). Identical notes from many regions are counted, not repeated.
     */
    public void note(String key, String value) {
        notes.add(key + "=" + value);
    }

    /** The notes recorded so far, in order. */
    public java.util.List<String> notes() {
        return java.util.List.copyOf(notes);
    }

    /** The crop in image coordinates. */
    public Rectangle bounds() {
        return new Rectangle(bounds);
    }

    public int width() {
        return bounds.width;
    }

    public int height() {
        return bounds.height;
    }

    /** Per pixel: {@link #KNOWN}, {@link #FILL} or {@link #MISSING} (live array). */
    public byte[] state() {
        return state;
    }

    /** Channel values (live arrays): the engine writes its result here at FILL pixels. */
    public double[][] values() {
        return values;
    }

    public int channels() {
        return values.length;
    }

    /** The image's storage type. */
    public Plane.Type type() {
        return type;
    }

    /** What maps to black in channel c (for methods that work in a fixed range such as [0, 1]). */
    public double displayMin(int c) {
        return displayMin[c];
    }

    /** What maps to white in channel c. */
    public double displayMax(int c) {
        return displayMax[c];
    }

    /**
     * The bounding box of the pixels to fill, in crop coordinates.
     *
     * @throws IllegalArgumentException when there is nothing to fill
     */
    public Rectangle fillBounds() {
        int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
        int w = bounds.width;
        for (int y = 0; y < bounds.height; y++) {
            for (int x = 0; x < w; x++) {
                if (state[y * w + x] != FILL) continue;
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
            }
        }
        if (maxX < 0) throw new IllegalArgumentException("region has nothing to fill");
        return new Rectangle(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    /** Number of pixels to fill. */
    public int fillCount() {
        int n = 0;
        for (byte s : state) if (s == FILL) n++;
        return n;
    }

    /** The 8-connected components of the FILL pixels, in crop coordinates. */
    public List<Mask.Component> fillComponents() {
        byte[] m = new byte[state.length];
        for (int i = 0; i < m.length; i++) m[i] = (byte) (state[i] == FILL ? 1 : 0);
        return Mask.fromLocal(width(), height(), 0, 0, width(), height(), m).components();
    }

    /**
     * A region over the same values (shared) in which only the given component is to be filled: the other
     * FILL pixels become MISSING. Coordinates of the component are crop coordinates.
     */
    public FillRegion only(Mask.Component c) {
        byte[] s = state.clone();
        for (int i = 0; i < s.length; i++) if (s[i] == FILL) s[i] = MISSING;
        Rectangle b = c.bounds();
        byte[] l = c.local();
        for (int j = 0; j < b.height; j++) {
            for (int i = 0; i < b.width; i++) {
                if (l[j * b.width + i] != 0) s[(b.y + j) * width() + b.x + i] = FILL;
            }
        }
        return new FillRegion(this, s);
    }
}
