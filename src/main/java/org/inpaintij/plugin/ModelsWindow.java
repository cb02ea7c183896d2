package org.inpaintij.plugin;

import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JProgressBar;
import javax.swing.JScrollPane;
import javax.swing.JTable;
import javax.swing.JTextArea;
import javax.swing.ListSelectionModel;
import javax.swing.SwingUtilities;
import javax.swing.table.AbstractTableModel;

import ij.IJ;
import ij.io.DirectoryChooser;
import ij.plugin.BrowserLauncher;
import ij.plugin.frame.Recorder;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.CancelledException;
import org.inpaintij.core.Monitor;
import org.inpaintij.ij.Feedback;
import org.inpaintij.models.Bytes;
import org.inpaintij.models.ModelDescriptor;
import org.inpaintij.models.ModelException;
import org.inpaintij.models.ModelKinds;
import org.inpaintij.models.ModelManager;
import org.inpaintij.models.VerifyResult;

/**
 * The window of Inpainting Models...: a table of models (name, kind, size, licence, status), the selected
 * model's description, and buttons. Work runs on one background thread with a progress bar and a Cancel
 * button; every decision is the {@link ModelManager}'s. One window at a time.
 */
final class ModelsWindow {

    private static ModelsWindow current;

    private final JFrame frame = new JFrame(InpaintingModels.TITLE);
    private final JLabel folderLabel = new JLabel();
    private final RowsModel rows = new RowsModel();
    private final JTable table = new JTable(rows);
    private final JTextArea details = new JTextArea(6, 60);
    private final JProgressBar bar = new JProgressBar(0, 1000);
    private final JLabel status = new JLabel(" ");
    private final JButton install = new JButton("Install");
    private final JButton verify = new JButton("Verify");
    private final JButton remove = new JButton("Remove");
    private final JButton importButton = new JButton("Import folder...");
    private final JButton folderButton = new JButton("Change folder...");
    private final JButton cancel = new JButton("Cancel");
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "inpaint-ij-models");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean cancelled = new AtomicBoolean();
    // replaced on the worker thread when the folder changes, read on the event thread
    private volatile ModelManager manager = ModelManager.standard(null, null);

    /** Shows the window (or brings the open one to the front). */
    static void open() {
        Feedback.warningsToLog();
        SwingUtilities.invokeLater(() -> {
            try {
                if (current == null) current = new ModelsWindow();
            } catch (RuntimeException e) {
                Feedback.error(InpaintingModels.TITLE, e);
                return;
            }
            current.frame.setVisible(true);
            current.frame.toFront();
        });
    }

    private ModelsWindow() {
        table.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        table.getSelectionModel().addListSelectionListener(e -> showSelected());
        table.setPreferredScrollableViewportSize(new Dimension(860, 160));
        int[] widths = {150, 80, 70, 300, 260};
        for (int c = 0; c < widths.length; c++) table.getColumnModel().getColumn(c).setPreferredWidth(widths[c]);
        details.setEditable(false);
        details.setLineWrap(true);
        details.setWrapStyleWord(true);
        bar.setStringPainted(true);

        JPanel top = new JPanel(new BorderLayout(8, 0));
        top.add(folderLabel, BorderLayout.CENTER);
        top.add(folderButton, BorderLayout.EAST);
        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT));
        for (JButton b : List.of(install, verify, remove, importButton, cancel)) buttons.add(b);
        JPanel progress = new JPanel(new BorderLayout(8, 0));
        progress.add(status, BorderLayout.CENTER);
        progress.add(bar, BorderLayout.EAST);
        JPanel south = new JPanel(new BorderLayout());
        south.add(progress, BorderLayout.NORTH);
        south.add(buttons, BorderLayout.SOUTH);
        JPanel center = new JPanel(new BorderLayout(0, 8));
        center.add(new JScrollPane(table), BorderLayout.CENTER);
        center.add(new JScrollPane(details), BorderLayout.SOUTH);
        JPanel root = new JPanel(new BorderLayout(0, 8));
        root.setBorder(BorderFactory.createEmptyBorder(10, 10, 10, 10));
        root.add(top, BorderLayout.NORTH);
        root.add(center, BorderLayout.CENTER);
        root.add(south, BorderLayout.SOUTH);
        frame.setContentPane(root);
        frame.setDefaultCloseOperation(JFrame.HIDE_ON_CLOSE);

        install.addActionListener(e -> withSelected(this::install));
        verify.addActionListener(e -> withSelected(r -> work("Verifying " + r.name(), m -> verified(m.verify(r.name(),
                monitor())), "action=verify model=" + r.name())));
        remove.addActionListener(e -> withSelected(this::remove));
        importButton.addActionListener(e -> importFolder());
        folderButton.addActionListener(e -> changeFolder());
        cancel.addActionListener(e -> cancelled.set(true));
        refresh();
        frame.pack();
        frame.setLocationRelativeTo(IJ.getInstance());
    }

    private void install(ModelManager.Row r) {
        if (r.descriptor() == null || r.status() == ModelManager.Status.INSTALLED) {
            IJ.showMessage(InpaintingModels.TITLE, r.name() + " is already installed.");
            return;
        }
        ModelDescriptor d = r.descriptor();
        if (!manager.licenseAccepted(d) && !askLicense(d)) return;
        work("Installing " + d.name(), m -> {
            m.acceptLicense(d);
            var im = m.install(d, monitor());
            return "Installed " + im.name() + " (" + Bytes.format(im.bytes()) + ").";
        }, "action=install model=" + d.name() + " accept_license");
    }

    private boolean askLicense(ModelDescriptor d) {
        String scanner = d.scannerWarning();
        String text = d.title() + " is licensed under " + d.license().name() + ".\n\n" + d.license().summary()
                + (d.license().commercialUse() ? "" : "\n\nThis licence does not allow commercial use.")
                + (scanner == null ? "" : "\n\n" + scanner)
                + "\n\n" + d.license().url() + "\n\nAccept the licence and download about "
                + Bytes.format(d.expectedBytes()) + "?";
        Object[] options = {"Accept and install", "Open licence page", "Cancel"};
        while (true) {
            int c = JOptionPane.showOptionDialog(frame, text, "Licence of " + d.name(), JOptionPane.DEFAULT_OPTION,
                    JOptionPane.QUESTION_MESSAGE, null, options, options[2]);
            if (c == 0) return true;
            if (c != 1) return false;
            try {
                BrowserLauncher.openURL(d.license().url());
            } catch (java.io.IOException e) {
                JOptionPane.showMessageDialog(frame, "Could not open a browser (" + e.getMessage() + "); the licence is"
                        + " at " + d.license().url(), InpaintingModels.TITLE, JOptionPane.WARNING_MESSAGE);
            }
        }
    }

    private void remove(ModelManager.Row r) {
        int c = JOptionPane.showConfirmDialog(frame, "Delete " + r.name() + " (" + r.size() + ") from "
                + manager.folder().path() + "?", InpaintingModels.TITLE, JOptionPane.OK_CANCEL_OPTION);
        if (c != JOptionPane.OK_OPTION) return;
        work("Removing " + r.name(), m -> {
            m.remove(r.name());
            return "Removed " + r.name() + ".";
        }, "action=remove model=" + r.name());
    }

    private void importFolder() {
        String dir = new DirectoryChooser("Model folder to import (diffusers ONNX layout)").getDirectory();
        if (dir == null) return;
        Path p = Path.of(dir);
        String name = JOptionPane.showInputDialog(frame, "Name of the imported model:",
                p.getFileName() == null ? "" : p.getFileName().toString());
        if (name == null) return;
        work("Importing " + p, m -> {
            var im = m.importFolder(p, name.isBlank() ? null : name.trim(), null, monitor());
            return "Imported " + im.name() + " (" + ModelKinds.key(im.kind()) + ", " + Bytes.format(im.bytes())
                    + ").";
        }, "action=import folder=[" + p + "]" + (name.isBlank() ? "" : " name=" + name.trim()));
    }

    private void changeFolder() {
        String dir = new DirectoryChooser("Folder for diffusion models").getDirectory();
        if (dir == null) return;
        work("Setting the model folder", m -> {
            String warning = m.setFolder(dir);
            manager = ModelManager.standard(null, null);
            return warning != null ? warning : "Model folder set to " + manager.folder().path() + ".";
        }, "action=set-folder folder=[" + dir + "]");
    }

    private static String verified(VerifyResult r) {
        if (r.ok()) return r.name() + ": every file matches its pinned SHA-256.";
        throw new ModelException(r.name() + " failed verification: " + String.join(" ", r.problems())
                + " Remove it and install it again.");
    }

    /** Runs an action on the worker thread; shows its result or its one-sentence error; records the macro call. */
    private void work(String what, Function<ModelManager, String> action, String macroOptions) {
        cancelled.set(false);
        setBusy(true, what);
        ModelManager m = manager;
        worker.execute(() -> {
            String message;
            boolean error = false;
            try {
                message = action.apply(m);
                if (Recorder.record) {
                    Recorder.recordString("run(\"" + InpaintingModels.TITLE + "...\", \"" + macroOptions.replace("\\",
                            "\\\\") + "\");\n");
                }
            } catch (CancelledException e) {
                message = "Cancelled; what was downloaded is kept, and installing again resumes it.";
            } catch (RuntimeException | OutOfMemoryError e) {
                // one sentence; a bug's stack trace goes to the Log in debug mode, for the report
                Feedback.debug(e);
                message = Feedback.sentence(e);
                error = true;
            }
            String shown = message;
            boolean failed = error;
            SwingUtilities.invokeLater(() -> {
                setBusy(false, shown);
                refresh();
                if (failed) JOptionPane.showMessageDialog(frame, shown, InpaintingModels.TITLE,
                        JOptionPane.ERROR_MESSAGE);
            });
        });
    }

    private Monitor monitor() {
        return new Monitor() {
            @Override
            public void progress(double fraction, String s) {
                SwingUtilities.invokeLater(() -> {
                    bar.setValue((int) Math.round(1000 * fraction));
                    if (s != null) status.setText(s);
                });
            }

            @Override
            public boolean isCancelled() {
                return cancelled.get();
            }
        };
    }

    private void setBusy(boolean busy, String text) {
        for (JButton b : List.of(install, verify, remove, importButton, folderButton)) b.setEnabled(!busy);
        cancel.setEnabled(busy);
        status.setText(text);
        if (!busy) bar.setValue(0);
    }

    private void refresh() {
        int sel = table.getSelectedRow();
        try {
            folderLabel.setText("Model folder: " + manager.folder().describe());
            rows.set(manager.rows());
        } catch (BadInputException | ModelException e) {
            rows.set(List.of());
            status.setText(e.getMessage());
        }
        if (sel >= 0 && sel < rows.getRowCount()) table.setRowSelectionInterval(sel, sel);
        else if (rows.getRowCount() > 0) table.setRowSelectionInterval(0, 0);
        cancel.setEnabled(false);
    }

    private void showSelected() {
        int i = table.getSelectedRow();
        if (i < 0 || i >= rows.getRowCount()) {
            details.setText("");
            return;
        }
        ModelManager.Row r = rows.row(i);
        StringBuilder sb = new StringBuilder(r.title() + "\n");
        if (r.descriptor() != null) {
            ModelDescriptor d = r.descriptor();
            sb.append(d.description()).append("\n\nLicence: ").append(d.license().name()).append(" (")
                    .append(d.license().url()).append(")\n").append(d.license().summary());
            if (d.scannerWarning() != null) sb.append("\n\n").append(d.scannerWarning());
            sb.append("\n\nSource: ").append(d.homepage()).append(d.revision() != null ? " at commit " + d.revision()
                    : "").append("\n").append(d.provenance());
            if (r.installed() != null && r.installed().manifest().trustNote() != null) {
                sb.append("\n\nInstalled: ").append(r.installed().manifest().trustNote()).append('.');
            }
        } else if (r.installed() != null) {
            sb.append("Imported from ").append(r.installed().manifest().source()).append(".");
        }
        details.setText(sb.toString());
        details.setCaretPosition(0);
    }

    private void withSelected(java.util.function.Consumer<ModelManager.Row> action) {
        int i = table.getSelectedRow();
        if (i < 0) {
            IJ.showMessage(InpaintingModels.TITLE, "Select a model in the list first.");
            return;
        }
        action.accept(rows.row(i));
    }

    /** The table's rows. */
    private static final class RowsModel extends AbstractTableModel {
        private static final long serialVersionUID = 1L;
        private static final String[] COLUMNS = {"Name", "Kind", "Size", "Licence", "Status"};
        private transient List<ModelManager.Row> rows = List.of();

        void set(List<ModelManager.Row> r) {
            rows = r;
            fireTableDataChanged();
        }

        ModelManager.Row row(int i) {
            return rows.get(i);
        }

        @Override
        public int getRowCount() {
            return rows.size();
        }

        @Override
        public int getColumnCount() {
            return COLUMNS.length;
        }

        @Override
        public String getColumnName(int c) {
            return COLUMNS[c];
        }

        @Override
        public Object getValueAt(int i, int c) {
            ModelManager.Row r = rows.get(i);
            return switch (c) {
                case 0 -> r.name();
                case 1 -> ModelKinds.key(r.kind());
                case 2 -> r.size();
                case 3 -> r.license();
                default -> r.statusText();
            };
        }
    }
}
