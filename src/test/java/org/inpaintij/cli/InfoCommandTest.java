package org.inpaintij.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.inpaintij.core.Monitor;
import org.inpaintij.ij.Version;
import org.inpaintij.models.ModelStore;
import org.inpaintij.models.ModelsFolder;
import org.inpaintij.models.TestModels;
import org.inpaintij.onnx.Devices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code info}: the report on the command line, with the real ONNX Runtime of this build. */
class InfoCommandTest {

    @TempDir
    Path tmp;

    @AfterEach
    void clearFolder() {
        System.clearProperty(ModelsFolder.FLAG_PROPERTY);
    }

    @Test
    void reportsVersionsFolderModelsAndTheDeviceARunUses() throws Exception {
        Path models = tmp.resolve("models");
        new ModelStore(models).importFolder(TestModels.write(tmp.resolve("mine"), TestModels.files(3)), null, null,
                Monitor.NONE);
        StringWriter o = new StringWriter(), e = new StringWriter();
        int rc = Main.commandLine(new PrintWriter(o, true), new PrintWriter(e, true))
                .execute("info", "--models-dir", models.toString());
        assertEquals(0, rc, e.toString());
        String out = o.toString();
        assertTrue(out.startsWith("Inpaint-IJ " + Version.plugin() + " (command line)\nBuilt against ONNX Runtime "
                + Version.onnxRuntime() + "\n"), out);
        assertTrue(out.contains("\nModel folder: " + models + " (from --models-dir)\n"), out);
        assertTrue(out.contains("\n  mine  inpainting    3.1 MB  installed "), out);
        // the device section is the ONNX layer's own, from the runtime actually loaded
        assertTrue(out.endsWith("\n\n" + Devices.probe().describe() + "\n"), out);
        assertTrue(out.contains("device=auto runs on: "), out);
    }
}
