package org.inpaintij.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.inpaintij.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remembered settings and the model folder's precedence. */
class SettingsTest {

    @TempDir
    Path tmp;

    @Test
    void folderIsRememberedAcrossSessions() {
        Settings s = Settings.at(tmp.resolve("conf/settings.properties"));
        assertEquals(Optional.empty(), s.modelsFolder());
        s.setModelsFolder(tmp.resolve("a/../m"));
        assertEquals(Optional.of(tmp.resolve("m")), Settings.at(tmp.resolve("conf/settings.properties"))
                .modelsFolder());
        s.setModelsFolder(null);
        assertEquals(Optional.empty(), Settings.at(tmp.resolve("conf/settings.properties")).modelsFolder());
    }

    @Test
    void licenceAcceptanceIsPerModelAndAskedAgainWhenTheLicenceChanges() {
        Settings s = Settings.at(tmp.resolve("settings.properties"));
        var files = TestModels.files(1);
        ModelDescriptor a = TestModels.parse(TestModels.descriptor("a", "https://example.org/a/", files, p -> false));
        ModelDescriptor b = TestModels.parse(TestModels.descriptor("b", "https://example.org/b/", files, p -> false));
        assertFalse(s.licenseAccepted(a));
        s.acceptLicense(a);
        assertTrue(Settings.at(tmp.resolve("settings.properties")).licenseAccepted(a));
        assertFalse(s.licenseAccepted(b));
        ModelDescriptor relicensed = TestModels.parse(TestModels.descriptor("a", "https://example.org/a/", files,
                p -> false).replace("https://example.org/licence", "https://example.org/licence-2"));
        assertFalse(s.licenseAccepted(relicensed));
    }

    @Test
    void precedenceIsFlagThenEnvironmentThenSettingThenDefault() {
        Settings s = Settings.at(tmp.resolve("settings.properties"));
        Map<String, String> env = Map.of(ModelsFolder.ENV, tmp.resolve("env").toString());
        Map<String, String> noEnv = Map.of();

        assertEquals(new ModelsFolder.Resolved(ModelsFolder.defaultFolder().toAbsolutePath(),
                ModelsFolder.Source.DEFAULT), ModelsFolder.resolve(null, noEnv, s));
        s.setModelsFolder(tmp.resolve("saved"));
        assertEquals(new ModelsFolder.Resolved(tmp.resolve("saved"), ModelsFolder.Source.SETTING),
                ModelsFolder.resolve(null, noEnv, s));
        assertEquals(new ModelsFolder.Resolved(tmp.resolve("env"), ModelsFolder.Source.ENVIRONMENT),
                ModelsFolder.resolve(null, env, s));
        assertEquals(new ModelsFolder.Resolved(tmp.resolve("flag"), ModelsFolder.Source.FLAG),
                ModelsFolder.resolve(tmp.resolve("flag").toString(), env, s));
        assertEquals(ModelsFolder.Source.ENVIRONMENT, ModelsFolder.resolve(" ", env, s).source(),
                "a blank flag is no flag");
    }

    @Test
    void tildeIsExpandedAndFilesAreRefused() throws IOException {
        Settings s = Settings.at(tmp.resolve("settings.properties"));
        assertEquals(Path.of(System.getProperty("user.home"), "models-x"),
                ModelsFolder.resolve("~/models-x", Map.of(), s).path());
        Path file = Files.writeString(tmp.resolve("plain.txt"), "x");
        BadInputException e = assertThrows(BadInputException.class,
                () -> ModelsFolder.resolve(null, Map.of(ModelsFolder.ENV, file.toString()), s));
        assertEquals("The model folder from environment variable INPAINT_IJ_MODELS " + file + " is a file; give a "
                + "folder (it is created if missing).", e.getMessage());
    }
}
