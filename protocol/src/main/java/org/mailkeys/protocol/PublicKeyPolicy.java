package org.mailkeys.protocol;

/**
 * The OpenPGP checks of PROTOCOL.md section 2.2 (items 2 and 3) and the sanitising of section 2.3.
 * Bouncy Castle stays behind this class: no Bouncy Castle type appears in this module's public API,
 * because the extension jar relocates it.
 */
public final class PublicKeyPolicy {
    /**
     * @param keyBytes the binary packets of the received block
     * @param accountAddress the SMTP AUTH account's mail address
     * @throws ProtocolException SECRET_KEY, BAD_KEY (does not parse, more than one key, no valid self-signatures)
     *         or ADDRESS_MISMATCH; never with key material in its message
     */
    public SanitisedKey accept(byte[] keyBytes, String accountAddress) throws ProtocolException {
        throw new UnsupportedOperationException("to be written");
    }
}
