package org.mailkeys.client.agent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** {@code mailkeys agent status}: the own key and every contact, as JSON and as text, written by the running agent. */
final class StatusReport {
    private final String account;
    private final boolean running;
    private final long pid;
    private final Instant updated;
    private final Optional<String> hkp;
    private final OwnKeyRecord own;
    private final boolean publishes;
    private final List<ContactRecord> contacts;

    StatusReport(String account, boolean running, long pid, Instant updated, Optional<String> hkp, OwnKeyRecord own,
                 boolean publishes, Collection<ContactRecord> contacts) {
        this.account = account;
        this.running = running;
        this.pid = pid;
        this.updated = updated;
        this.hkp = hkp;
        this.own = own;
        this.publishes = publishes;
        this.contacts = new ArrayList<>(contacts);
        this.contacts.sort(Comparator.comparing(ContactRecord::address));
    }

    String json() {
        StringBuilder out = new StringBuilder("{");
        field(out, "account", account).append(',');
        out.append("\"running\":").append(running).append(',');
        out.append("\"pid\":").append(pid).append(',');
        field(out, "updated", updated).append(',');
        field(out, "hkp", hkp.orElse(null)).append(',');
        out.append("\"ownKey\":");
        if (publishes) {
            out.append('{');
            field(out, "fingerprint", own.fingerprint).append(',');
            field(out, "confirmedFingerprint", own.confirmedFingerprint).append(',');
            field(out, "confirmedAt", own.confirmedAt).append(',');
            out.append("\"upToDate\":").append(upToDate()).append(',');
            field(out, "usableUntil", own.usableUntil).append(',');
            field(out, "problem", own.problem);
            out.append('}');
        } else {
            out.append("null");
        }
        out.append(",\"contacts\":[");
        for (int i = 0; i < contacts.size(); i++) {
            ContactRecord record = contacts.get(i);
            out.append(i == 0 ? "{" : ",{");
            field(out, "address", record.address).append(',');
            out.append("\"inContacts\":").append(record.inContacts).append(',');
            field(out, "fingerprint", record.fingerprint).append(',');
            field(out, "protection", record.protection).append(',');
            field(out, "lastResult", record.lastResult).append(',');
            field(out, "lastLookup", record.lastLookup).append(',');
            field(out, "nextRefresh", record.nextRefresh).append(',');
            out.append("\"changesSeen\":").append(record.changesSeen).append(',');
            field(out, "refusedFingerprint", record.refusedFingerprint).append(',');
            field(out, "refusedAt", record.refusedAt);
            out.append('}');
        }
        return out.append("]}\n").toString();
    }

    String text() {
        StringBuilder out = new StringBuilder();
        out.append("agent for ").append(account).append(": ").append(running ? "running (pid " + pid + ")" : "stopped")
                .append(", status of ").append(updated).append(hkp.map(address -> ", HKP on " + address).orElse(", no HKP"))
                .append('\n');
        if (publishes) {
            out.append("own key: ").append(own.fingerprint == null ? "(not read yet)" : own.fingerprint).append('\n');
            out.append("  published: ").append(own.confirmedAt == null ? "no confirmation yet"
                    : "confirmed " + own.confirmedAt + (upToDate() ? " (these key bytes)" : " (an earlier version; a publication is under way)"))
                    .append('\n');
            out.append("  usable until: ").append(own.usableUntil == null ? "no expiry" : own.usableUntil.toString()).append('\n');
            if (own.problem != null) {
                out.append("  WARNING: ").append(own.problem).append('\n');
            }
        } else {
            out.append("own key: not published by the agent (no --gpg or --key)\n");
        }
        out.append("contacts: ").append(contacts.size()).append('\n');
        for (ContactRecord record : contacts) {
            out.append("  ").append(record.address).append(": ")
                    .append(record.fingerprint == null ? "no key" : "key " + record.fingerprint)
                    .append(record.lastResult == null ? ", not looked up yet" : ", last " + record.lastResult
                            + (record.protection == null ? "" : " (" + record.protection + ")") + " at " + record.lastLookup)
                    .append(record.nextRefresh == null ? "" : ", next " + record.nextRefresh);
            if (record.changesSeen > 0) {
                out.append(", CHANGED primary key seen ").append(record.changesSeen).append(" time(s)");
                if (record.refusedFingerprint != null) {
                    out.append(": ").append(record.refusedFingerprint).append(" not accepted");
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    private boolean upToDate() {
        return own.currentSha256 != null && own.currentSha256.equals(own.confirmedSha256);
    }

    private static StringBuilder field(StringBuilder out, String name, Object value) {
        out.append('"').append(name).append("\":");
        if (value == null) {
            return out.append("null");
        }
        out.append('"');
        for (char c : value.toString().toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"');
    }
}
