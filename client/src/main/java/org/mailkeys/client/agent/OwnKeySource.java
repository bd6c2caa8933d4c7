package org.mailkeys.client.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.mailkeys.protocol.ProtocolException;
import org.mailkeys.protocol.PublicKeyArmor;

/** Where the user's own key comes from: the key ring (as {@code publish --gpg}) or a file (as {@code publish --key}). */
public interface OwnKeySource {
    /** The key bytes (binary, exactly one public key). */
    byte[] read() throws IOException;

    String describe();

    static OwnKeySource fromKeyRing(KeyRing keyRing, String account) {
        return new OwnKeySource() {
            @Override
            public byte[] read() throws IOException {
                try {
                    return single(keyRing.exportPublicKey(account));
                } catch (KeyRing.KeyRingException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }

            @Override
            public String describe() {
                return "GnuPG's key for " + account;
            }
        };
    }

    static OwnKeySource fromFile(Path file) {
        return new OwnKeySource() {
            @Override
            public byte[] read() throws IOException {
                return single(Files.readAllBytes(file));
            }

            @Override
            public String describe() {
                return file.toString();
            }
        };
    }

    private static byte[] single(byte[] content) throws IOException {
        byte[] key;
        try {
            key = PublicKeyArmor.keyBytesOfFile(content);
        } catch (ProtocolException e) {
            throw new IOException("not one OpenPGP public key (" + e.getMessage() + ")");
        }
        int keys = PublicKeyArmor.primaryKeyCount(key);
        if (keys != 1) {
            throw new IOException("the key data holds " + keys + " keys; exactly one is published");
        }
        return key;
    }
}
