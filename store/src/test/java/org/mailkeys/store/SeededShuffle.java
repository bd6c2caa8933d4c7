package org.mailkeys.store;

import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Shuffles for tests: seeded, and the seed printed, so that an order that made a test fail can be replayed with
 * {@code -Dmailkeys.test.seed=<seed>}.
 */
public final class SeededShuffle {
    private static final String SEED_PROPERTY = "mailkeys.test.seed";

    private SeededShuffle() {
    }

    public static void shuffle(List<?> list) {
        long seed = Long.getLong(SEED_PROPERTY, new Random().nextLong());
        System.out.println("shuffle seed " + seed + " (replay with -D" + SEED_PROPERTY + "=" + seed + ")");
        Collections.shuffle(list, new Random(seed));
    }
}
