package org.mailkeys.protocol;

import java.util.Objects;
import java.util.Optional;

/** An answer of docs/PROTOCOL.md sections 2.4, 3.2 and 4, as parsed from a body (MAC not yet checked). */
public abstract class KeyAnswer {
    private final Optional<Mac> mac;

    KeyAnswer(Optional<Mac> mac) {
        this.mac = mac;
    }

    public Optional<Mac> mac() {
        return mac;
    }

    /** Publication confirmed: the MAC over the key bytes the requester sent. */
    public static final class Confirmation extends KeyAnswer {
        public Confirmation(Mac mac) {
            super(Optional.of(mac));
        }

        public boolean verifies(KAuth kAuth, byte[] sentKeyBytes) {
            return mac().get().verifies(kAuth, sentKeyBytes);
        }
    }

    /** A status line naming an address ({@code DELETED}, {@code NOT-FOUND}) and the MAC over that status line. */
    public abstract static class AddressStatus extends KeyAnswer {
        private final String address;

        AddressStatus(String address, Mac mac) {
            super(Optional.of(mac));
            this.address = Objects.requireNonNull(address);
        }

        public String address() {
            return address;
        }

        public abstract String statusLine();

        public boolean verifies(KAuth kAuth) {
            return mac().get().verifies(kAuth, StatusLines.bytes(statusLine()));
        }
    }

    /** {@code DELETED <address>} and the MAC over that status line. */
    public static final class Deleted extends AddressStatus {
        public Deleted(String address, Mac mac) {
            super(address, mac);
        }

        @Override
        public String statusLine() {
            return StatusLines.deleted(address());
        }
    }

    /** A key block and the MAC over its key bytes. */
    public static final class KeyFound extends KeyAnswer {
        private final byte[] keyBytes;

        public KeyFound(byte[] keyBytes, Mac mac) {
            super(Optional.of(mac));
            this.keyBytes = keyBytes.clone();
        }

        public byte[] keyBytes() {
            return keyBytes.clone();
        }

        public boolean verifies(KAuth kAuth) {
            return mac().get().verifies(kAuth, keyBytes);
        }
    }

    /** {@code NOT-FOUND <address>} and the MAC over that status line. */
    public static final class NotFound extends AddressStatus {
        public NotFound(String address, Mac mac) {
            super(address, mac);
        }

        @Override
        public String statusLine() {
            return StatusLines.notFound(address());
        }
    }

    /** {@code ERROR <code> <text>}, with the MAC over that status line when the request had a usable K_auth. */
    public static final class Error extends KeyAnswer {
        private final String statusLine;
        private final String wireCode;
        private final String text;
        private final Optional<ErrorCode> code;

        /** The code is read from the status line: empty when it is unknown to this version. */
        public Error(String statusLine, Optional<Mac> mac) {
            this(statusLine, ErrorCode.fromWireName(field(statusLine, 1, "")), mac);
        }

        /** @param code empty when the code on the wire is unknown to this version */
        public Error(String statusLine, Optional<ErrorCode> code, Optional<Mac> mac) {
            super(mac);
            this.statusLine = Objects.requireNonNull(statusLine);
            this.wireCode = field(statusLine, 1, "unknown");
            this.text = field(statusLine, 2, "");
            this.code = code;
        }

        /** {@code ERROR <code> <text>}: the text may hold spaces, the code does not. */
        private static String field(String statusLine, int index, String absent) {
            String[] parts = statusLine.split(" ", 3);
            return parts.length > index ? parts[index] : absent;
        }

        public String statusLine() {
            return statusLine;
        }

        public Optional<ErrorCode> code() {
            return code;
        }

        /** The code as the line spells it, known to this version or not. */
        public String wireCode() {
            return wireCode;
        }

        /** The text after the code, for a person; empty when there is none. */
        public String text() {
            return text;
        }

        public boolean verifies(KAuth kAuth) {
            return mac().map(mac -> mac.verifies(kAuth, StatusLines.bytes(statusLine))).orElse(false);
        }
    }
}
