package org.inpaintij.diffusion.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.inpaintij.core.BadInputException;
import org.inpaintij.onnx.DeviceSpec;
import org.junit.jupiter.api.Test;

/** A wrong folder gives one sentence that names the file and what was expected. */
class ModelFolderErrorsTest {

    private static BadInputException openFails(Path dir) {
        return assertThrows(BadInputException.class, () -> {
            try (DiffusionModel m = DiffusionModel.open(ModelFolder.read(dir), DeviceSpec.CPU)) {
                m.summary();
            }
        });
    }

    private static void oneSentence(String msg) {
        assertTrue(msg.endsWith("."), msg);
        assertTrue(!msg.contains("\n"), msg);
    }

    @Test
    void aMissingFolder() {
        Path dir = Path.of("target", "no-such-model");
        BadInputException e = openFails(dir);
        assertEquals("Model folder target/no-such-model does not exist; expected a folder in the diffusers ONNX "
                + "layout (model_index.json, unet/model.onnx, ...).", e.getMessage());
    }

    @Test
    void aFolderThatIsNotAModel() throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "tiny-models", "errors", "photos"));
        Files.writeString(dir.resolve("cat.txt"), "not a model");
        BadInputException e = openFails(dir);
        assertEquals(dir.toAbsolutePath() + " is not a diffusers ONNX model folder: it has neither model_index.json "
                + "nor unet/model.onnx.", e.getMessage());
    }

    @Test
    void aMissingGraphAndTokenizerAreNamed() throws IOException {
        Path dir = TinyModels.folder(TinyModels.SD15_SCRIPT, "errors");
        Files.delete(dir.resolve("vae_encoder/model.onnx"));
        Files.delete(dir.resolve("tokenizer/merges.txt"));
        BadInputException e = openFails(dir);
        assertTrue(e.getMessage().startsWith("Model folder " + dir + " lacks vae_encoder/model.onnx, tokenizer/merges.txt;"),
                e.getMessage());
        oneSentence(e.getMessage());
    }

    @Test
    void aGraphWithTheWrongInputs() throws IOException {
        Path dir = TinyModels.folder(TinyModels.SD15_SCRIPT, "errors");
        // the text encoder where the UNet should be
        Files.copy(dir.resolve("text_encoder/model.onnx"), dir.resolve("unet/model.onnx"),
                StandardCopyOption.REPLACE_EXISTING);
        BadInputException e = openFails(dir);
        assertEquals(dir.resolve("unet/model.onnx") + " has no input 'sample' (it has input_ids); expected the unet "
                + "of a diffusers ONNX export.", e.getMessage());
    }

    @Test
    void graphsOfDifferentModelsDoNotMix() throws IOException {
        Path dir = TinyModels.folder(TinyModels.SD15_SCRIPT, "errors");
        Path other = TinyModels.folder(TinyModels.TURBO, "errors");
        Files.copy(other.resolve("text_encoder/model.onnx"), dir.resolve("text_encoder/model.onnx"),
                StandardCopyOption.REPLACE_EXISTING);
        BadInputException e = openFails(dir);
        assertEquals("The text encoder of " + dir + " gives width 1024 but its UNet takes 768; the two graphs come "
                + "from different models.", e.getMessage());
    }

    @Test
    void missingExternalWeightsAreReportedWithTheGraph() throws IOException {
        Path dir = TinyModels.folder(TinyModels.SD2_INPAINT_OPTIMUM, "errors");
        Files.delete(dir.resolve("unet/model.onnx_data"));
        BadInputException e = openFails(dir);
        assertTrue(e.getMessage().startsWith("ONNX Runtime could not load " + dir.resolve("unet/model.onnx") + " ("),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("expected an ONNX graph exported from a diffusers Stable Diffusion pipeline."),
                e.getMessage());
    }

    @Test
    void aFileThatIsNotAGraph() throws IOException {
        Path dir = TinyModels.folder(TinyModels.SD15_SCRIPT, "errors");
        Files.writeString(dir.resolve("vae_decoder/model.onnx"), "<html>404</html>");
        BadInputException e = openFails(dir);
        assertTrue(e.getMessage().startsWith("ONNX Runtime could not load " + dir.resolve("vae_decoder/model.onnx")),
                e.getMessage());
    }

    @Test
    void brokenJsonIsNamed() throws IOException {
        Path dir = TinyModels.folder(TinyModels.SD15_SCRIPT, "errors");
        Files.writeString(dir.resolve("scheduler/scheduler_config.json"), "{\"_class_name\": ");
        BadInputException e = openFails(dir);
        assertTrue(e.getMessage().startsWith("Cannot read " + dir.resolve("scheduler/scheduler_config.json") + " ("),
                e.getMessage());
        oneSentence(e.getMessage());
    }

    /** A UNet whose weights take 9 channels behind a node no reader follows, with its channel axis declared free. */
    private static Path misfit(String config) throws IOException {
        Path dir = TinyModels.folder(TinyModels.SD15_SCRIPT, "errors");
        Files.delete(dir.resolve("unet/weights.pb"));
        Files.copy(Path.of("src/test/resources/onnx/unet_hidden_channels.onnx"), dir.resolve("unet/model.onnx"),
                StandardCopyOption.REPLACE_EXISTING);
        if (config != null) Files.writeString(dir.resolve("unet/config.json"), config);
        return dir;
    }

    @Test
    void aUnetWhoseChannelsNothingStatesIsRefusedWhenOpened() throws IOException {
        Path dir = misfit(null);
        BadInputException e = openFails(dir);
        assertEquals("Cannot tell how many channels " + dir.resolve("unet/model.onnx") + " takes: its sample input "
                + "[?, ?, ?, ?] leaves them free, no convolution reads it, and there is no unet/config.json with "
                + "in_channels; expected a Stable Diffusion UNet.", e.getMessage());
    }

    @Test
    void aUnetThatRefusesWhatItsConfigPromisedIsOneSentenceNamingFileInputAndExpectation() throws IOException {
        // the config says 4 channels; the weights take 9: ONNX Runtime refuses the run, and the user reads why
        Path dir = misfit("{\"in_channels\": 4}");
        try (DiffusionModel m = DiffusionModel.open(ModelFolder.read(dir), DeviceSpec.CPU);
                org.inpaintij.onnx.RunControl run = org.inpaintij.onnx.RunControl.open(
                        org.inpaintij.core.Monitor.NONE)) {
            assertEquals(4, m.unet().channels());
            assertEquals("in_channels of unet/config.json", m.unet().channelSource());
            float[][] hidden = {new float[77 * 768]};
            try (Unet.Conditioning c = m.unet().condition(hidden, null)) {
                BadInputException e = assertThrows(BadInputException.class,
                        () -> m.unet().predict(new float[4 * 4], 2, 2, 500, c, run, new float[4 * 4]));
                String msg = e.getMessage();
                assertTrue(msg.startsWith(dir.resolve("unet/model.onnx") + " does not accept sample float32[1, 4, 2, 2]"),
                        msg);
                assertTrue(msg.contains("timestep float32[1]") && msg.contains("encoder_hidden_states float32[1, 77, 768]"),
                        msg);
                assertTrue(msg.contains("(ONNX Runtime: "), msg);
                assertTrue(msg.endsWith("; expected sample [B, 4, h, w] (this UNet's 4 channels, read from in_channels "
                        + "of unet/config.json), timestep float32[?] and encoder_hidden_states float32[?, ?, 768]."), msg);
                oneSentence(msg);
            }
        }
    }

    @Test
    void sdxlIsRecognisedAndRefusedClearly() throws IOException {
        Path dir = TinyModels.folder(TinyModels.SD15_SCRIPT, "errors");
        Files.createDirectories(dir.resolve("text_encoder_2"));
        BadInputException e = openFails(dir);
        assertEquals(dir + " is an SDXL model (it has text_encoder_2/); supported are SD 1.x, SD 2.x, LCM and "
                + "SD-Turbo folders.", e.getMessage());
    }
}
