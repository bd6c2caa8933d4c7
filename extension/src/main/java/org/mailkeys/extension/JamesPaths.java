package org.mailkeys.extension;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.apache.james.filesystem.api.FileSystem;

/** Paths written in mailkeys.properties, read as James reads its own. */
public final class JamesPaths {
    private JamesPaths() {
    }

    /** {@code file://} URLs through James' FileSystem, absolute paths as they are, others under its working directory. */
    public static Path resolve(String configured, FileSystem fileSystem) throws IOException {
        if (configured.startsWith("file:")) {
            return fileSystem.getFile(configured).toPath();
        }
        Path path = Paths.get(configured);
        if (path.isAbsolute()) {
            return path;
        }
        return fileSystem.getBasedir().toPath().resolve(path).normalize();
    }
}
