// ECVRF-P256-SHA256-TAI verification, written from the text of RFC 9381 with Go's standard library only
// (crypto/elliptic's P-256 group law, math/big, crypto/sha256), so that it shares no code with the Java side.
// Section numbers below are RFC 9381's. Proving is left out: an oracle only ever checks what a log served.
package main

import (
	"bytes"
	"crypto/elliptic"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
)

// Section 5.5, ECVRF-P256-SHA256-TAI: suite_string 0x01, the NIST P-256 group (cofactor 1), SHA-256,
// point_to_string = SEC1 section 2.3.3 with point compression (ptLen 33), cLen 16, qLen 32.
const (
	suiteString = 0x01
	ptLen       = 33
	cLen        = 16
	qLen        = 32
	proofLen    = ptLen + cLen + qLen // 81
)

var p256 = elliptic.P256()

// A point in affine coordinates; (0, 0) is the identity, as crypto/elliptic has it.
type point struct{ x, y *big.Int }

func (p point) isIdentity() bool { return p.x.Sign() == 0 && p.y.Sign() == 0 }

// string_to_point (section 5.5): SEC1 section 2.3.4 with compression; false for INVALID (wrong length or tag,
// x not below p, or x not on the curve). A 33-byte string never decodes to the identity.
func stringToPoint(s []byte) (point, bool) {
	if len(s) != ptLen || (s[0] != 0x02 && s[0] != 0x03) {
		return point{}, false
	}
	x, y := elliptic.UnmarshalCompressed(p256, s)
	if x == nil {
		return point{}, false
	}
	return point{x, y}, true
}

// point_to_string (section 5.5): SEC1 section 2.3.3, compressed; the identity is the single octet 0x00.
func pointToString(p point) []byte {
	if p.isIdentity() {
		return []byte{0x00}
	}
	return elliptic.MarshalCompressed(p256, p.x, p.y)
}

func scalarMult(p point, k *big.Int) point {
	x, y := p256.ScalarMult(p.x, p.y, new(big.Int).Mod(k, p256.Params().N).Bytes())
	return point{x, y}
}

func scalarBaseMult(k *big.Int) point {
	x, y := p256.ScalarBaseMult(new(big.Int).Mod(k, p256.Params().N).Bytes())
	return point{x, y}
}

func add(p, q point) point {
	x, y := p256.Add(p.x, p.y, q.x, q.y)
	return point{x, y}
}

// -k mod q, so that "A - c*B" is computed as "A + (q - c)*B".
func negate(k *big.Int) *big.Int {
	n := p256.Params().N
	return new(big.Int).Mod(new(big.Int).Sub(n, new(big.Int).Mod(k, n)), n)
}

// ECVRF_encode_to_curve_try_and_increment (section 5.4.1.1), with encode_to_curve_salt = PK_string (section 5.5)
// and interpret_hash_value_as_a_point(s) = string_to_point(0x02 || s) (section 5.5). The cofactor is 1, so there is
// no multiplication by it (step 5.D).
func encodeToCurveTAI(salt, alpha []byte) (point, error) {
	for ctr := 0; ctr <= 255; ctr++ { // ctr_string = int_to_string(ctr, 1): one octet
		h := sha256.New()
		h.Write([]byte{suiteString, 0x01}) // encode_to_curve_domain_separator_front
		h.Write(salt)
		h.Write(alpha)
		h.Write([]byte{byte(ctr), 0x00}) // ctr_string, encode_to_curve_domain_separator_back
		if p, ok := stringToPoint(append([]byte{0x02}, h.Sum(nil)...)); ok && !p.isIdentity() {
			return p, nil
		}
	}
	return point{}, errors.New("encode_to_curve: no point within 256 tries")
}

// ECVRF_challenge_generation (section 5.4.3): the first cLen octets of
// Hash(suite_string || 0x02 || point_to_string(P1) || ... || point_to_string(P5) || 0x00), as an integer.
func challengeGeneration(points ...point) *big.Int {
	h := sha256.New()
	h.Write([]byte{suiteString, 0x02}) // challenge_generation_domain_separator_front
	for _, p := range points {
		h.Write(pointToString(p))
	}
	h.Write([]byte{0x00}) // challenge_generation_domain_separator_back
	return new(big.Int).SetBytes(h.Sum(nil)[:cLen])
}

// ECVRF_decode_proof (section 5.4.4): Gamma (ptLen octets), c (cLen), s (qLen); INVALID when Gamma is not a
// point or s is not below q.
func decodeProof(pi []byte) (gamma point, c, s *big.Int, err error) {
	if len(pi) != proofLen {
		return point{}, nil, nil, fmt.Errorf("decode_proof: %d octets, not %d", len(pi), proofLen)
	}
	gamma, ok := stringToPoint(pi[:ptLen])
	if !ok {
		return point{}, nil, nil, errors.New("decode_proof: Gamma is not a point")
	}
	c = new(big.Int).SetBytes(pi[ptLen : ptLen+cLen])
	s = new(big.Int).SetBytes(pi[ptLen+cLen:])
	if s.Cmp(p256.Params().N) >= 0 {
		return point{}, nil, nil, errors.New("decode_proof: s is not below q")
	}
	return gamma, c, s, nil
}

