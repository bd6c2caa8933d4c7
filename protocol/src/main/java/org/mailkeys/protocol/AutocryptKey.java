package org.mailkeys.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.bcpg.UserIDPacket;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;

/**
 * The key data of an {@code Autocrypt:} header (Autocrypt Level 1, section 2.1.1): from a stored key, only the
 * primary key, the user ID of the sender's address with its newest self-signature, the newest usable
 * encryption-capable subkey and its newest binding signature. No header is worth sending for a key that cannot be
 * used (revoked or expired primary key or user ID, no usable encryption subkey), nor for one over
 * {@link #MAX_BYTES}: Autocrypt section 2.1 asks to keep the header small, and every mail carries it.
 */
public final class AutocryptKey {
    public static final int MAX_BYTES = 10 * 1024;
    private static final int ENCRYPTION_FLAGS = KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE;

    private AutocryptKey() {
    }

    /** The minimal key for {@code address}, as binary packets, or empty when none can be made (see above). */
    public static Optional<byte[]> minimal(byte[] storedKey, String address, Instant now) {
        return prepare(storedKey, address, now).keyData();
    }

    /**
     * {@link #minimal} with the time until which it stays what {@link #minimal} gives: the stored key does not change
     * under one version, so the answer changes only when the self-signature or binding it took expires. The KST keeps
     * it per key version instead of parsing the key and verifying its signatures again for every mail.
     */
    public static Minimal prepare(byte[] storedKey, String address, Instant now) {
        try {
            PGPPublicKeyRing ring = KeyRings.single(storedKey);
            PGPPublicKey primary = ring.getPublicKey();
            // the stored key passed the publication checks; the same time budget bounds this second look
            SignatureChecks checks = new SignatureChecks(primary, WorkBudget.startingNow(PublicKeyPolicy.DEFAULT_TIME_BUDGET));
            if (KeySanitiser.list(primary.getSignaturesOfType(PGPSignature.KEY_REVOCATION)).stream()
                .anyMatch(checks::validOnPrimary)) {
                return Minimal.NONE;
            }
            Optional<UserIdWithSignature> userId = userIdOf(primary, address, checks, now);
            Optional<PGPPublicKey> subkey = userId.flatMap(ignored -> encryptionSubkey(ring, checks, now));
            if (userId.isEmpty() || subkey.isEmpty()) {
                return Minimal.NONE;
            }
            PGPSignature binding = newestBinding(subkey.get(), checks).orElseThrow();
            ByteArrayOutputStream packets = new ByteArrayOutputStream();
            packets.write(primary.getPublicKeyPacket().getEncoded());
            packets.write(new UserIDPacket(userId.get().rawUserId).getEncoded());
            packets.write(userId.get().signature.getEncoded());
            packets.write(subkey.get().getPublicKeyPacket().getEncoded());
            packets.write(binding.getEncoded());
            byte[] bytes = packets.toByteArray();
            if (bytes.length > MAX_BYTES) {
                return Minimal.NONE;
            }
            Instant until = earlier(expiry(primary, userId.get().signature), expiry(subkey.get(), binding));
            return new Minimal(Optional.of(bytes), until);
        } catch (ProtocolException | IOException | RuntimeException e) {
            return Minimal.NONE;
        }
    }

    /**
     * The key data of a stored key at one time, and until when it holds. Time only makes self-signatures expire, so
     * "none" holds for ever, and a key's data holds until the signature or binding it was made from expires; then
     * another user ID certification or subkey may take its place.
     */
    public static final class Minimal {
        static final Minimal NONE = new Minimal(Optional.empty(), Instant.MAX);

        private final Optional<byte[]> keyData;
        private final Instant validUntil;

        Minimal(Optional<byte[]> keyData, Instant validUntil) {
            this.keyData = keyData;
            this.validUntil = validUntil;
        }

        public Optional<byte[]> keyData() {
            return keyData.map(byte[]::clone);
        }

        /** Whether {@link #keyData()} is still what {@link AutocryptKey#minimal} gives at {@code now}. */
        public boolean holdsAt(Instant now) {
            return now.isBefore(validUntil);
        }
    }

