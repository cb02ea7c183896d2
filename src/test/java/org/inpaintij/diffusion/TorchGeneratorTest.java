package org.inpaintij.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.inpaintij.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * PyTorch's CPU generator against torch's own draws: {@code reference/torch_randn.json} (torch 1.13, several
 * seeds and shapes, successive calls on one generator), and a few torch 2.13 values for the kept second normal
 * of small tensors.
 */
class TorchGeneratorTest {

    /** The target: every value within 1e-6 of torch's. */
    static final double TOLERANCE = 1e-6;

    @Test
    void everyFixtureValueIsTorchsOwn() throws IOException {
        JsonObject root = JsonParser.parseString(Files.readString(Fixtures.file("reference/torch_randn.json")))
                .getAsJsonObject();
        int values = 0, exact = 0, calls = 0;
        double worst = 0;
        for (JsonElement ce : root.getAsJsonArray("cases")) {
            JsonObject c = ce.getAsJsonObject();
            long seed = c.get("seed").getAsLong();
            TorchGenerator g = new TorchGenerator(seed);
            int k = 0;
            for (JsonElement callElement : c.getAsJsonArray("calls")) {
                JsonObject call = callElement.getAsJsonObject();
                int n = call.get("numel").getAsInt();
                float[] got = g.randn(n);
                String where = "seed " + seed + ", call " + k++ + " " + call.get("shape");
                List<int[]> at = new ArrayList<>();
                List<Double> want = new ArrayList<>();
                if (call.has("values")) {
                    JsonArray v = call.getAsJsonArray("values");
                    assertEquals(n, v.size(), where);
                    for (int i = 0; i < n; i++) expect(at, want, i, v.get(i).getAsDouble());
                } else {
                    JsonArray head = call.getAsJsonArray("head"), tail = call.getAsJsonArray("tail");
                    for (int i = 0; i < head.size(); i++) expect(at, want, i, head.get(i).getAsDouble());
                    for (int i = 0; i < tail.size(); i++) {
                        expect(at, want, n - tail.size() + i, tail.get(i).getAsDouble());
                    }
                    for (Map.Entry<String, JsonElement> e : call.getAsJsonObject("at").entrySet()) {
                        expect(at, want, Integer.parseInt(e.getKey()), e.getValue().getAsDouble());
                    }
                }
                for (int j = 0; j < at.size(); j++) {
                    int i = at.get(j)[0];
                    double d = Math.abs(got[i] - want.get(j));
                    assertTrue(d <= TOLERANCE, where + ", element " + i + ": " + got[i] + " vs torch " + want.get(j));
                    worst = Math.max(worst, d);
                    if (got[i] == (float) (double) want.get(j)) exact++;
                    values++;
                }
                double sum = 0, sumsq = 0;
                for (float x : got) {
                    sum += x;
                    sumsq += (double) x * x;
                }
                // the stored sums, within what 1e-6 per value allows
                assertEquals(call.get("sum").getAsDouble(), sum, n * TOLERANCE, where + " sum");
                assertEquals(call.get("sumsq").getAsDouble(), sumsq, n * TOLERANCE * 10, where + " sum of squares");
                calls++;
            }
        }
        assertEquals(14, calls, "the fixture's calls");
        assertTrue(values > 1000, values + " values checked");
        // stronger than the target: the same float32 as torch's x86 kernel, bit for bit
        assertEquals(values, exact, "values equal to torch's float exactly (worst difference " + worst + ")");
    }

    private static void expect(List<int[]> at, List<Double> want, int index, double value) {
        at.add(new int[] {index});
        want.add(value);
    }

    @Test
    void theEngineIsTheStandardMersenneTwister() {
        // C++11's std::mt19937 (default seed 5489): first output 3499211612, 10000th 4123659995
        TorchGenerator g = new TorchGenerator(5489);
        assertEquals(3499211612L, g.nextInt() & 0xffffffffL);
        for (int i = 2; i < 10000; i++) g.nextInt();
        assertEquals(4123659995L, g.nextInt() & 0xffffffffL);
    }

    @Test
    void onlyTheLow32BitsOfTheSeedCount() {
        assertArrayEquals(new TorchGenerator(3).randn(40), new TorchGenerator((1L << 32) + 3).randn(40));
        assertNotEquals(new TorchGenerator(3).randn(4)[0], new TorchGenerator(4).randn(4)[0]);
        // torch 2.13: torch.randn(4, generator=torch.Generator().manual_seed(-5)); a negative seed is 2^64 + seed
        float[] minusFive = {-1.8266246318817139f, 0.6379720568656921f, -1.7862693071365356f, 1.1472562551498413f};
        assertArrayEquals(minusFive, new TorchGenerator(-5).randn(4), (float) TOLERANCE);
        assertArrayEquals(minusFive, new TorchGenerator((1L << 32) - 5).randn(4));
    }

    @Test
    void aSmallTensorKeepsItsSpareNormalForTheNextSmallOne() {
        // torch 2.13: g = torch.Generator().manual_seed(5); torch.randn(3, generator=g), then randn(16), then
        // randn(5); and on a fresh generator randn(3) then randn(5)
        float[] first = {-0.4867807626724243f, -0.6038215756416321f, -0.5580962300300598f};
        float[] large = {0.2582516372203827f, -1.8833262920379639f, 1.2800921201705933f, 1.130446195602417f,
            -0.18729281425476074f, -0.10570163279771805f, 1.532913088798523f, 0.28736117482185364f,
            -0.031097758561372757f, -2.5976176261901855f, 0.47576195001602173f, -0.6204351782798767f,
            -0.3394952714443207f, 1.4637491703033447f, 0.400936484336853f, -1.2842216491699219f};
        float[] afterLarge = {0.6675242781639099f, 0.2224585860967636f, -0.666225254535675f, 0.6846421957015991f,
            0.5740016102790833f};
        float[] afterSmall = {0.6675242781639099f, -0.19741509854793549f, 1.9427834749221802f, -1.4017020463943481f,
            -0.7625571489334106f};
        TorchGenerator g = new TorchGenerator(5);
        assertArrayEquals(first, g.randn(3), (float) TOLERANCE);
        assertArrayEquals(large, g.randn(16), (float) TOLERANCE);
        // the spare sine of randn(3)'s second pair survives a large draw, which took words of its own
        assertArrayEquals(afterLarge, g.randn(5), (float) TOLERANCE);
        TorchGenerator h = new TorchGenerator(5);
        h.randn(3);
        assertArrayEquals(afterSmall, h.randn(5), (float) TOLERANCE);
    }

    @Test
    void anEmptyDrawChangesNothingAndBothFormsAgree() {
        TorchGenerator a = new TorchGenerator(11), b = new TorchGenerator(11);
        assertEquals(0, a.randn(0).length);
        float[] into = new float[37];
        b.randn(into);
        assertArrayEquals(a.randn(37), into);
        assertArrayEquals(a.randn(5), b.randn(5));
    }

    @Test
    void minusOnePicksASeedAndOthersStay() {
        assertEquals(5L, TorchGenerator.resolveSeed(5L));
        for (int i = 0; i < 20; i++) {
            long s = TorchGenerator.resolveSeed(TorchGenerator.RANDOM_SEED);
            assertTrue(s >= 0 && s < (1L << 31), "picked " + s);
        }
    }
}
