package org.mailkeys.webadmin;

import java.util.Optional;

/** What WebAdmin shows of the verifiable key log ({@code GET /mailkeys/log}); empty when the log is off. */
public interface KeyLogStatus {
    KeyLogStatus OFF = Optional::empty;

    Optional<KeyLogView> status() throws Exception;

    /** The log's origin, public keys and size, as JSON. */
    final class KeyLogView {
        private final String origin;
        private final String vkey;
        private final String vrf;
        private final long size;
        private final String checkpoint;

        public KeyLogView(String origin, String vkey, String vrf, long size, String checkpoint) {
            this.origin = origin;
            this.vkey = vkey;
            this.vrf = vrf;
            this.size = size;
            this.checkpoint = checkpoint;
        }

        public String getOrigin() {
            return origin;
        }

        /** The checkpoint key in signed-note verifier-key form. */
        public String getVkey() {
            return vkey;
        }

        /** The SEC1-compressed P-256 VRF public key, base64. */
        public String getVrf() {
            return vrf;
        }

        public long getSize() {
            return size;
        }

        /** The latest signed checkpoint. */
        public String getCheckpoint() {
            return checkpoint;
        }
    }
}
