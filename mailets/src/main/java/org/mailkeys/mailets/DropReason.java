package org.mailkeys.mailets;

/** Why the key service silently drops a request (docs/PROTOCOL.md section 5); each has its own metric. */
enum DropReason {
    NULL_SENDER("null-sender"),
    SERVICE_SENDER("service-sender"),
    AUTO_SUBMITTED("auto-submitted"),
    MAILING_LIST("mailing-list"),
    PRECEDENCE("precedence"),
    REPORT("multipart-report"),
    OVERSIZED_RETRIEVAL("oversized-retrieval"),
    RATE_LIMITED("rate-limited"),
    /** Every rate counter is in use (a flood of new senders): dropped rather than forget a counter. */
    RATE_TABLE_FULL("rate-table-full"),
    /** The client's network (IPv4 address, IPv6 /64 or /48) owns its share of the rate counters. */
    RATE_TABLE_CLIENT_SHARE("rate-table-client-share"),
    /** The answer's recipient is an address James took but no mail header can hold (javax.mail refuses it). */
    UNWRITABLE_ADDRESS("unwritable-address");

    static final String METRIC_PREFIX = "mailkeys.dropped.";

    private final String label;

    DropReason(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    String metricName() {
        return METRIC_PREFIX + label;
    }
}
