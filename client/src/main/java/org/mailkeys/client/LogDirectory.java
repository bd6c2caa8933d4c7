package org.mailkeys.client;

import java.io.IOException;
import java.util.Optional;

import org.mailkeys.transparency.LogPublicKeys;
import org.mailkeys.transparency.TileReader;

/** Where a domain's key log is found: its keys in DNS and on its web host, its tiles and checkpoint. */
public interface LogDirectory {
    /** The keys of a DNSSEC-validated {@code _mailkeys-log.<domain>} TXT record; empty when there is none or it is insecure. */
    Optional<LogPublicKeys> dnssecKeys(String domain);

    /** The keys the domain serves at {@code /.well-known/mailkeys/log/keys}. */
    LogPublicKeys servedKeys(String domain) throws IOException;

    /** The signed checkpoint the domain serves now. */
    String servedCheckpoint(String domain) throws IOException;

    /** The domain's tiles, read at most {@code maxTiles} times (a proof needs a few, a whole log many). */
    TileReader tiles(String domain, int maxTiles);
}
