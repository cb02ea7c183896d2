package org.inpaintij.ij;

import java.awt.Rectangle;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;

import ij.CommandListener;
import ij.Executer;
import ij.ImagePlus;
import ij.Undo;
import ij.WindowManager;
import ij.process.ImageProcessor;

/**
 * Keeps an in-place fill's provenance line with its pixels under Edit > Undo. ImageJ's undo of a filter brings
 * back the pixels (and the overlay) but not the image's Info, so a line saying the region was filled would stay
 * after the fill is gone. Just before the Undo command runs, this checks that what it is about to undo is this
 * fill (the pixels of the filled box are the fill's, the snapshot Undo restores from is the original, and Undo
 * holds a filter of this image), and sets the Info to what it was before the fill; a second Undo (ImageJ's redo)
 * brings the line back with the pixels. Any other change to those pixels ends the tracking.
 */
final class ProvenanceUndo implements CommandListener {

    private static final ProvenanceUndo INSTANCE = new ProvenanceUndo();
    private static boolean registered;

    /** One fill: its plane, the box it changed, those pixels before and after, and the Info before and after. */
    private record Fill(int plane, Rectangle box, Object before, Object after, String infoBefore, String infoAfter) {}

    private final Map<ImagePlus, Fill> fills = new WeakHashMap<>();

    private ProvenanceUndo() {}

    /**
     * Tracks an in-place fill that was just written and snapshotted for Undo.
     *
     * @param imp the image
     * @param box the box of the filled pixels
     * @param infoBefore the Info before the provenance line was added (null for none)
     */
    static void track(ImagePlus imp, Rectangle box, String infoBefore) {
        ImageProcessor ip = imp.getProcessor();
        Object snapshot = ip.getSnapshotPixels();
        if (snapshot == null) return;
        Object info = imp.getProperty("Info");
        Fill f = new Fill(imp.getCurrentSlice(), new Rectangle(box), crop(snapshot, ip.getWidth(), box),
                crop(ip.getPixels(), ip.getWidth(), box), infoBefore, info instanceof String s ? s : null);
        synchronized (INSTANCE) {
            if (!registered) {
                Executer.addCommandListener(INSTANCE);
                registered = true;
            }
            INSTANCE.fills.put(imp, f);
        }
    }

    /** The listener ImageJ's Executer calls (for tests, which cannot run ImageJ's menus headless). */
    static CommandListener listener() {
        return INSTANCE;
    }

    @Override
    public String commandExecuting(String command) {
        if (!"Undo".equals(command)) return command;
        ImagePlus imp = WindowManager.getCurrentImage();
        synchronized (this) {
            Fill f = imp == null ? null : fills.get(imp);
            if (f == null) return command;
            ImageProcessor ip = imp.getProcessor();
            Object snapshot = ip.getSnapshotPixels();
            if (imp.getCurrentSlice() != f.plane() || snapshot == null || !undoesFilterOf(imp)) {
                fills.remove(imp);
                return command;
            }
            Object now = crop(ip.getPixels(), ip.getWidth(), f.box()), snap = crop(snapshot, ip.getWidth(), f.box());
            if (Objects.deepEquals(now, f.after()) && Objects.deepEquals(snap, f.before())) {
                setInfo(imp, f.infoBefore());
            } else if (Objects.deepEquals(now, f.before()) && Objects.deepEquals(snap, f.after())) {
                setInfo(imp, f.infoAfter());
            } else {
                fills.remove(imp);
            }
        }
        return command;
    }

    private static void setInfo(ImagePlus imp, String info) {
        if (info == null) imp.getProperties().remove("Info");
        else imp.setProperty("Info", info);
    }

    /**
     * Whether ImageJ's Undo holds a filter of this image (so that it restores pixels, not a selection or a type).
     * Read from Undo's own state, which ImageJ does not publish; true where that state cannot be read, leaving the
     * pixel comparison to decide.
     */
    private static boolean undoesFilterOf(ImagePlus imp) {
        try {
            Field what = Undo.class.getDeclaredField("whatToUndo");
            Field id = Undo.class.getDeclaredField("imageID");
            what.setAccessible(true);
            id.setAccessible(true);
            return what.getInt(null) == Undo.FILTER && id.getInt(null) == imp.getID();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        }
    }

    /** The pixels of {@code box} in a plane's pixel array, as an array of the same type. */
    private static Object crop(Object pixels, int width, Rectangle box) {
        Object out = java.lang.reflect.Array.newInstance(pixels.getClass().getComponentType(), box.width * box.height);
        for (int y = 0; y < box.height; y++) {
            System.arraycopy(pixels, (box.y + y) * width + box.x, out, y * box.width, box.width);
        }
        return out;
    }
}
