package org.mailkeys.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.mailkeys.protocol.KAuth;
import org.mailkeys.protocol.KeyRequest;
import org.mailkeys.protocol.Mac;
import org.mailkeys.protocol.ProtocolException;
import org.mailkeys.protocol.PublicKeyArmor;
import org.mailkeys.protocol.PublicKeyPolicy;
import org.mailkeys.protocol.RequestParser;
import org.mailkeys.protocol.RequestWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The KST's per-request protocol work in JMH: parse a request body, apply the key policy to the GnuPG-made fixtures
 * (ed25519, rsa3072, a key with 2,000 third-party certifications), compute and verify the answer's HMAC-SHA256 over a
 * 1 KB key. {@link #setUp} checks that each operation gives the right result, so a fast wrong answer is not timed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ProtocolHotPaths {
    private static final String ALICE = "alice@example.net";
    private static final String CAROL = "carol@example.net";

    /**
     * The policy's time budget bounds a stranger's key in production; here it would only refuse the first, cold and
     * interpreted check of the 2,000-certification key on a loaded machine. The work measured is the same.
     */
    private final PublicKeyPolicy policy = new PublicKeyPolicy(Duration.ofMinutes(1));
    private final RequestParser parser = new RequestParser();
    private byte[] ed25519;
    private byte[] rsa3072;
    private byte[] certified;
    private String retrievalBody;
    private String publicationBody;
    private KAuth kAuth;
    private byte[] oneKilobyte;
    private Mac mac;

    @Setup
    public void setUp() throws ProtocolException {
        ed25519 = keyBytes("alice.asc");
        rsa3072 = keyBytes("carol-rsa3072.asc");
        certified = keyBytes("alice-2000-certifications.asc");
        kAuth = KAuth.generate();
        retrievalBody = new RequestWriter().retrieval(ALICE, kAuth);
        publicationBody = new RequestWriter().publication(ed25519, kAuth);
        oneKilobyte = new byte[1024];
        new Random(1).nextBytes(oneKilobyte);
        mac = kAuth.macOver(oneKilobyte);

        check(((KeyRequest.Retrieval) parser.parse(retrievalBody)).queriedAddress().equals(ALICE), "retrieval parsed");
        check(java.util.Arrays.equals(((KeyRequest.Publication) parser.parse(publicationBody)).keyBytes(), ed25519), "publication parsed");
        check(policy.accept(ed25519, ALICE).keyBytes().length > 0, "ed25519 key accepted");
        check(policy.accept(rsa3072, CAROL).keyBytes().length > 0, "rsa3072 key accepted");
        check(java.util.Arrays.equals(policy.accept(certified, ALICE).keyBytes(), ed25519), "certifications stripped");
        check(mac.verifies(kAuth, oneKilobyte), "MAC verifies");
        check(!mac.verifies(KAuth.generate(), oneKilobyte), "MAC refuses another K_auth");
    }

    @Benchmark
    public KeyRequest parseRetrievalRequest() throws ProtocolException {
        return parser.parse(retrievalBody);
    }

    @Benchmark
    public KeyRequest parsePublicationRequest() throws ProtocolException {
        return parser.parse(publicationBody);
    }

    @Benchmark
    public Object keyPolicyEd25519() throws ProtocolException {
        return policy.accept(ed25519, ALICE);
    }

    @Benchmark
    public Object keyPolicyRsa3072() throws ProtocolException {
        return policy.accept(rsa3072, CAROL);
    }

    @Benchmark
    public Object keyPolicy2000Certifications() throws ProtocolException {
        return policy.accept(certified, ALICE);
    }

    @Benchmark
    public Mac macCompute() {
        return kAuth.macOver(oneKilobyte);
    }

    @Benchmark
    public boolean macVerify() {
        return mac.verifies(kAuth, oneKilobyte);
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("wrong result: " + what);
        }
    }

    /** A test fixture key ({@code /keys/NAME}, armored) as bytes. */
    static byte[] keyBytes(String name) throws ProtocolException {
        try (InputStream in = ProtocolHotPaths.class.getResourceAsStream("/keys/" + name)) {
            return PublicKeyArmor.keyBytes(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
