package org.inpaintij.plugin;

import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.Toolkit;
import java.awt.datatransfer.StringSelection;
import java.util.List;

import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JFrame;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTextArea;
import javax.swing.SwingUtilities;

import ij.IJ;
import ij.Macro;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;

import org.inpaintij.ij.Feedback;
import org.inpaintij.ij.MacroOptions;
import org.inpaintij.ij.Version;
import org.inpaintij.models.DiskSpace;
import org.inpaintij.models.InfoReport;
import org.inpaintij.models.ModelsFolder;
import org.inpaintij.onnx.Devices;

/**
 * Plugins > Inpainting > Inpainting Info: the {@link InfoReport} in a window with a "Copy to clipboard" button
 * for bug reports; in the Log with {@code run("Inpainting Info", "log")}, in batch mode, or headless.
 */
public class InpaintingInfo implements PlugIn {

    static final String TITLE = "Inpainting Info";

    @Override
    public void run(String arg) {
        String macro = Macro.getOptions();
        String text;
        Feedback.warningsToLog();
        try {
            if (macro != null) MacroOptions.checkKeys(MacroOptions.parse(macro), List.of("log"), TITLE);
            IJ.showStatus(TITLE + ": trying the execution providers...");
            InfoReport.Inputs in = new InfoReport.Inputs(Version.plugin(), Version.onnxRuntime(),
                    "ImageJ " + IJ.getFullVersion(), () -> Devices.probe().describe());
            text = InfoReport.build(in, ModelsFolder.standard(), DiskSpace.STANDARD);
        } catch (RuntimeException e) {
            Feedback.error(TITLE, e);
            return;
        } finally {
            IJ.showStatus("");
        }
        if (macro != null || GraphicsEnvironment.isHeadless() || Interpreter.isBatchMode()) {
            IJ.log(text.strip());
            return;
        }
        SwingUtilities.invokeLater(() -> show(text));
    }

    private static void show(String text) {
        JFrame f = new JFrame(TITLE);
        JTextArea area = new JTextArea(text, 24, 90);
        area.setEditable(false);
        area.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 12));
        JButton copy = new JButton("Copy to clipboard");
        copy.addActionListener(e -> {
            Toolkit.getDefaultToolkit().getSystemClipboard().setContents(new StringSelection(text), null);
            copy.setText("Copied");
        });
        JButton close = new JButton("Close");
        close.addActionListener(e -> f.dispose());
        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT));
        buttons.add(copy);
        buttons.add(close);
        JPanel root = new JPanel(new BorderLayout(0, 8));
        root.setBorder(BorderFactory.createEmptyBorder(10, 10, 10, 10));
        root.add(new JScrollPane(area), BorderLayout.CENTER);
        root.add(buttons, BorderLayout.SOUTH);
        f.setContentPane(root);
        f.pack();
        f.setLocationRelativeTo(IJ.getInstance());
        f.setVisible(true);
    }
}