    private static Instant earlier(Instant one, Instant other) {
        return one.isBefore(other) ? one : other;
    }

    private static final class UserIdWithSignature {
        private final byte[] rawUserId;
        private final PGPSignature signature;

        private UserIdWithSignature(byte[] rawUserId, PGPSignature signature) {
            this.rawUserId = rawUserId;
            this.signature = signature;
        }
    }

    /** The user ID naming the address whose newest self-signature is a certification that has not expired. */
    private static Optional<UserIdWithSignature> userIdOf(PGPPublicKey primary, String address,
                                                          SignatureChecks checks, Instant now) {
        for (byte[] rawUserId : KeySanitiser.list(primary.getRawUserIDs())) {
            String userId = new String(rawUserId, StandardCharsets.UTF_8);
            boolean names = MailAddresses.ofUserId(userId)
                .filter(named -> MailAddresses.sameMailbox(named, address)).isPresent();
            if (!names) {
                continue;
            }
            Optional<PGPSignature> newest = KeySanitiser.list(primary.getSignaturesForID(rawUserId)).stream()
                .filter(signature -> KeySanitiser.isCertification(signature)
                    || signature.getSignatureType() == PGPSignature.CERTIFICATION_REVOCATION)
                .filter(signature -> checks.validOnUserId(signature, rawUserId))
                .max(Comparator.comparing(PGPSignature::getCreationTime));
            if (newest.isPresent() && KeySanitiser.isCertification(newest.get())
                && !expired(primary, newest.get(), now)) {
                return Optional.of(new UserIdWithSignature(rawUserId, newest.get()));
            }
        }
        return Optional.empty();
    }

    /** The newest subkey whose newest binding allows encryption and has not expired, and that is not revoked. */
    private static Optional<PGPPublicKey> encryptionSubkey(PGPPublicKeyRing ring, SignatureChecks checks,
                                                           Instant now) {
        List<PGPPublicKey> keys = KeySanitiser.list(ring.getPublicKeys());
        return keys.subList(1, keys.size()).stream()
            .filter(subkey -> KeySanitiser.list(subkey.getSignaturesOfType(PGPSignature.SUBKEY_REVOCATION)).stream()
                .noneMatch(revocation -> checks.validOnSubkey(revocation, subkey)))
            .filter(subkey -> newestBinding(subkey, checks)
                .filter(binding -> allowsEncryption(subkey, binding) && !expired(subkey, binding, now))
                .isPresent())
            .max(Comparator.comparing(PGPPublicKey::getCreationTime));
    }

    private static Optional<PGPSignature> newestBinding(PGPPublicKey subkey, SignatureChecks checks) {
        return KeySanitiser.list(subkey.getSignaturesOfType(PGPSignature.SUBKEY_BINDING)).stream()
            .filter(binding -> checks.validOnSubkey(binding, subkey))
            .max(Comparator.comparing(PGPSignature::getCreationTime));
    }

    private static boolean allowsEncryption(PGPPublicKey subkey, PGPSignature binding) {
        PGPSignatureSubpacketVector hashed = binding.getHashedSubPackets();
        if (hashed != null && hashed.getKeyFlags() != 0) {
            return (hashed.getKeyFlags() & ENCRYPTION_FLAGS) != 0;
        }
        return subkey.isEncryptionKey();
    }

    /** A self-signature's key expiration time counts from the key's creation (RFC 4880, section 5.2.3.6). */
    private static boolean expired(PGPPublicKey key, PGPSignature signature, Instant now) {
        return !now.isBefore(expiry(key, signature));
    }

    /** When the key expires by this self-signature; {@link Instant#MAX} when it does not. */
    private static Instant expiry(PGPPublicKey key, PGPSignature signature) {
        PGPSignatureSubpacketVector hashed = signature.getHashedSubPackets();
        long seconds = hashed == null ? 0 : hashed.getKeyExpirationTime();
        return seconds > 0 ? key.getCreationTime().toInstant().plusSeconds(seconds) : Instant.MAX;
    }
}
