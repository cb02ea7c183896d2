package org.inpaintij.plugin;

import java.awt.BorderLayout;
import java.awt.Button;
import java.awt.Dialog;
import java.awt.EventQueue;
import java.awt.FlowLayout;
import java.awt.GraphicsEnvironment;
import java.awt.Label;
import java.awt.Panel;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.util.concurrent.atomic.AtomicBoolean;

import ij.IJ;
import ij.macro.Interpreter;

import org.inpaintij.core.Monitor;
import org.inpaintij.core.Preview;

/**
 * A small window beside a long run (a diffusion model's) with its progress line and a Cancel button, which stops
 * the run as Esc does: within a step, leaving the image as it was. Not shown headless or in batch mode.
 */
final class ProgressWindow implements Monitor, AutoCloseable {

    /** The Cancel button's label. */
    static final String CANCEL = "Cancel";

    private final Monitor parent;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private Dialog dialog;
    private Label line;

    private ProgressWindow(Monitor parent) {
        this.parent = parent;
    }

    /**
     * A window titled "{@code title}: running" beside the image's window (so that it hides neither the image nor
     * its preview), when there is a screen to show it on.
     */
    static ProgressWindow open(String title, ij.ImagePlus imp, Monitor parent) {
        ProgressWindow w = new ProgressWindow(parent);
        if (GraphicsEnvironment.isHeadless() || Interpreter.isBatchMode()) return w;
        java.awt.Window beside = imp.getWindow();
        EventQueue.invokeLater(() -> w.show(title, beside));
        return w;
    }

    private void show(String title, java.awt.Window beside) {
        dialog = new Dialog(IJ.getInstance(), title + ": running", false);
        line = new Label("Starting...");
        Button cancel = new Button(CANCEL);
        cancel.addActionListener(e -> {
            cancelled.set(true);
            line.setText("Cancelling...");
        });
        dialog.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                cancelled.set(true);
            }
        });
        Panel buttons = new Panel(new FlowLayout(FlowLayout.RIGHT));
        buttons.add(cancel);
        dialog.setLayout(new BorderLayout(8, 8));
        dialog.add(line, BorderLayout.CENTER);
        dialog.add(buttons, BorderLayout.SOUTH);
        dialog.setSize(520, 110);
        if (beside != null) {
            dialog.setLocation(beside.getX() + beside.getWidth() + 8, beside.getY());
        } else if (IJ.getInstance() != null) {
            dialog.setLocationRelativeTo(IJ.getInstance());
        }
        dialog.setVisible(true);
    }

    @Override
    public void progress(double fraction, String status) {
        parent.progress(fraction, status);
        if (status != null) {
            String text = status + " (" + Math.round(100 * fraction) + "%)";
            EventQueue.invokeLater(() -> {
                if (line != null && !cancelled.get()) line.setText(text);
            });
        }
    }

    @Override
    public void preview(Preview preview) {
        parent.preview(preview);
    }

    @Override
    public boolean isCancelled() {
        return cancelled.get() || parent.isCancelled();
    }

    @Override
    public void close() {
        EventQueue.invokeLater(() -> {
            if (dialog != null) dialog.dispose();
        });
    }
}
