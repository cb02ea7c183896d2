package org.inpaintij.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ByteProcessor;

import org.inpaintij.models.DiskSpace;
import org.inpaintij.models.Downloader;
import org.inpaintij.models.Manifest;
import org.inpaintij.models.MockHub;
import org.inpaintij.models.ModelCatalog;
import org.inpaintij.models.ModelDescriptor;
import org.inpaintij.models.ModelManager;
import org.inpaintij.models.ModelStore;
import org.inpaintij.models.ModelsFolder;
import org.inpaintij.models.Settings;
import org.inpaintij.models.TestModels;
import org.inpaintij.models.TestServer;
import org.inpaintij.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import picocli.CommandLine;

/**
 * The real SD 1.5 inpainting topology in both public export layouts (../shared/fixtures/realarch), end to end on
 * the command line as a user meets it: published on a stand-in hub under a pinned commit with a descriptor that
 * leaves every folder to the hub's listing, installed with {@code models install}, then used by name with
 * {@code inpaint --method diffusion}. Every pixel outside the mask comes back bit-identical, the hole is repainted,
 * and the provenance names the UNet's files and hashes. The optimum export repeats itself for a seed; the
 * script's, whose VAE encoder samples inside its graph, does not.
 */
class RealArchitecturesCliTest extends InProcessCli {

    static final String REV = "8a4288a76071f7280aedbdb3253bdb9e9d5d84bb";

    @AfterEach
    void clearFolder() {
        System.clearProperty(ModelsFolder.FLAG_PROPERTY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sd15-script", "sd15-optimum"})
    void installedFromTheHubAndRunByName(String layout) throws IOException {
        Path models = tmp.resolve("models");
        Map<String, byte[]> files = TestModels.read(Fixtures.file("realarch/" + layout));
        try (MockHub hub = new MockHub()) {
            String repo = "realarch/" + layout;
            hub.repo(repo, REV).putAll(files);
            ModelDescriptor d = TestModels.parseShipped(TestModels.hubDescriptor(layout, hub, repo, REV, files,
                    p -> false, "scheduler/", "tokenizer/", "text_encoder/", "unet/", "vae_encoder/", "vae_decoder/"));
            Settings settings = Settings.at(tmp.resolve("settings.properties"));
            ModelsCommand.Context ctx = new ModelsCommand.Context((dir, mirror) -> new ModelManager(
                    ModelCatalog.of(List.of(d)), settings, ModelsFolder.resolve(dir, Map.of(), settings),
                    DiskSpace.STANDARD, new Downloader(TestServer.FAST), mirror), null, false);
            StringWriter o = new StringWriter(), e = new StringWriter();
            CommandLine cl = new CommandLine(new ModelsCommand(ctx));
            cl.setOut(new PrintWriter(o, true));
            cl.setErr(new PrintWriter(e, true));
            assertEquals(0, cl.execute("install", layout, "--accept-license", "--models-dir", models.toString()),
                    e.toString());
            assertTrue(o.toString().contains("every file matched the size and hash that the hub lists for its pinned "
                    + "revision."), o.toString());
        }
        var installed = new ModelStore(models).find(layout).orElseThrow();
        assertEquals(files.size(), installed.manifest().files().size());
        assertTrue(installed.manifest().files().stream().allMatch(f -> f.pinnedBy().equals(Manifest.BY_HUB)));

        // an RGB photograph with a 64 x 48 hole
        Path image = Fixtures.file("images/astronaut.png");
        ByteProcessor mask = new ByteProcessor(512, 512);
        mask.setValue(255);
        mask.setRoi(200, 120, 64, 48);
        mask.fill();
        Path maskFile = tmp.resolve("mask.png");
        new ij.io.FileSaver(new ImagePlus("mask", mask)).saveAsPng(maskFile.toString());
        Path result = tmp.resolve(layout + ".tif");
        String[] args = {"inpaint", "--image", image.toString(), "--mask", maskFile.toString(), "--out",
            result.toString(), "--method", "diffusion", "--model", layout, "--models-dir", models.toString(),
            "--prompt", "a red flower", "--steps", "3", "--cfg", "7.5", "--seed", "7", "--resolution", "128"};
        assertEquals(0, run(args), err);

        int[] before = (int[]) IJ.openImage(image.toString()).getProcessor().convertToRGB().getPixels();
        ImagePlus res = IJ.openImage(result.toString());
        int[] after = (int[]) res.getProcessor().getPixels();
        int changed = 0;
        for (int i = 0; i < before.length; i++) {
            boolean hole = mask.get(i) != 0;
            if (!hole) assertEquals(before[i], after[i], "outside the mask at " + i % 512 + "," + i / 512);
            else if (before[i] != after[i]) changed++;
        }
        assertTrue(changed > 64 * 48 / 2, "the hole was repainted: " + changed + " pixels changed");
        String info = (String) res.getProperty("Info");
        assertTrue(info.contains(layout + " (unet/model.onnx sha256 "), info);
        assertTrue(info.contains(layout.equals("sd15-script") ? "unet/weights.pb sha256" : "unet/model.onnx_data sha256"),
                info);

        Path again = tmp.resolve(layout + "-again.tif");
        args[6] = again.toString();
        assertEquals(0, run(args), err);
        int[] second = (int[]) IJ.openImage(again.toString()).getProcessor().getPixels();
        if (layout.equals("sd15-optimum")) {
            assertArrayEquals(after, second, "the optimum export repeats itself for the same seed");
        } else {
            assertFalse(java.util.Arrays.equals(after, second), "the script export's encoder draws its own noise");
        }
    }
}
