package org.mailkeys.transparency;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The complete subtree hashes of a tree of known size, read from its hash tiles (c2sp.org/tlog-tiles): a node of
 * height h is folded from at most 128 hashes of one tile of level h / 8. Tiles read once are kept, so a proof costs
 * a few tile reads. Tiles of the wrong length are refused, never used.
 */
public final class TileHashSource implements HashSource {
    private final TileReader tiles;
    private final long size;
    private final Map<TileId, byte[]> read = new HashMap<>();

    public TileHashSource(TileReader tiles, long size) {
        this.tiles = tiles;
        this.size = size;
    }

    @Override
    public byte[] subtree(int height, long index) throws IOException {
        if (height < 0 || index < 0 || ((index + 1) << height) > size || ((index + 1) << height) <= 0) {
            throw new IllegalArgumentException("No complete subtree " + height + "/" + index + " in size " + size);
        }
        int level = height / 8;
        int below = height % 8;
        long first = index << below;
        long tileIndex = first / TileId.WIDTH;
        TileId tile = TileId.inTree(level, tileIndex, size)
            .orElseThrow(() -> new IllegalStateException("No tile for " + height + "/" + index));
        byte[] bytes = tile(tile);
        int offset = (int) (first % TileId.WIDTH);
        return fold(bytes, offset, 1 << below);
    }

    private byte[] tile(TileId tile) throws IOException {
        byte[] bytes = read.get(tile);
        if (bytes == null) {
            bytes = tiles.read(tile).orElseThrow(() -> new IOException("Missing tile " + tile.path()));
            if (bytes.length != tile.width() * MerkleHash.SIZE) {
                throw new IOException("Damaged tile " + tile.path() + ": " + bytes.length + " bytes");
            }
            read.put(tile, bytes);
        }
        return bytes;
    }

    /** The root of the perfect tree over {@code count} (a power of two) consecutive hashes. */
    private static byte[] fold(byte[] tile, int offset, int count) {
        if (count == 1) {
            return Arrays.copyOfRange(tile, offset * MerkleHash.SIZE, (offset + 1) * MerkleHash.SIZE);
        }
        int half = count / 2;
        return MerkleHash.node(fold(tile, offset, half), fold(tile, offset + half, half));
    }
}
