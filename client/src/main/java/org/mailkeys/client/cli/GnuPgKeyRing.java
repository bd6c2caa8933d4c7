package org.mailkeys.client.cli;

import org.mailkeys.client.agent.KeyRing;
import org.mailkeys.protocol.PublicKeyArmor;

/** The agent's {@link KeyRing}: the user's GnuPG, as {@code publish --gpg} and {@code lookup --import} use it. */
final class GnuPgKeyRing implements KeyRing {
    private final GnuPg gpg;

    GnuPgKeyRing(GnuPg gpg) {
        this.gpg = gpg;
    }

    @Override
    public byte[] exportPublicKey(String account) throws KeyRingException {
        try {
            return gpg.exportPublicKey(account);
        } catch (CliException e) {
            throw new KeyRingException(e.getMessage());
        }
    }

    @Override
    public String importKey(byte[] keyBytes, String address) throws KeyRingException {
        try {
            return gpg.importKey(PublicKeyArmor.armor(keyBytes).replace("\r\n", "\n"), address);
        } catch (CliException e) {
            throw new KeyRingException(e.getMessage());
        }
    }

    @Override
    public void extendExpiry(String fingerprint, String period) throws KeyRingException {
        try {
            gpg.extendExpiry(fingerprint, period);
        } catch (CliException e) {
            throw new KeyRingException(e.getMessage());
        }
    }
}
