package org.inpaintij.models;

import java.awt.Component;
import java.awt.Container;
import java.awt.EventQueue;
import java.awt.Window;
import java.util.ArrayList;
import java.util.List;

import javax.swing.AbstractButton;
import javax.swing.JDialog;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JTable;

import ij.IJ;

/**
 * Runs inside a real ImageJ (see {@link ModelsInImageJIT}), called from the test macro: plays the user in the
 * Inpainting Models window, selecting a model, pressing Verify, then Remove and confirming, and reports what
 * the window showed.
 */
public final class ModelsWindowDriver {

    private ModelsWindowDriver() {}

    /** Verifies then removes {@code name} through the window; returns "verify status|rows before|rows after". */
    public static String verifyAndRemove(String name) throws Exception {
        IJ.doCommand("Inpainting Models...");
        JFrame frame = (JFrame) await(() -> find(JFrame.class, "Inpainting Models"));
        JTable table = (JTable) await(() -> first(frame, JTable.class));
        int before = table.getRowCount();
        EventQueue.invokeAndWait(() -> {
            for (int i = 0; i < table.getRowCount(); i++) {
                if (name.equals(table.getValueAt(i, 0))) table.setRowSelectionInterval(i, i);
            }
            button(frame, "Verify").doClick();
        });
        JLabel verified = (JLabel) await(() -> label(frame, name + ": "));
        String status = verified.getText();
        EventQueue.invokeLater(() -> button(frame, "Remove").doClick());
        JDialog confirm = (JDialog) await(() -> find(JDialog.class, "Inpainting Models"));
        EventQueue.invokeAndWait(() -> button(confirm, "OK").doClick());
        await(() -> label(frame, "Removed " + name));
        int after = table.getRowCount();
        return status + "|" + before + "|" + after;
    }

    /** Opens Inpainting Info's window, presses "Copy to clipboard" and returns what the clipboard then holds. */
    public static String copyInfo() throws Exception {
        IJ.doCommand("Inpainting Info");
        JFrame frame = (JFrame) await(() -> find(JFrame.class, "Inpainting Info"));
        EventQueue.invokeAndWait(() -> button(frame, "Copy to clipboard").doClick());
        await(() -> all(frame).stream().filter(x -> x instanceof AbstractButton b && "Copied".equals(b.getText()))
                .findFirst().orElse(null));
        return (String) java.awt.Toolkit.getDefaultToolkit().getSystemClipboard()
                .getData(java.awt.datatransfer.DataFlavor.stringFlavor);
    }

    private interface Probe {
        Object get() throws Exception;
    }

    private static Object await(Probe p) throws Exception {
        for (int i = 0; i < 1200; i++) {
            Object[] found = new Object[1];
            EventQueue.invokeAndWait(() -> {
                try {
                    found[0] = p.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            if (found[0] != null) return found[0];
            Thread.sleep(50);
        }
        throw new IllegalStateException("the window never showed what was awaited");
    }

    private static Window find(Class<? extends Window> type, String title) {
        for (Window w : Window.getWindows()) {
            if (type.isInstance(w) && w.isShowing() && title.equals(w instanceof JFrame f ? f.getTitle()
                    : ((JDialog) w).getTitle())) {
                return w;
            }
        }
        return null;
    }

    private static <T> T first(Container c, Class<T> type) {
        for (Component x : all(c)) if (type.isInstance(x)) return type.cast(x);
        return null;
    }

    private static AbstractButton button(Container c, String text) {
        for (Component x : all(c)) {
            if (x instanceof AbstractButton b && text.equals(b.getText())) return b;
        }
        throw new IllegalStateException("no button " + text);
    }

    private static JLabel label(Container c, String prefix) {
        for (Component x : all(c)) {
            if (x instanceof JLabel l && l.getText() != null && l.getText().startsWith(prefix)) return l;
        }
        return null;
    }

    private static List<Component> all(Container c) {
        List<Component> out = new ArrayList<>();
        for (Component x : c.getComponents()) {
            out.add(x);
            if (x instanceof Container k) out.addAll(all(k));
        }
        return out;
    }
}
