package org.inpaintij.models;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import org.inpaintij.core.BadInputException;

/** The JSON files of a model folder (configs, manifests), read with one message for every way they can be bad. */
public final class JsonFiles {

    private JsonFiles() {}

    /**
     * The JSON object in {@code file}.
     *
     * @param expected what the file should hold, for the message, e.g. "a JSON object as diffusers writes it"
     * @throws BadInputException "Cannot read <file> (<why>); expected <expected>." when the file cannot be read,
     *     is not JSON, or holds something other than an object
     */
    public static JsonObject object(Path file, String expected) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            JsonElement e = JsonParser.parseReader(r);
            if (!e.isJsonObject()) throw new JsonParseException("not an object");
            return e.getAsJsonObject();
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw new BadInputException("Cannot read " + file + " (" + e.getMessage() + "); expected " + expected
                    + ".", e);
        }
    }
}
