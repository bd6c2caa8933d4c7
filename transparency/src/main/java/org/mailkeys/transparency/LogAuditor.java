package org.mailkeys.transparency;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a whole served log against a checkpoint: reads every entry bundle, rebuilds every hash tile from the entries,
 * and requires each served tile of that tree size to be the rebuilt one and the root to be the checkpoint's. What a
 * monitor runs; it reads the whole log, so it is not for answering requests.
 */
public final class LogAuditor {
    private LogAuditor() {
    }

    /** The entries of the log when it matches; an exception naming the first tile that does not. */
    public static List<byte[]> audit(TileReader served, Checkpoint checkpoint) throws IOException {
        long size = checkpoint.size();
        Map<TileId, byte[]> rebuilt = new HashMap<>();
        TileReader rebuiltTiles = tile -> Optional.ofNullable(rebuilt.get(tile));
        List<byte[]> all = new java.util.ArrayList<>();
        byte[] root = MerkleHash.empty();
        for (long bundle = 0; bundle * TileId.WIDTH < size; bundle++) {
            TileId id = TileId.entriesInTree(bundle, size).orElseThrow();
            byte[] bytes = served.read(id).orElseThrow(() -> new IOException("Missing " + id.path()));
            List<byte[]> entries = EntryBundle.decode(bytes, id.width());
            TileIntegrator.Result result = TileIntegrator.integrate(rebuiltTiles, bundle * TileId.WIDTH, entries);
            rebuilt.putAll(result.tiles());
            all.addAll(entries);
            root = result.root();
        }
        for (Map.Entry<TileId, byte[]> tile : rebuilt.entrySet()) {
            TileId id = tile.getKey();
            if (id.isEntryBundle() || !TileId.inTree(id.level(), id.index(), size).equals(Optional.of(id))) {
                continue;
            }
            Optional<byte[]> servedTile = served.read(id);
            if (servedTile.isEmpty() || !MessageDigest.isEqual(servedTile.get(), tile.getValue())) {
                throw new IOException("Tile " + id.path() + " does not match the entries");
            }
        }
        if (!MessageDigest.isEqual(root, checkpoint.root())) {
            throw new IOException("The entries do not give the checkpoint's root");
        }
        return all;
    }
}
