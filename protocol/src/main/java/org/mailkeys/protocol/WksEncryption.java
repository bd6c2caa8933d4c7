package org.mailkeys.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Date;
import java.util.Iterator;

import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;

/**
 * What the Web Key Service writes with OpenPGP: a message encrypted to a submitted key (the confirmation request's
 * {@code application/vnd.gnupg.wks} part and the {@code Wks-Phase: done} mail, draft-koch-openpgp-webkey-service
 * section 4.4), and a detached signature of a MIME part with the submission key (RFC 3156 section 5), both armored
 * as GnuPG writes them. AES-256 with an integrity packet (MDC), which GnuPG 2.2 reads.
 */
public final class WksEncryption {
    private final SecureRandom random;

    public WksEncryption(SecureRandom random) {
        this.random = random;
    }

    /**
     * @param recipientKey a key the key policy accepted (binary packets)
     * @return an armored OpenPGP message
     * @throws ProtocolException BAD_KEY when the key has no key that may encrypt
     */
    public String encrypt(byte[] clearText, byte[] recipientKey) throws ProtocolException {
        try {
            PGPPublicKey encryptionKey = encryptionKey(new PGPPublicKeyRing(recipientKey, new BcKeyFingerprintCalculator()));
            PGPEncryptedDataGenerator generator = new PGPEncryptedDataGenerator(
                new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
                    .setWithIntegrityPacket(true)
                    .setSecureRandom(random));
            generator.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(encryptionKey).setSecureRandom(random));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ArmoredOutputStream armor = armored(out);
                 OutputStream encrypted = generator.open(armor, new byte[4096]);
                 OutputStream literal = new PGPLiteralDataGenerator().open(encrypted, PGPLiteralData.BINARY, "",
                     clearText.length, new Date())) {
                literal.write(clearText);
            }
            return out.toString(StandardCharsets.US_ASCII);
        } catch (IOException | PGPException e) {
            throw ProtocolException.badKey("the key cannot be encrypted to");
        }
    }

    /** An armored detached signature (type binary document) of the exact bytes given, by the signing subkey. */
    public String signDetached(byte[] signedBytes, WksKeyPair key) {
        try {
            PGPSecretKey signingKey = key.signingKey();
            PGPSignatureGenerator generator = new PGPSignatureGenerator(
                new BcPGPContentSignerBuilder(signingKey.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256),
                signingKey.getPublicKey());
            generator.init(PGPSignature.BINARY_DOCUMENT, signingKey.extractPrivateKey(null));
            PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
            hashed.setSignatureCreationTime(false, new Date());
            hashed.setIssuerFingerprint(false, signingKey.getPublicKey());
            hashed.addSignerUserID(false, key.userId());
            generator.setHashedSubpackets(hashed.generate());
            generator.update(signedBytes);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ArmoredOutputStream armor = armored(out)) {
                generator.generate().encode(armor);
            }
            return out.toString(StandardCharsets.US_ASCII);
        } catch (IOException | PGPException e) {
            throw new IllegalStateException("cannot sign with the Web Key Service key", e);
        }
    }

    /** The newest subkey whose binding says it encrypts; else the primary key when its algorithm encrypts. */
    private static PGPPublicKey encryptionKey(PGPPublicKeyRing ring) throws PGPException {
        PGPPublicKey chosen = null;
        Iterator<PGPPublicKey> keys = ring.getPublicKeys();
        PGPPublicKey primary = keys.next();
        while (keys.hasNext()) {
            PGPPublicKey subkey = keys.next();
            if (subkey.isEncryptionKey() && !subkey.hasRevocation() && bindingEncrypts(subkey)
                && (chosen == null || subkey.getCreationTime().after(chosen.getCreationTime()))) {
                chosen = subkey;
            }
        }
        if (chosen == null && primary.isEncryptionKey()) {
            chosen = primary;
        }
        if (chosen == null) {
            throw new PGPException("no encryption key");
        }
        return chosen;
    }

    private static boolean bindingEncrypts(PGPPublicKey subkey) {
        Iterator<PGPSignature> signatures = subkey.getSignaturesOfType(PGPSignature.SUBKEY_BINDING);
        while (signatures.hasNext()) {
            PGPSignature binding = signatures.next();
            if (binding.getHashedSubPackets() == null || binding.getHashedSubPackets().getKeyFlags() == 0) {
                return true; // no flags: the algorithm decides, as GnuPG does
            }
            if ((binding.getHashedSubPackets().getKeyFlags() & (KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE)) != 0) {
                return true;
            }
        }
        return false;
    }

    private static ArmoredOutputStream armored(OutputStream out) {
        ArmoredOutputStream armor = ArmoredOutputStream.builder().clearHeaders().build(out);
        return armor;
    }
}
