package org.mailkeys.transparency;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A tiled log in memory for tests: integrates batches and keeps every tile written. */
final class TestLog implements TileReader {
    final Map<TileId, byte[]> tiles = new HashMap<>();
    final List<byte[]> entries = new ArrayList<>();
    byte[] root = MerkleHash.empty();

    static byte[] entry(int i) {
        return ("entry " + i + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    void append(int count) throws IOException {
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(entry(entries.size() + i));
        }
        TileIntegrator.Result result = TileIntegrator.integrate(this, entries.size(), batch);
        tiles.putAll(result.tiles());
        entries.addAll(batch);
        root = result.root();
    }

    long size() {
        return entries.size();
    }

    HashSource hashes() {
        return new TileHashSource(this, size());
    }

    @Override
    public Optional<byte[]> read(TileId tile) {
        return Optional.ofNullable(tiles.get(tile)).map(byte[]::clone);
    }

    /** MTH of RFC 6962 section 2.1, straight from the definition. */
    static byte[] naiveRoot(List<byte[]> entries) {
        if (entries.isEmpty()) {
            return MerkleHash.empty();
        }
        if (entries.size() == 1) {
            return MerkleHash.leaf(entries.get(0));
        }
        int k = Integer.highestOneBit(entries.size() - 1);
        return MerkleHash.node(naiveRoot(entries.subList(0, k)), naiveRoot(entries.subList(k, entries.size())));
    }
}
