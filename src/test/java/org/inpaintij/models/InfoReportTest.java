package org.inpaintij.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.inpaintij.core.Monitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Info report: what a bug report needs, in plain text. */
class InfoReportTest {

    @TempDir
    Path tmp;

    static final InfoReport.Inputs IN = new InfoReport.Inputs("9.8.7", "1.23.2", "command line",
            () -> "ONNX Runtime 1.23.2 (CPU build)\nCUDA: not used: no GPU\ndevice=auto runs on: CPU\n");

    @Test
    void emptyFolderSaysHowToInstall() {
        ModelsFolder.Resolved f = new ModelsFolder.Resolved(tmp.resolve("models"), ModelsFolder.Source.DEFAULT);
        String r = InfoReport.build(IN, f, folder -> 5_000_000_000L);
        String[] lines = r.split("\n");
        assertEquals("Inpaint-IJ 9.8.7 (command line)", lines[0]);
        assertEquals("Built against ONNX Runtime 1.23.2", lines[1]);
        assertTrue(lines[2].startsWith("Java " + System.getProperty("java.version") + " ("), lines[2]);
        assertTrue(lines[4].startsWith("Memory: "), lines[4]);
        assertTrue(r.contains("\nModel folder: " + tmp.resolve("models") + " (from default)\n"
                + "Free disk space there: 5.0 GB\n"
                + "Installed models: none (install one with Plugins > Inpainting > Inpainting Models... or "
                + "`java -jar inpaint-ij.jar models install NAME`)\n"), r);
        assertTrue(r.endsWith("\n\nONNX Runtime 1.23.2 (CPU build)\nCUDA: not used: no GPU\n"
                + "device=auto runs on: CPU\n"), r);
    }

    @Test
    void installedModelsAreListedWithTheirChecksum() throws IOException {
        ModelStore store = new ModelStore(tmp.resolve("models"));
        InstalledModel m = store.importFolder(TestModels.write(tmp.resolve("mine"), TestModels.files(2)), null, null,
                Monitor.NONE);
        Files.createDirectories(tmp.resolve("models/stray"));
        String r = InfoReport.build(IN, new ModelsFolder.Resolved(store.root(), ModelsFolder.Source.FLAG),
                DiskSpace.STANDARD);
        assertTrue(r.contains("Installed models (the first is used when no model is given):\n  mine  inpainting  "
                + "  3.1 MB  installed "), r);
        assertTrue(r.contains("checksum " + m.manifest().checksum().substring(0, 12) + "  (imported: hashed when "
                + "copied)\n"), r);
        assertTrue(r.contains("\nNote: Folder stray was not installed by Inpaint-IJ"), r);
    }

    @Test
    void aRuntimeThatCannotLoadIsReportedNotThrown() {
        InfoReport.Inputs broken = new InfoReport.Inputs("1", "1.23.2", "ImageJ", () -> {
            throw new UnsatisfiedLinkError("no onnxruntime in java.library.path");
        });
        String r = InfoReport.build(broken, new ModelsFolder.Resolved(tmp, ModelsFolder.Source.DEFAULT),
                DiskSpace.STANDARD);
        assertTrue(r.endsWith("\nONNX Runtime could not be loaded, so diffusion cannot run here: "
                + "java.lang.UnsatisfiedLinkError: no onnxruntime in java.library.path\n(the model-free methods do "
                + "not need it)\n"), r);
    }
}
