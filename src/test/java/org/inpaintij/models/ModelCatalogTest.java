package org.inpaintij.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.inpaintij.core.BadInputException;
import org.inpaintij.diffusion.model.ModelKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped descriptors, and what the descriptor reader refuses. */
class ModelCatalogTest {

    @Test
    void theFourPublicExportsAreShipped() {
        ModelCatalog c = ModelCatalog.builtIn();
        assertEquals(List.of("sd15-inpainting", "sd2-inpainting", "lcm-dreamshaper-v7", "sd-turbo", "lama", "migan"),
                c.names());
        assertEquals(ModelKind.INPAINTING, c.get("sd15-inpainting").kind());
        assertEquals(ModelKind.INPAINTING, c.get("sd2-inpainting").kind());
        assertEquals(ModelKind.LCM, c.get("lcm-dreamshaper-v7").kind());
        assertEquals(ModelKind.TURBO, c.get("sd-turbo").kind());
        assertFalse(c.get("sd-turbo").license().commercialUse());
        assertEquals("lcm", c.get("lcm-dreamshaper-v7").defaults().scheduler());
        assertEquals(0.0, c.get("sd-turbo").defaults().cfg());
        assertEquals("https://huggingface.co/jdp8/sd-1-5-inpainting-fp16/resolve/main/unet/weights.pb",
                c.get("sd15-inpainting").file("unet/weights.pb").source(c.get("sd15-inpainting"), null).toString());
    }

    @Test
    void everyDescriptorInTheRepositoryIsListedAndViceVersa() throws IOException {
        Path dir = Path.of("models");
        Set<String> onDisk = new HashSet<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).forEach(onDisk::add);
        }
        Set<String> listed = new HashSet<>();
        for (String l : Files.readAllLines(dir.resolve(ModelCatalog.INDEX))) {
            if (!l.isBlank() && !l.startsWith("#")) listed.add(l.strip());
        }
        assertEquals(onDisk, listed);
        for (String n : onDisk) {
            ModelDescriptor d = ModelCatalog.read(dir.resolve(n));
            assertEquals(n, d.name() + ".json", "file named after its model");
        }
    }

    @Test
    void everyDescriptorMakesAFolderTheLoaderAccepts(@TempDir Path tmp) throws IOException {
        for (ModelDescriptor d : ModelCatalog.builtIn().all()) {
            // stand-ins with the descriptor's paths: inline files as they are, JSON as an empty object
            Path folder = tmp.resolve(d.name());
            for (ModelDescriptor.SourceFile f : d.files()) {
                Path p = folder.resolve(f.path());
                Files.createDirectories(p.getParent());
                Files.writeString(p, f.inline() ? f.content() : f.path().endsWith(".json") ? "{}" : "");
                assertTrue(f.inline() || f.source(d, null).getScheme().equals("https"), d.name() + " " + f.path());
                assertTrue(f.expectedBytes() > 0, d.name() + " " + f.path());
            }
            assertEquals(List.of(), ModelLayout.problems(folder, d.kind()), d.name());
            if (d.kind().learned()) continue; // LearnedCatalogTest checks those against the catalog's facts
            // the tokenizer takes the pad token from here (49407 for SD 1.x, "!" for SD 2.x)
            assertTrue(d.file("tokenizer/tokenizer_config.json") != null, d.name());
            assertTrue(d.expectedBytes() > 1_000_000_000L, d.name() + " is a real model of a few GB");
        }
    }

    @Test
    void inlineFilesAreValidConfiguration() {
        ModelDescriptor turbo = ModelCatalog.builtIn().get("sd-turbo");
        String scheduler = turbo.file("scheduler/scheduler_config.json").content();
        var o = com.google.gson.JsonParser.parseString(scheduler).getAsJsonObject();
        assertEquals("EulerDiscreteScheduler", o.get("_class_name").getAsString());
        assertEquals("trailing", o.get("timestep_spacing").getAsString());
        assertTrue(turbo.file("model_index.json").content().contains("OnnxStableDiffusionPipeline"));
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        BadInputException e = assertThrows(BadInputException.class, () -> ModelCatalog.builtIn().get("sd3"));
        assertEquals("Unknown model 'sd3'; known models: sd15-inpainting, sd2-inpainting, lcm-dreamshaper-v7, "
                + "sd-turbo, lama, migan (or the path of a descriptor .json file).", e.getMessage());
    }

    @Test
    void badDescriptorsAreRefusedWithTheFieldNamed() {
        String good = TestModels.descriptor("t", "https://example.org/t/", TestModels.files(1), p -> true);
        assertEquals("t", TestModels.parse(good).name());

        assertEquals("Model descriptor test descriptor has an unsafe file path '../evil': use relative paths with "
                + "'/' between plain names, without '..'.", assertThrows(BadInputException.class,
                        () -> TestModels.parse(good.replace("unet/weights.pb", "../evil"))).getMessage());
        assertEquals("Model descriptor test descriptor has a missing or bad 'baseUrl'; expected an http(s) URL.",
                assertThrows(BadInputException.class, () -> TestModels.parse(good.replace("https://example.org/t/",
                        "ftp://example.org/t/"))).getMessage());
        assertEquals("Model descriptor test descriptor has a missing or bad 'defaults.scheduler'; expected ddim, "
                + "euler, euler_ancestral, dpmpp_2m, dpmpp_2m_karras, lcm.", assertThrows(BadInputException.class,
                        () -> TestModels.parse(good.replace("\"ddim\"", "\"pndm\""))).getMessage());
        assertTrue(assertThrows(BadInputException.class, () -> TestModels.parse(good.replace("\"format\":1",
                "\"format\":2"))).getMessage().contains("has format 2"));
        assertTrue(assertThrows(BadInputException.class, () -> TestModels.parse("{")).getMessage()
                .startsWith("Model descriptor test descriptor is not valid JSON"));
        String badHash = good.replaceFirst("\"sha256\":\"[0-9a-f]{64}\"", "\"sha256\":\"abc\"");
        assertTrue(assertThrows(BadInputException.class, () -> TestModels.parse(badHash)).getMessage()
                .endsWith(".sha256'; expected 64 hexadecimal digits, or null."));
    }
}
