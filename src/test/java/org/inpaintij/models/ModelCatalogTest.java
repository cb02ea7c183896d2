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
        ModelDescriptor sd2 = c.get("sd2-inpainting");
        assertEquals("https://huggingface.co/jdp8/sd-2-inpainting-fp16/resolve/c196c91cd44dc639020136d6d85290738dbcb5d8/"
                + "unet/model.onnx", sd2.file("unet/model.onnx").source(sd2, null).toString());
        assertEquals(null, sd2.file("unet/weights.pb"), "the SD 2 UNet is one model.onnx");
        assertEquals(null, c.get("sd15-inpainting").file("unet/weights.pb"), "an unseen UNet folder is not guessed");
        assertEquals(List.of("text_encoder/model.onnx (Suspicious)"), c.get("lcm-dreamshaper-v7").flaggedFiles());
        assertTrue(c.get("lcm-dreamshaper-v7").scannerWarning().startsWith("The hub's file scanner flags "
                + "text_encoder/model.onnx (Suspicious) of this model; "));
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

    /** The files a diffusion model folder has for the loader (ModelFolder.read needs all but the first and last). */
    static final List<String> REQUIRED = List.of("model_index.json", "scheduler/scheduler_config.json",
            "tokenizer/vocab.json", "tokenizer/merges.txt", "text_encoder/model.onnx", "unet/model.onnx",
            "vae_encoder/model.onnx", "vae_decoder/model.onnx", "tokenizer/tokenizer_config.json");

    @Test
    void everyDescriptorMakesAFolderTheLoaderAccepts(@TempDir Path tmp) throws IOException {
        for (ModelDescriptor d : ModelCatalog.builtIn().all()) {
            // stand-ins with the descriptor's paths, and the loader's files that its listed parts will bring
            Path folder = tmp.resolve(d.name());
            List<String> paths = new java.util.ArrayList<>(d.files().stream().map(ModelDescriptor.SourceFile::path)
                    .toList());
            // a learned fill (LaMa, MI-GAN) is one graph; LearnedModelsTest checks its facts
            for (String r : d.kind().learned() ? List.<String>of() : REQUIRED) {
                if (paths.contains(r)) continue;
                boolean listed = d.listed().stream().anyMatch(l -> l.covers(r));
                assertTrue(listed, d.name() + " has neither the file " + r + " nor a listed part that covers it");
                // a listed part brings what the hub has; the loader needs all but model_index.json (optional)
                if (!r.equals("model_index.json")) paths.add(r);
            }
            for (String path : paths) {
                Path p = folder.resolve(path);
                Files.createDirectories(p.getParent());
                Files.writeString(p, path.endsWith(".json") ? "{}" : "");
            }
            for (ModelDescriptor.SourceFile f : d.files()) {
                assertFalse(f.inline(), d.name() + " " + f.path() + ": shipped files come from the pinned commit");
                assertTrue(f.expectedBytes() > 0, d.name() + " " + f.path());
            }
            assertEquals(List.of(), ModelLayout.problems(folder, d.kind()), d.name());
            assertTrue(d.expectedBytes() > (d.kind().learned() ? 10_000_000L : 1_000_000_000L), d.name()
                    + " is a real model");
        }
    }

    /**
     * Every shipped descriptor against the facts collected from the hub's pages (../shared/docs/model-catalog.md,
     * each fact with its URL): its revision is one the catalog names, every URL resolves that commit, every file
     * it names was seen on a page, and it carries exactly the facts the catalog gives for that file (exact size,
     * SHA-256, size as shown, scanner label): none missing, none invented. A file whose folder was not seen is not
     * named but left to the hub's listing, and a part left to the listing hides no fact the catalog has.
     */
    @Test
    void everyDescriptorCarriesTheCatalogsFactsAndNoOthers() {
        CatalogFacts facts = CatalogFacts.read();
        for (ModelDescriptor d : ModelCatalog.builtIn().all()) {
            String n = d.name();
            CatalogFacts.Section sec = facts.section(d.repo());
            assertTrue(sec.text().contains(d.revision()), n + ": revision " + d.revision() + " is not in the catalog's "
                    + "section on " + d.repo());
            assertEquals("https://huggingface.co/" + d.repo() + "/resolve/" + d.revision() + "/", d.baseUrl().toString(),
                    n);
            assertTrue(d.homepage().startsWith("https://huggingface.co/" + d.repo()), n);
            for (ModelDescriptor.SourceFile f : d.files()) {
                assertEquals(null, f.url(), n + " " + f.path() + ": every file from the descriptor's own commit");
                List<CatalogFacts.Row> rows = sec.rows(f.path());
                assertFalse(rows.isEmpty(), n + " names " + f.path() + ", which no page in the catalog showed: leave "
                        + "it to the hub's listing instead");
                boolean matches = rows.stream().anyMatch(r -> java.util.Objects.equals(r.exact(), f.size())
                        && java.util.Objects.equals(r.sha256(), f.sha256())
                        && java.util.Objects.equals(r.exact() == null ? r.shown() : null, f.shown())
                        && r.suspicious() == "Suspicious".equals(f.flagged()));
                assertTrue(matches, n + " " + f.path() + ": size " + f.size() + ", shown " + f.shown() + ", sha256 "
                        + f.sha256() + ", flagged " + f.flagged() + " do not match the catalog's " + rows);
            }
            for (ModelDescriptor.ListedPart part : d.listed()) {
                for (CatalogFacts.Row r : sec.rows()) {
                    assertFalse(part.covers(r.path()) && r.hasFact() && d.file(r.path()) == null, n + ": the catalog "
                            + "has facts on " + r.path() + ", so it belongs in files, not in the listed " + part.path());
                }
            }
            if (sec.text().contains("scanned as suspicious")) {
                assertTrue(d.scannerWarning() != null, n + ": the hub's suspicious-file banner is shown to the user");
            }
        }
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
                "\"format\":3"))).getMessage().contains("has format 3"));
        assertEquals("Model descriptor test descriptor has a missing or bad 'repo'; expected a text.",
                assertThrows(BadInputException.class, () -> TestModels.parseShipped(good.replace("\"format\":1",
                        "\"format\":2"))).getMessage(), "a shipped descriptor names its hub repository");
        String zeros = "0".repeat(40);
        String pinned = good.replace("\"format\":1", "\"format\":2,\"repo\":\"a/b\",\"revision\":\"" + zeros + "\"")
                .replace("https://example.org/t/", "https://huggingface.co/a/b/resolve/" + zeros + "/");
        assertEquals("a/b", TestModels.parseShipped(pinned).repo());
        assertEquals("Model descriptor test descriptor has a missing or bad 'revision'; expected the commit the files "
                + "come from, as 40 lower-case hexadecimal digits.", assertThrows(BadInputException.class,
                        () -> TestModels.parseShipped(pinned.replace("\"revision\":\"" + zeros,
                                "\"revision\":\"main"))).getMessage());
        assertEquals("Model descriptor test descriptor has a missing or bad 'unet/weights.pb.shown'; expected the size "
                + "as the hub's page shows it, such as 1.73 GB, 525 kB or 528 Bytes.", assertThrows(
                        BadInputException.class, () -> TestModels.parse(good.replace(
                                "\"path\":\"unet/weights.pb\",", "\"path\":\"unet/weights.pb\",\"shown\":"
                                        + "\"about 3 MB\","))).getMessage());
        assertTrue(assertThrows(BadInputException.class, () -> TestModels.parse("{")).getMessage()
                .startsWith("Model descriptor test descriptor is not valid JSON"));
        String badHash = good.replaceFirst("\"sha256\":\"[0-9a-f]{64}\"", "\"sha256\":\"abc\"");
        assertTrue(assertThrows(BadInputException.class, () -> TestModels.parse(badHash)).getMessage()
                .endsWith(".sha256'; expected 64 hexadecimal digits, or null."));
    }
}
