package org.inpaintij.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Free disk space where a model is to be written; replaceable so that tests can simulate a full disk. */
@FunctionalInterface
public interface DiskSpace {

    /** The file system's own answer, for the nearest existing folder at or above the given one. */
    DiskSpace STANDARD = folder -> {
        Path p = folder.toAbsolutePath();
        while (p != null && !Files.exists(p)) p = p.getParent();
        if (p == null) throw new IOException("no existing folder above " + folder);
        return Files.getFileStore(p).getUsableSpace();
    };

    /** Bytes that can still be written in this folder. */
    long usable(Path folder) throws IOException;
}