// ECVRF_proof_to_hash (section 5.2) once the proof is decoded:
// beta = Hash(suite_string || 0x03 || point_to_string(cofactor * Gamma) || 0x00), the cofactor being 1.
func gammaToHash(gamma point) []byte {
	h := sha256.New()
	h.Write([]byte{suiteString, 0x03}) // proof_to_hash_domain_separator_front
	h.Write(pointToString(gamma))
	h.Write([]byte{0x00}) // proof_to_hash_domain_separator_back
	return h.Sum(nil)
}

// ECVRF_verify (section 5.3): beta when pi proves alpha under the public key, an error otherwise.
func vrfVerify(publicKey, alpha, pi []byte) ([]byte, error) {
	// 1. Y = string_to_point(PK_string)
	y, ok := stringToPoint(publicKey)
	if !ok {
		return nil, errors.New("verify: the public key is not a point")
	}
	// 2. ECVRF_validate_key (section 5.4.5): with cofactor 1 only the identity has low order, and string_to_point
	// never gives it, so Y is a valid key here.
	// 3.-4. D = ECVRF_decode_proof(pi_string) = (Gamma, c, s)
	gamma, c, s, err := decodeProof(pi)
	if err != nil {
		return nil, err
	}
	// 5. H = ECVRF_encode_to_curve(encode_to_curve_salt, alpha_string)
	h, err := encodeToCurveTAI(publicKey, alpha)
	if err != nil {
		return nil, err
	}
	// 6. U = s*B - c*Y
	u := add(scalarBaseMult(s), scalarMult(y, negate(c)))
	// 7. V = s*H - c*Gamma
	v := add(scalarMult(h, s), scalarMult(gamma, negate(c)))
	// 8. c' = ECVRF_challenge_generation(Y, H, Gamma, U, V)
	// 9. VALID with ECVRF_proof_to_hash(pi_string) if c = c'
	if challengeGeneration(y, h, gamma, u, v).Cmp(c) != 0 {
		return nil, errors.New("verify: the challenge does not match")
	}
	return gammaToHash(gamma), nil
}

// RFC 9381 Appendix B.1, Examples 10 to 12 (ECVRF-P256-SHA256-TAI): public key, alpha, pi, beta, as printed in the
// RFC (the secret keys are not needed to verify).
var appendixB1 = []struct{ name, pk, alpha, pi, beta string }{
	{"example 10",
		"0360fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6",
		"73616d706c65", // "sample"
		"035b5c726e8c0e2c488a107c600578ee75cb702343c153cb1eb8dec77f4b5071b4" +
			"a53f0a46f018bc2c56e58d383f2305e0975972c26feea0eb122fe7893c15af376b33edf7de17c6ea056d4d82de6bc02f",
		"a3ad7b0ef73d8fc6655053ea22f9bede8c743f08bbed3d38821f0e16474b505e"},
	{"example 11",
		"0360fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6",
		"74657374", // "test"
		"034dac60aba508ba0c01aa9be80377ebd7562c4a52d74722e0abae7dc3080ddb56" +
			"c19e067b15a8a8174905b13617804534214f935b94c2287f797e393eb0816969d864f37625b443f30f1a5a33f2b3c854",
		"a284f94ceec2ff4b3794629da7cbafa49121972671b466cab4ce170aa365f26d"},
	{"example 12",
		"03596375e6ce57e0f20294fc46bdfcfd19a39f8161b58695b3ec5b3d16427c274d",
		// "Example using ECDSA key from Appendix L.4.2 of ANSI.X9-62-2005"
		"4578616d706c65207573696e67204543445341206b65792066726f6d20417070656e646978204c2e342e32206f6620414e53492e" +
			"58392d36322d32303035",
		"03d03398bf53aa23831d7d1b2937e005fb0062cbefa06796579f2a1fc7e7b8c667" +
			"d091c00b0f5c3619d10ecea44363b5a599cadc5b2957e223fec62e81f7b4825fc799a771a3d7334b9186bdbee87316b1",
		"90871e06da5caa39a3c61578ebb844de8635e27ac0b13e829997d0d95dd98c19"},
}

func unhex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// The verifier proves itself before it judges anything: every Appendix B.1 example verifies and gives its beta,
// and the same proofs are refused for another alpha, with any one bit of pi flipped, and under another key.
func checkAppendixB1() {
	for i, v := range appendixB1 {
		pk, alpha, pi := unhex(v.pk), unhex(v.alpha), unhex(v.pi)
		beta, err := vrfVerify(pk, alpha, pi)
		if err != nil || !bytes.Equal(beta, unhex(v.beta)) {
			fail("RFC 9381 B.1 %s: %v, beta %x", v.name, err, beta)
		}
		if _, err := vrfVerify(pk, append(append([]byte(nil), alpha...), 'x'), pi); err == nil {
			fail("RFC 9381 B.1 %s: accepted for another alpha", v.name)
		}
		for bit := 0; bit < 8*len(pi); bit++ {
			flipped := append([]byte(nil), pi...)
			flipped[bit/8] ^= 1 << (bit % 8)
			if _, err := vrfVerify(pk, alpha, flipped); err == nil {
				fail("RFC 9381 B.1 %s: accepted with bit %d of pi flipped", v.name, bit)
			}
		}
		other := unhex(appendixB1[(i+2)%len(appendixB1)].pk)
		if bytes.Equal(other, pk) {
			other = unhex(appendixB1[(i+1)%len(appendixB1)].pk)
		}
		if _, err := vrfVerify(other, alpha, pi); err == nil {
			fail("RFC 9381 B.1 %s: accepted under another key", v.name)
		}
		fmt.Printf("OK rfc9381 B.1 %s\n", v.name)
	}
}
