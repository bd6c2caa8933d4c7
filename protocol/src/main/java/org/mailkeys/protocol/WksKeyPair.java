package org.mailkeys.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Date;
import java.util.Iterator;
import java.util.Locale;

import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.Features;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.generators.X25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.X25519KeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;
import org.bouncycastle.util.encoders.Hex;

/**
 * The Web Key Service's own key pair for a submission address (draft-koch-openpgp-webkey-service section 4.1): an
 * Ed25519 primary key that only certifies, an Ed25519 signing subkey (the confirmation request is signed) and an X25519
 * encryption subkey (submissions and confirmation responses are encrypted to it). OpenPGP version 4 packets with the
 * algorithms GnuPG 2.2 reads (EdDSA 22, ECDH 18 on Curve25519). The secret parts are not passphrase-protected: the
 * server must use them unattended; the store keeps them owner-only.
 *
 * <p>No Bouncy Castle type leaves this class: it is built from and written to bytes.
 */
public final class WksKeyPair {
    private final PGPSecretKeyRing ring;

    private WksKeyPair(PGPSecretKeyRing ring) {
        this.ring = ring;
    }

    /** A new key pair whose one user ID is the submission address. */
    public static WksKeyPair generate(String submissionAddress, SecureRandom random) {
        try {
            Date now = new Date((System.currentTimeMillis() / 1000) * 1000);
            PGPKeyPair primary = new BcPGPKeyPair(PublicKeyAlgorithmTags.EDDSA_LEGACY, ed25519(random), now);
            PGPKeyPair signing = new BcPGPKeyPair(PublicKeyAlgorithmTags.EDDSA_LEGACY, ed25519(random), now);
            PGPKeyPair encryption = new BcPGPKeyPair(PublicKeyAlgorithmTags.ECDH, x25519(random), now);

            PGPSignatureSubpacketGenerator primaryFlags = new PGPSignatureSubpacketGenerator();
            primaryFlags.setKeyFlags(false, KeyFlags.CERTIFY_OTHER);
            primaryFlags.setPreferredHashAlgorithms(false, new int[] {HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA256});
            primaryFlags.setPreferredSymmetricAlgorithms(false,
                new int[] {SymmetricKeyAlgorithmTags.AES_256, SymmetricKeyAlgorithmTags.AES_128});
            primaryFlags.setFeature(false, Features.FEATURE_MODIFICATION_DETECTION);
            PGPKeyRingGenerator generator = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, primary,
                submissionAddress, new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1),
                primaryFlags.generate(), null, signer(), null);

            PGPSignatureSubpacketGenerator signingFlags = new PGPSignatureSubpacketGenerator();
            signingFlags.setKeyFlags(false, KeyFlags.SIGN_DATA);
            generator.addSubKey(signing, signingFlags.generate(), null, signer());

            PGPSignatureSubpacketGenerator encryptionFlags = new PGPSignatureSubpacketGenerator();
            encryptionFlags.setKeyFlags(false, KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE);
            generator.addSubKey(encryption, encryptionFlags.generate(), null);
            return new WksKeyPair(generator.generateSecretKeyRing());
        } catch (PGPException e) {
            throw new IllegalStateException("cannot generate the Web Key Service key", e);
        }
    }

    /** A key pair as {@link #secretKeyRing()} wrote it. */
    public static WksKeyPair fromSecretKeyRing(byte[] bytes) throws IOException {
        try {
            return new WksKeyPair(new PGPSecretKeyRing(bytes, new BcKeyFingerprintCalculator()));
        } catch (PGPException e) {
            throw new IOException("not a Web Key Service secret key ring", e);
        }
    }

    /** The secret key ring, unprotected: only for the key store's owner-only storage. */
    public byte[] secretKeyRing() {
        try {
            return ring.getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key (transferable public key, binary packets), as the Web Key Directory serves it. */
    public byte[] publicKey() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Iterator<PGPPublicKey> keys = ring.getPublicKeys();
            while (keys.hasNext()) {
                keys.next().encode(out, true);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Upper-case hex of the primary key's fingerprint. */
    public String fingerprint() {
        return Hex.toHexString(ring.getPublicKey().getFingerprint()).toUpperCase(Locale.ROOT);
    }

    /** The user ID, which is the submission address. */
    public String userId() {
        return ring.getPublicKey().getUserIDs().next();
    }

    PGPPrivateKey privateKey(long keyId) throws PGPException {
        PGPSecretKey secret = ring.getSecretKey(keyId);
        return secret == null ? null : secret.extractPrivateKey(null);
    }

    /** The signing subkey: the first subkey that is not an encryption key. */
    PGPSecretKey signingKey() {
        Iterator<PGPSecretKey> keys = ring.getSecretKeys();
        keys.next(); // the primary key only certifies
        while (keys.hasNext()) {
            PGPSecretKey key = keys.next();
            if (!key.getPublicKey().isEncryptionKey()) {
                return key;
            }
        }
        throw new IllegalStateException("the Web Key Service key has no signing subkey");
    }

    private static BcPGPContentSignerBuilder signer() {
        return new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.EDDSA_LEGACY, HashAlgorithmTags.SHA512);
    }

    private static AsymmetricCipherKeyPair ed25519(SecureRandom random) {
        Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
        generator.init(new Ed25519KeyGenerationParameters(random));
        return generator.generateKeyPair();
    }

    private static AsymmetricCipherKeyPair x25519(SecureRandom random) {
        X25519KeyPairGenerator generator = new X25519KeyPairGenerator();
        generator.init(new X25519KeyGenerationParameters(random));
        return generator.generateKeyPair();
    }
}
