package org.mailkeys.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mailkeys.transparency.EntryBundle;
import org.mailkeys.transparency.LogEntry;
import org.mailkeys.transparency.LogPublicKeys;
import org.mailkeys.transparency.MerkleHash;
import org.mailkeys.transparency.SignedNote;
import org.mailkeys.transparency.TileId;
import org.mailkeys.transparency.TileReader;

/**
 * A domain's key log on the web (docs/PROTOCOL.md, version 2): files under {@code /.well-known/mailkeys/log/} of the
 * domain's WKD host {@code openpgpkey.<domain>}, then of the domain itself when that host cannot be reached; its
 * keys also in the TXT record {@code _mailkeys-log.<domain>}, used only when DNSSEC proved it.
 */
public final class HttpsLogDirectory implements LogDirectory {
    /** docs/PROTOCOL.md: {@code v=mailkeys-log1; vkey=<verifier key>; vrf=<base64 key>}. */
    static final Pattern TXT = Pattern.compile(
            "v=mailkeys-log1;\\s*vkey=([^;\\s]{1,400});\\s*vrf=([A-Za-z0-9+/=]{44})\\s*;?\\s*");
    private static final int MAX_HASH_TILE = TileId.WIDTH * MerkleHash.SIZE;
    private static final int MAX_BUNDLE = TileId.WIDTH * (2 + LogEntry.MAX_BYTES);

    private final DnsLookup dns;
    private final WellKnownHttps https;

    public HttpsLogDirectory(DnsLookup dns, WellKnownHttps https) {
        this.dns = dns;
        this.https = https;
    }

    @Override
    public Optional<LogPublicKeys> dnssecKeys(String domain) {
        try {
            Validated<List<String>> texts = dns.texts("_mailkeys-log." + domain);
            return texts.secure() ? parseTxt(texts.value()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Exactly one record of the form, or none. */
    static Optional<LogPublicKeys> parseTxt(List<String> records) {
        List<String> ours = new ArrayList<>();
        records.stream().filter(text -> text.startsWith("v=mailkeys-log1;")).forEach(ours::add);
        if (ours.size() != 1) {
            return Optional.empty();
        }
        Matcher matcher = TXT.matcher(ours.get(0));
        return matcher.matches() ? LogPublicKeys.parse("vkey " + matcher.group(1) + "\nvrf " + matcher.group(2) + "\n")
                : Optional.empty();
    }

    @Override
    public LogPublicKeys servedKeys(String domain) throws IOException {
        byte[] text = fetch(domain, "keys", LogPublicKeys.MAX_TEXT);
        return LogPublicKeys.parse(new String(text, StandardCharsets.UTF_8))
                .orElseThrow(() -> new IOException("the log keys served for " + domain + " are not two lines vkey and vrf"));
    }

    @Override
    public String servedCheckpoint(String domain) throws IOException {
        return new String(fetch(domain, "checkpoint", SignedNote.MAX_NOTE), StandardCharsets.UTF_8);
    }

    @Override
    public TileReader tiles(String domain, int maxTiles) {
        int[] reads = {0};
        return tile -> {
            if (++reads[0] > maxTiles) {
                throw new IOException("more than " + maxTiles + " tiles of the log of " + domain + " would be needed");
            }
            int max = tile.isEntryBundle() ? MAX_BUNDLE : MAX_HASH_TILE;
            try {
                return Optional.of(fetch(domain, tile.path(), max));
            } catch (WellKnownHttps.Absent absent) {
                if (tile.isFull()) {
                    throw absent;
                }
                // c2sp.org/tlog-tiles: a partial tile may be gone once the full one exists; its prefix is the same
                TileId full = tile.isEntryBundle() ? TileId.entries(tile.index(), TileId.WIDTH)
                        : TileId.hashes(tile.level(), tile.index(), TileId.WIDTH);
                byte[] bytes = fetch(domain, full.path(), max);
                if (tile.isEntryBundle()) {
                    return Optional.of(EntryBundle.encode(EntryBundle.decode(bytes, TileId.WIDTH).subList(0, tile.width())));
                }
                if (bytes.length != MAX_HASH_TILE) {
                    throw new IOException("damaged tile " + full.path() + " of the log of " + domain);
                }
                return Optional.of(Arrays.copyOf(bytes, tile.width() * MerkleHash.SIZE));
            }
        };
    }

    /** From {@code openpgpkey.<domain>}, then from the domain; an absent file is absent (no second try). */
    private byte[] fetch(String domain, String file, int maxBytes) throws IOException {
        String path = WellKnownHttps.LOG_PREFIX + file;
        try {
            return https.get("openpgpkey." + domain, path, maxBytes);
        } catch (WellKnownHttps.Absent absent) {
            throw absent;
        } catch (IOException | RuntimeException e) {
            return https.get(domain, path, maxBytes);
        }
    }
}
