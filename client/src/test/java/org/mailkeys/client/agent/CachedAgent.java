package org.mailkeys.client.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.mailkeys.protocol.PublicKeys;

/**
 * For the benchmarks: the agent's state folder with verified keys already held for some addresses (as the agent
 * writes them after a lookup's answer), and an agent over it that is not started, so that every HKP lookup is
 * answered from that cache (the agent's lock, its record, the key file read) and none is sent by mail. In the
 * agent's package, in the client's test-jar, because the state's records are the agent's own, not an API.
 */
public final class CachedAgent {
    private CachedAgent() {
    }

    /** Writes a held key for every address, then opens an agent over the folder (not started). */
    public static MailKeysAgent holding(Path stateFolder, String account, Map<String, byte[]> keys) throws IOException {
        AgentState state = AgentState.open(stateFolder, account);
        Instant now = Instant.now();
        for (Map.Entry<String, byte[]> held : keys.entrySet()) {
            ContactRecord record = state.contactOrNew(held.getKey());
            record.inContacts = true;
            record.fingerprint = PublicKeys.fingerprint(held.getValue()).orElseThrow();
            record.allFingerprints = List.of(record.fingerprint);
            record.lastResult = ContactRecord.KEY_FOUND;
            record.lastLookup = now;
            record.nextRefresh = now.plus(Duration.ofDays(1));
            state.saveKey(record.address, held.getValue());
            state.save(record);
        }
        // no mail client: an agent that is not started never sends or reads mail (and the benchmarks' class path
        // lacks the client's mail implementation, see benchmarks/pom.xml)
        return new MailKeysAgent(AgentSettings.builder(account, stateFolder).build(), null, Optional.empty(), log(),
            Clock.systemUTC(), Jitter.random());
    }

    /** The log of the benchmark's agent and HKP listener: warnings printed, the rest dropped. */
    public static AgentLog log() {
        return new AgentLog() {
            @Override
            public void info(String message) {
            }

            @Override
            public void warn(String message) {
                System.err.println("agent: " + message);
            }
        };
    }
}
