package org.mailkeys.store;

import java.util.Objects;

/** The name of this James node, as the key history records it for every change made through it. */
public final class NodeName {
    private final String value;

    public NodeName(String value) {
        if (Objects.requireNonNull(value).isBlank()) {
            throw new IllegalArgumentException("A node name is not blank");
        }
        this.value = value.trim();
    }

    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
