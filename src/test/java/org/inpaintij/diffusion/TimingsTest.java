package org.inpaintij.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

class TimingsTest {

    @Test
    void theStepLoopsDenoiserIsInsideTheModelForBothPipelines() {
        // 10 ms of loop over 2 steps, 8 ms of it in the denoiser: 1 ms per step outside, whatever its graph's name
        for (String denoiser : new String[] {"unet", "transformer"}) {
            Timings t = new Timings(30_000_000L, 10_000_000L, Map.of(denoiser, 8_000_000L, "vae_decoder", 5_000_000L),
                    Map.of(denoiser, 2, "vae_decoder", 1), 2, 0, 0, 0, 0);
            assertEquals(1.0, t.outsideMillisPerStep(), 1e-9, denoiser);
            assertEquals(17_000_000L, t.outsideNanos(), denoiser);
        }
    }
}
