package org.mailkeys.transparency;

import java.io.IOException;

/** Where the hashes of complete subtrees of one tree come from: tiles, or a list of leaves in memory. */
@FunctionalInterface
public interface HashSource {
    /**
     * The hash of the complete subtree of {@code 2^height} leaves whose first leaf is {@code index * 2^height}.
     *
     * @throws IOException when the hash cannot be read, or what was read is damaged
     */
    byte[] subtree(int height, long index) throws IOException;
}
