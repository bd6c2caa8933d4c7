package org.mailkeys.transparency;

import java.io.IOException;
import java.util.Optional;

/** Reads the bytes of a tile of one log: a folder, a table, or a web server. */
@FunctionalInterface
public interface TileReader {
    /** The tile's bytes, or empty when the log has no such tile. */
    Optional<byte[]> read(TileId tile) throws IOException;
}
