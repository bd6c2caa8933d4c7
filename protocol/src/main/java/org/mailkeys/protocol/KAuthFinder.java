package org.mailkeys.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the K_auth of a request body that may be malformed, too large or never parsed, so that its ERROR answer can
 * carry a MAC (docs/PROTOCOL.md 4.1): the last non-blank line when it is a well-formed K_auth (even after an
 * unterminated armor block), else the one well-formed K_auth line outside armor blocks, when there is exactly one.
 * The one rule for the KST's every ERROR answer.
 */
public final class KAuthFinder {
    private KAuthFinder() {
    }

    /** @param protocolText the text of a request body, as {@link MessageBodies} extracts it */
    public static Optional<KAuth> find(String protocolText) {
        List<KAuth> outsideBlocks = new ArrayList<>();
        Optional<KAuth> last = Optional.empty();
        boolean inBlock = false;
        for (String rawLine : protocolText.split("\n", -1)) {
            String line = rawLine.strip();
            if (line.isEmpty()) {
                continue;
            }
            inBlock |= line.startsWith(BodyParts.BEGIN);
            last = KAuth.parse(line);
            if (!inBlock) {
                last.ifPresent(outsideBlocks::add);
            }
            inBlock &= !line.startsWith(BodyParts.END);
        }
        if (last.isPresent()) {
            return last;
        }
        return outsideBlocks.size() == 1 ? Optional.of(outsideBlocks.get(0)) : Optional.empty();
    }
}
