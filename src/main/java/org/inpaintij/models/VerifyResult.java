package org.inpaintij.models;

import java.util.List;

/**
 * What {@code verify} found.
 *
 * @param name the model
 * @param problems one sentence per problem (missing file, wrong size, wrong SHA-256, bad layout); empty when
 *     every file matches its pinned hash
 * @param bytesChecked how many bytes were hashed
 */
public record VerifyResult(String name, List<String> problems, long bytesChecked) {

    public VerifyResult {
        problems = List.copyOf(problems);
    }

    /** Whether every file is present, whole and unchanged. */
    public boolean ok() {
        return problems.isEmpty();
    }
}
