package org.mailkeys.transparency;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Appends entries to a tiled log: from the tiles of the tree as it is, computes the entry bundles and hash tiles that
 * the grown tree adds or widens (c2sp.org/tlog-tiles), and its new root. It writes nothing: the caller stores the
 * tiles, then signs a checkpoint of the new size. Only the right edge is read: the last partial tile of each level.
 */
public final class TileIntegrator {
    private TileIntegrator() {
    }

    /** What an integration produces. */
    public static final class Result {
        private final long size;
        private final byte[] root;
        private final Map<TileId, byte[]> tiles;

        Result(long size, byte[] root, Map<TileId, byte[]> tiles) {
            this.size = size;
            this.root = root;
            this.tiles = Collections.unmodifiableMap(tiles);
        }

        /** The size of the grown tree. */
        public long size() {
            return size;
        }

        public byte[] root() {
            return root.clone();
        }

        /** The tiles to store, entry bundles first, each at its final width for this size. */
        public Map<TileId, byte[]> tiles() {
            return tiles;
        }
    }

    /** Appends {@code entries} to the tree of {@code oldSize} whose tiles {@code existing} reads. */
    public static Result integrate(TileReader existing, long oldSize, List<byte[]> entries) throws IOException {
        Map<TileId, byte[]> written = new LinkedHashMap<>();
        long newSize = oldSize + entries.size();
        writeBundles(existing, oldSize, entries, written);
        List<byte[]> added = new ArrayList<>(entries.size());
        for (byte[] entry : entries) {
            added.add(MerkleHash.leaf(entry));
        }
        long oldCount = oldSize;
        for (int level = 0; level <= TileId.MAX_LEVEL && !added.isEmpty(); level++) {
            long firstTile = oldCount / TileId.WIDTH;
            List<byte[]> hashes = new ArrayList<>(partialHashes(existing, level, oldCount));
            hashes.addAll(added);
            long newCount = oldCount + added.size();
            for (long tile = firstTile; tile * TileId.WIDTH < newCount; tile++) {
                int from = (int) ((tile - firstTile) * TileId.WIDTH);
                int width = (int) Math.min(TileId.WIDTH, newCount - tile * TileId.WIDTH);
                written.put(TileId.hashes(level, tile, width), concat(hashes.subList(from, from + width)));
            }
            List<byte[]> next = new ArrayList<>();
            for (long node = oldCount / TileId.WIDTH; node < newCount / TileId.WIDTH; node++) {
                int from = (int) ((node - firstTile) * TileId.WIDTH);
                next.add(perfectRoot(hashes.subList(from, from + TileId.WIDTH)));
            }
            oldCount = oldCount / TileId.WIDTH;
            added = next;
        }
        TileReader grown = tile -> written.containsKey(tile) ? Optional.of(written.get(tile)) : existing.read(tile);
        byte[] root = MerkleProofs.root(new TileHashSource(grown, newSize), newSize);
        return new Result(newSize, root, written);
    }

    private static void writeBundles(TileReader existing, long oldSize, List<byte[]> entries,
                                     Map<TileId, byte[]> written) throws IOException {
        long firstBundle = oldSize / TileId.WIDTH;
        List<byte[]> all = new ArrayList<>();
        int kept = (int) (oldSize % TileId.WIDTH);
        if (kept > 0) {
            TileId partial = TileId.entries(firstBundle, kept);
            byte[] bundle = existing.read(partial).orElseThrow(() -> new IOException("Missing " + partial.path()));
            all.addAll(EntryBundle.decode(bundle, kept));
        }
        all.addAll(entries);
        long newSize = oldSize + entries.size();
        for (long bundle = firstBundle; bundle * TileId.WIDTH < newSize; bundle++) {
            int from = (int) ((bundle - firstBundle) * TileId.WIDTH);
            int width = (int) Math.min(TileId.WIDTH, newSize - bundle * TileId.WIDTH);
            written.put(TileId.entries(bundle, width), EntryBundle.encode(all.subList(from, from + width)));
        }
    }

    private static List<byte[]> partialHashes(TileReader existing, int level, long count) throws IOException {
        int kept = (int) (count % TileId.WIDTH);
        if (kept == 0) {
            return Collections.emptyList();
        }
        TileId partial = TileId.hashes(level, count / TileId.WIDTH, kept);
        byte[] tile = existing.read(partial).orElseThrow(() -> new IOException("Missing tile " + partial.path()));
        if (tile.length != kept * MerkleHash.SIZE) {
            throw new IOException("Damaged tile " + partial.path());
        }
        List<byte[]> hashes = new ArrayList<>(kept);
        for (int i = 0; i < kept; i++) {
            hashes.add(Arrays.copyOfRange(tile, i * MerkleHash.SIZE, (i + 1) * MerkleHash.SIZE));
        }
        return hashes;
    }

    private static byte[] perfectRoot(List<byte[]> hashes) {
        if (hashes.size() == 1) {
            return hashes.get(0);
        }
        int half = hashes.size() / 2;
        return MerkleHash.node(perfectRoot(hashes.subList(0, half)), perfectRoot(hashes.subList(half, hashes.size())));
    }

    private static byte[] concat(List<byte[]> hashes) {
        byte[] tile = new byte[hashes.size() * MerkleHash.SIZE];
        for (int i = 0; i < hashes.size(); i++) {
            System.arraycopy(hashes.get(i), 0, tile, i * MerkleHash.SIZE, MerkleHash.SIZE);
        }
        return tile;
    }
}
