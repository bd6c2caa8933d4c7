package org.mailkeys.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TileIdTest {
    @Test
    void pathsShouldFollowC2spTlogTiles() {
        assertThat(TileId.hashes(0, 0, 256).path()).isEqualTo("tile/0/000");
        assertThat(TileId.hashes(1, 1234067, 256).path()).isEqualTo("tile/1/x001/x234/067");
        assertThat(TileId.hashes(0, 1234, 5).path()).isEqualTo("tile/0/x001/234.p/5");
        assertThat(TileId.entries(1000, 256).path()).isEqualTo("tile/entries/x001/000");
        assertThat(TileId.entries(7, 200).path()).isEqualTo("tile/entries/007.p/200");
    }

    @Test
    void parseShouldReadCanonicalPathsOnly() {
        assertThat(TileId.parse("tile/1/x001/x234/067")).contains(TileId.hashes(1, 1234067, 256));
        assertThat(TileId.parse("tile/entries/007.p/200")).contains(TileId.entries(7, 200));
        for (String bad : new String[] {"tile/0/1", "tile/0/0001", "tile/0/x000/001", "tile/0/001.p/256",
            "tile/0/001.p/0", "tile/0/001.p/07", "tile/8/000", "tile/01/000", "tile/0/../000", "tile/0/001/",
            "tile/0/x001", "tile/entries/abc", "tiles/0/000", "tile/0/x999/x999/x999/x999/x999/x999/x999/999"}) {
            assertThat(TileId.parse(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void inTreeShouldGiveTheWidthATreeSizeImplies() {
        assertThat(TileId.inTree(0, 0, 300)).contains(TileId.hashes(0, 0, 256));
        assertThat(TileId.inTree(0, 1, 300)).contains(TileId.hashes(0, 1, 44));
        assertThat(TileId.inTree(1, 0, 300)).contains(TileId.hashes(1, 0, 1));
        assertThat(TileId.inTree(0, 2, 300)).isEmpty();
        assertThat(TileId.entriesInTree(1, 300)).contains(TileId.entries(1, 44));
    }
}
