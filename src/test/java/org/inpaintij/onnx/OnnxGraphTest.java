package org.inpaintij.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.inpaintij.core.BadInputException;
import org.inpaintij.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The graph reader on the real SD 1.5 inpainting topology as both public exporters write it. */
class OnnxGraphTest {

    static Path realarch(String layout, String part) {
        return Fixtures.file("realarch/" + layout + "/" + part + "/model.onnx");
    }

    @Test
    void theScriptUnetLeavesItsChannelsFreeButItsFirstConvolutionTakesNine() {
        OnnxGraph g = OnnxGraph.read(realarch("sd15-script", "unet"));
        OnnxGraph.Convolution c = g.firstConvolution("sample");
        assertEquals("conv_in.weight", c.weight());
        assertArrayEquals(new long[] {32, 9, 3, 3}, c.weightShape());
        assertEquals(9, c.inputChannels());
        // the weights are in unet/weights.pb: the graph file lists them without their data
        assertEquals(478, g.initializerCount());
        assertFalse(g.uses("RandomNormalLike"));
    }

    @Test
    void theOptimumUnetSaysTheSame() {
        OnnxGraph.Convolution c = OnnxGraph.read(realarch("sd15-optimum", "unet")).firstConvolution("sample");
        assertEquals("u.conv_in.weight", c.weight());
        assertEquals(9, c.inputChannels());
    }

    @Test
    void theScriptEncoderSamplesInsideTheGraphAndTheOptimumOneDoesNot() {
        assertTrue(OnnxGraph.read(realarch("sd15-script", "vae_encoder")).uses("RandomNormalLike"));
        assertFalse(OnnxGraph.read(realarch("sd15-optimum", "vae_encoder")).uses("RandomNormalLike"));
        assertEquals(3, OnnxGraph.read(realarch("sd15-optimum", "vae_encoder")).firstConvolution("sample")
                .inputChannels());
    }

    @Test
    void inlineWeightsAreSkippedNotRead() throws IOException {
        // the text encoder keeps its 13 MB of weights inside model.onnx
        Path te = realarch("sd15-script", "text_encoder");
        OnnxGraph g = OnnxGraph.read(te);
        long size = Files.size(te);
        assertTrue(size > 12_000_000);
        assertTrue(g.bytesRead() < size / 20, g.bytesRead() + " of " + size + " bytes read");
        assertNull(g.firstConvolution("input_ids"), "a text encoder has no convolution");
    }

    @Test
    void aFileThatIsNotAGraphIsOneSentence(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("model.onnx");
        Files.writeString(f, "this is not protobuf at all, just text");
        BadInputException e = assertThrows(BadInputException.class, () -> OnnxGraph.read(f));
        assertTrue(e.getMessage().startsWith("Cannot read the ONNX graph " + f), e.getMessage());
        assertTrue(e.getMessage().endsWith("; expected an ONNX model file."), e.getMessage());
    }
}
