package org.mailkeys.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Date;
import java.util.List;

import org.mailkeys.internal.bouncycastle.bcpg.HashAlgorithmTags;
import org.mailkeys.internal.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.mailkeys.internal.bouncycastle.bcpg.sig.KeyFlags;
import org.mailkeys.internal.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.mailkeys.internal.bouncycastle.crypto.generators.X25519KeyPairGenerator;
import org.mailkeys.internal.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.mailkeys.internal.bouncycastle.crypto.params.X25519KeyGenerationParameters;
import org.mailkeys.internal.bouncycastle.openpgp.PGPException;
import org.mailkeys.internal.bouncycastle.openpgp.PGPKeyPair;
import org.mailkeys.internal.bouncycastle.openpgp.PGPPublicKey;
import org.mailkeys.internal.bouncycastle.openpgp.PGPPublicKeyRing;
import org.mailkeys.internal.bouncycastle.openpgp.PGPSignature;
import org.mailkeys.internal.bouncycastle.openpgp.PGPSignatureGenerator;
import org.mailkeys.internal.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.mailkeys.internal.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.mailkeys.internal.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.mailkeys.internal.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/**
 * The costliest key the publication rules let a user store (docs/PROTOCOL.md 2.2 item 5): an RSA primary key at the
 * top of the list (8,192 bits, public exponent 2^33 - 1, the largest below 2^33 and with every bit set, so each
 * verification does the most multiplications), a user ID with 199 valid self-certifications and an X25519
 * encryption subkey with its binding: 200 signatures, the most the policy verifies, all of which the KST keeps. Where
 * {@code KeyPolicyWorstCaseBenchmark} times the policy on junk signatures (dropped at publication), this key is what
 * stays in the store and what the Autocrypt header is made from. Making it takes a while (an 8,192-bit key, 200
 * signatures of it). Made with the protocol jar's own Bouncy Castle, relocated under org.mailkeys.internal (James'
 * older one is on this class path too).
 */
final class WorstAllowedKey {
    static final int SIGNATURES = 200;
    private static final BigInteger LARGEST_EXPONENT = BigInteger.ONE.shiftLeft(33).subtract(BigInteger.ONE);
    private static final SecureRandom RANDOM = new SecureRandom();

    private WorstAllowedKey() {
    }

    static byte[] make(String address) {
        try {
            Date created = new Date(System.currentTimeMillis() - 86_400_000L);
            RSAKeyPairGenerator rsa = new RSAKeyPairGenerator();
            rsa.init(new RSAKeyGenerationParameters(LARGEST_EXPONENT, RANDOM, 8192, 80));
            PGPKeyPair primary = new BcPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL, rsa.generateKeyPair(), created);
            String userId = "Worst <" + address + ">";
            PGPPublicKey key = primary.getPublicKey();
            for (int i = 0; i < SIGNATURES - 1; i++) {
                PGPSignatureSubpacketGenerator hashed = subpackets(primary, new Date(created.getTime() + 1000L * (i + 1)));
                PGPSignature certification = signer(primary, PGPSignature.POSITIVE_CERTIFICATION, hashed)
                    .generateCertification(userId, key);
                key = PGPPublicKey.addCertification(key, userId, certification);
            }
            X25519KeyPairGenerator x25519 = new X25519KeyPairGenerator();
            x25519.init(new X25519KeyGenerationParameters(RANDOM));
            PGPPublicKey subkey = new BcPGPKeyPair(PublicKeyAlgorithmTags.ECDH, x25519.generateKeyPair(), created)
                .asSubkey(new BcKeyFingerprintCalculator()).getPublicKey();
            PGPSignatureSubpacketGenerator hashed = subpackets(primary, new Date(created.getTime() + 1000L * SIGNATURES));
            hashed.setKeyFlags(false, KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE);
            PGPSignature binding = signer(primary, PGPSignature.SUBKEY_BINDING, hashed).generateCertification(key, subkey);
            subkey = PGPPublicKey.addCertification(subkey, binding);
            return new PGPPublicKeyRing(List.of(key, subkey)).getEncoded();
        } catch (PGPException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The same key keeping only its first {@code certifications} self-certifications (and its subkey): the costliest
     * key a KST takes is the one whose checks still fit the policy's time budget on its machine.
     */
    static byte[] withCertifications(byte[] key, int certifications) {
        try {
            PGPPublicKeyRing ring = new PGPPublicKeyRing(key, new BcKeyFingerprintCalculator());
            PGPPublicKey primary = ring.getPublicKey();
            byte[] userId = primary.getRawUserIDs().next();
            List<PGPSignature> all = new java.util.ArrayList<>();
            primary.getSignaturesForID(userId).forEachRemaining(all::add);
            for (PGPSignature extra : all.subList(Math.min(certifications, all.size()), all.size())) {
                primary = PGPPublicKey.removeCertification(primary, userId, extra);
            }
            return PGPPublicKeyRing.insertPublicKey(ring, primary).getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PGPSignatureSubpacketGenerator subpackets(PGPKeyPair primary, Date signedAt) {
        PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
        hashed.setSignatureCreationTime(true, signedAt);
        hashed.setIssuerFingerprint(false, primary.getPublicKey());
        hashed.setIssuerKeyID(false, primary.getKeyID());
        return hashed;
    }

    private static PGPSignatureGenerator signer(PGPKeyPair primary, int type, PGPSignatureSubpacketGenerator hashed)
        throws PGPException {
        PGPSignatureGenerator generator = new PGPSignatureGenerator(
            new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA256), primary.getPublicKey());
        generator.setHashedSubpackets(hashed.generate());
        generator.init(type, primary.getPrivateKey());
        return generator;
    }
}
