package org.mailkeys.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Date;
import java.util.List;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/** Ed25519 keys made by Bouncy Castle in tests, for the cases GnuPG cannot make in one command. */
final class TestKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PGPKeyPair pair;
    private PGPPublicKey publicKey;
    private final List<PGPPublicKey> subkeys = new java.util.ArrayList<>();

    private TestKeys(PGPKeyPair pair) {
        this.pair = pair;
        this.publicKey = pair.getPublicKey();
    }

    static TestKeys ed25519(Date created) {
        Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
        generator.init(new Ed25519KeyGenerationParameters(RANDOM));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        try {
            return new TestKeys(new BcPGPKeyPair(PublicKeyAlgorithmTags.EDDSA_LEGACY, pair, created));
        } catch (PGPException e) {
            throw new IllegalStateException(e);
        }
    }

    static TestKeys ed25519() {
        return ed25519(new Date());
    }

    /** Self-certifies a user ID; with {@code expirySeconds > 0} the key expires that long after its creation. */
    TestKeys withUserId(String userId, Date signedAt, long expirySeconds) {
        PGPSignatureSubpacketGenerator hashed = subpackets(signedAt);
        if (expirySeconds > 0) {
            hashed.setKeyExpirationTime(true, expirySeconds);
        }
        PGPSignature certification = sign(PGPSignature.POSITIVE_CERTIFICATION, hashed,
            generator -> generator.generateCertification(userId, publicKey));
        publicKey = PGPPublicKey.addCertification(publicKey, userId, certification);
        return this;
    }

    TestKeys withUserId(String userId) {
        return withUserId(userId, new Date(), 0);
    }

    /** Adds a user ID whose self-certification was made over another user ID, so it never verifies. */
    TestKeys withBrokenUserId(String userId) {
        return withBrokenCertifications(userId, 1);
    }

    /** Adds {@code count} self-certifications to a user ID that claim the primary key but never verify. */
    TestKeys withBrokenCertifications(String userId, int count) {
        long now = System.currentTimeMillis();
        for (int i = 0; i < count; i++) {
            Date signedAt = new Date(now - 1000L * i);
            PGPSignature certification = sign(PGPSignature.POSITIVE_CERTIFICATION, subpackets(signedAt),
                generator -> generator.generateCertification(userId + " (other)", publicKey));
            publicKey = PGPPublicKey.addCertification(publicKey, userId, certification);
        }
        return this;
    }

    /** Adds an X25519 encryption subkey with a binding signature that allows encryption. */
    TestKeys withEncryptionSubkey() {
        org.bouncycastle.crypto.generators.X25519KeyPairGenerator generator =
            new org.bouncycastle.crypto.generators.X25519KeyPairGenerator();
        generator.init(new org.bouncycastle.crypto.params.X25519KeyGenerationParameters(RANDOM));
        try {
            PGPPublicKey subkey = new BcPGPKeyPair(PublicKeyAlgorithmTags.ECDH, generator.generateKeyPair(), new Date())
                .asSubkey(new org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator()).getPublicKey();
            PGPSignatureSubpacketGenerator hashed = subpackets(new Date());
            hashed.setKeyFlags(false, org.bouncycastle.bcpg.sig.KeyFlags.ENCRYPT_COMMS
                | org.bouncycastle.bcpg.sig.KeyFlags.ENCRYPT_STORAGE);
            PGPSignature binding = sign(PGPSignature.SUBKEY_BINDING, hashed,
                signer -> signer.generateCertification(publicKey, subkey));
            subkeys.add(PGPPublicKey.addCertification(subkey, binding));
            return this;
        } catch (PGPException e) {
            throw new IllegalStateException(e);
        }
    }

    TestKeys revoked() {
        PGPSignature revocation = sign(PGPSignature.KEY_REVOCATION, subpackets(new Date()),
            generator -> generator.generateCertification(publicKey));
        publicKey = PGPPublicKey.addCertification(publicKey, revocation);
        return this;
    }

    /** A certification of a user ID of another key by this key (a third-party certification). */
    PGPSignature certify(PGPPublicKey certified, String userId, Date signedAt) {
        return sign(PGPSignature.DEFAULT_CERTIFICATION, subpackets(signedAt),
            generator -> generator.generateCertification(userId, certified));
    }

    /** The key's bytes followed by {@code subkey} and a valid binding signature of it by this key. */
    byte[] bytesWithBoundSubkey(PGPPublicKey subkey) {
        PGPSignature binding = sign(PGPSignature.SUBKEY_BINDING, subpackets(new Date()),
            generator -> generator.generateCertification(publicKey, subkey));
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            out.write(bytes());
            out.write(subkey.getPublicKeyPacket().getEncoded());
            out.write(binding.getEncoded());
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    PGPPublicKey publicKey() {
        return publicKey;
    }

    byte[] bytes() {
        try {
            List<PGPPublicKey> keys = new java.util.ArrayList<>(List.of(publicKey));
            keys.addAll(subkeys);
            return new PGPPublicKeyRing(keys).getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private PGPSignatureSubpacketGenerator subpackets(Date signedAt) {
        PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
        hashed.setSignatureCreationTime(true, signedAt);
        hashed.setIssuerFingerprint(false, pair.getPublicKey());
        return hashed;
    }

    private interface Signing {
        PGPSignature sign(PGPSignatureGenerator generator) throws PGPException;
    }

    private PGPSignature sign(int type, PGPSignatureSubpacketGenerator hashed, Signing signing) {
        try {
            PGPSignatureGenerator generator = new PGPSignatureGenerator(
                new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.EDDSA_LEGACY, HashAlgorithmTags.SHA256),
                pair.getPublicKey());
            hashed.setIssuerKeyID(false, pair.getKeyID());
            generator.setHashedSubpackets(hashed.generate());
            generator.init(type, pair.getPrivateKey());
            return signing.sign(generator);
        } catch (PGPException e) {
            throw new IllegalStateException(e);
        }
    }
}
