package org.inpaintij.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;
import ij.process.ImageProcessor;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Monitor;
import org.inpaintij.core.Requests;
import org.inpaintij.diffusion.model.TinyModels;
import org.inpaintij.ij.ImageInpainter;
import org.inpaintij.ij.MaskSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: a real (tiny, analytic) ONNX model folder is installed from a local server, or imported, and then
 * {@code method=diffusion} finds it by its name (or as the first installed model) and fills as the model's
 * closed form says: its UNet is the exact noise prediction of a Gaussian prior whose mean maps to 0.35 of the
 * display range, so a flat image's hole must come out at 0.35.
 */
class InstalledModelRunsTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @AfterEach
    void clearFolder() {
        System.clearProperty(ModelsFolder.FLAG_PROPERTY);
    }

    /** Fills a flat 8-bit image's 128 x 128 hole; returns the result's pixels. */
    static byte[] fill(String model, String[] info) {
        ImagePlus imp = IJ.createImage("flat", "8-bit black", 256, 256, 1);
        imp.getProcessor().setValue(153);
        imp.getProcessor().fill();
        imp.setRoi(new Roi(64, 64, 128, 128));
        InpaintRequest req = TinyModels.request(model);
        ImagePlus out = ImageInpainter.run(imp, MaskSource.of(imp, req), req, Monitor.NONE).image();
        ImageProcessor ip = out.getProcessor();
        double sum = 0;
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                boolean hole = x >= 64 && x < 192 && y >= 64 && y < 192;
                if (hole) sum += ip.get(x, y) / 255.0;
                else assertEquals(153, ip.get(x, y), "outside the hole at " + x + "," + y);
            }
        }
        assertEquals(0.35, sum / (128 * 128), 0.02, "the hole's mean, as the analytic model says");
        info[0] = (String) out.getProperty("Info");
        return (byte[]) ip.getPixels();
    }

    @Test
    void anInstalledModelIsUsedByItsNameAndAsTheFirstInstalled() throws IOException {
        Path tiny = TinyModels.folder(TinyModels.SD15_SCRIPT, "models-e2e");
        Map<String, byte[]> files = TestModels.read(tiny);
        try (TestServer server = new TestServer()) {
            TestModels.serve(server, "hub/tiny-sd", files);
            ModelDescriptor d = TestModels.parse(TestModels.descriptor("tiny-sd", server.base() + "hub/tiny-sd/", files,
                    p -> false).replace("\"kind\":\"inpainting\"", "\"kind\":\"plain\""));
            Settings settings = Settings.at(tmp.resolve("settings.properties"));
            ModelsFolder.Resolved folder = ModelsFolder.resolve(tmp.resolve("models").toString(), Map.of(), settings);
            ModelManager manager = new ModelManager(ModelCatalog.of(List.of(d)), settings, folder, DiskSpace.STANDARD,
                    new Downloader(TestServer.FAST), null);
            manager.acceptLicense(d);
            manager.install(d, Monitor.NONE);
        }
        // the engine resolves names in this process's model folder (what --models-dir sets)
        System.setProperty(ModelsFolder.FLAG_PROPERTY, tmp.resolve("models").toString());
        String[] info = new String[1];
        byte[] byName = fill("tiny-sd", info);
        assertTrue(info[0].contains("method=diffusion") && info[0].contains("tiny-sd (unet/model.onnx sha256 "), info[0]);
        byte[] first = fill(null, info);
        assertArrayEquals(byName, first, "no model option: the first (only) installed model, same seed, same fill");

        // values left out take the descriptor's defaults (steps 20, cfg 7.5, ddim, 512), not the kind's (25 steps)
        ImagePlus imp = IJ.createImage("flat", "8-bit black", 256, 256, 1);
        imp.setRoi(new Roi(64, 64, 128, 128));
        InpaintRequest own = Requests.parse(Map.of("method", "diffusion", "model", "tiny-sd", "seed", "3"));
        String line = ImageInpainter.run(imp, MaskSource.of(imp, own), own, Monitor.NONE).provenance();
        assertTrue(line.contains("steps=20 (20 run) cfg=7.5") && line.contains("scheduler=ddim")
                && line.contains("resolution=512x512"), line);

        BadInputException e = assertThrows(BadInputException.class, () -> fill("tiny-xl", new String[1]));
        assertEquals("Unknown model 'tiny-xl'; installed: tiny-sd (or give the path of a model folder).",
                e.getMessage());
    }

    @Test
    void anImportedFolderIsUsedByItsName() {
        Path tiny = TinyModels.folder(TinyModels.SD15_SCRIPT, "models-import");
        ModelStore store = new ModelStore(tmp.resolve("models"));
        InstalledModel m = store.importFolder(tiny, "mine", null, Monitor.NONE);
        assertEquals(ModelKind.PLAIN, m.kind(), "a plain 4-channel export, read from its configuration");
        System.setProperty(ModelsFolder.FLAG_PROPERTY, store.root().toString());
        String[] info = new String[1];
        fill("mine", info);
        assertTrue(info[0].contains("mine (unet/model.onnx sha256 "), info[0]);
    }

    @Test
    void removingAModelClosesItsOpenSessionsAndAReinstallOpensTheNewFiles() {
        Path tiny = TinyModels.folder(TinyModels.SD15_SCRIPT, "models-remove");
        ModelStore store = new ModelStore(tmp.resolve("models"));
        store.importFolder(tiny, "mine", null, Monitor.NONE);
        System.setProperty(ModelsFolder.FLAG_PROPERTY, store.root().toString());
        org.inpaintij.diffusion.PipelineCache cache = org.inpaintij.diffusion.PipelineCache.shared();
        fill("mine", new String[1]);
        assertTrue(cache.isOpen(store.folder("mine"), "auto"));
        org.inpaintij.diffusion.Pipeline old = cache.get(store.folder("mine"), "auto");

        store.remove("mine");
        assertFalse(cache.isOpen(store.folder("mine"), "auto"), "the removed model's sessions were closed");
        assertThrows(RuntimeException.class, () -> old.generate(org.inpaintij.diffusion.GenerationRequest.inpaint(
                new float[3][64 * 64], new float[64 * 64], 64, 64, "", 1), Monitor.NONE), "a closed pipeline cannot run");

        // installed again under the same name: the next run opens the new files
        store.importFolder(tiny, "mine", null, Monitor.NONE);
        fill("mine", new String[1]);
        assertTrue(cache.isOpen(store.folder("mine"), "auto"));
        org.inpaintij.diffusion.Pipeline fresh = cache.get(store.folder("mine"), "auto");
        assertTrue(old != fresh);
        // the request the closed pipeline refused is a valid one
        assertEquals(64, fresh.generate(org.inpaintij.diffusion.GenerationRequest.inpaint(new float[3][64 * 64],
                new float[64 * 64], 64, 64, "", 1), Monitor.NONE).width());
        store.remove("mine");
    }

    @Test
    void nothingInstalledIsOneSentence() {
        System.setProperty(ModelsFolder.FLAG_PROPERTY, tmp.resolve("empty").toString());
        BadInputException e = assertThrows(BadInputException.class, () -> fill(null, new String[1]));
        assertTrue(e.getMessage().startsWith("No diffusion model is installed: install one with Plugins > Inpainting"
                + " > Inpainting Models... or `java -jar inpaint-ij.jar models install NAME`"), e.getMessage());
    }
}
