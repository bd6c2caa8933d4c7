// An independent check of the MailKeys key log (docs/PROTOCOL.md 12) with code that shares nothing with the Java
// side: Go's own transparency log code (golang.org/x/mod/sumdb/note and sumdb/tlog, Debian's
// golang-golang-x-mod-dev, built in GOPATH mode) for C2SP, and vrf.go, an ECVRF-P256-SHA256-TAI verifier written
// from RFC 9381, for the labels. Every run first checks vrf.go against RFC 9381 Appendix B.1 (OK rfc9381 lines).
//
// Usage:
//
//	oracle <folder> <origin>  checks a log as served: <folder>/keys (the two lines of /.well-known/mailkeys/log/keys,
//	                          "vkey <verifier key>" and "vrf <base64 public key>"), <folder>/checkpoint, every tile
//	                          and entry bundle under <folder>/tile/ against the signed root, then each line of
//	                          <folder>/proofs (file names relative to <folder>):
//	    tlog-proof <file>             a c2sp.org/tlog-proof@v1 text: its checkpoint and the inclusion of its extra
//	    consistency <size1> <root1> <size2> <root2> <hash>...   an RFC 6962 consistency proof
//	    block <address> <file>        a proof block as a version 2 answer carries it (PROTOCOL.md 12.3, LF line ends):
//	                                  "mailkeys-log-proof v1", "vrf <base64 pi>", then a tlog-proof whose extra is an
//	                                  entry whose label line is the address's label, or (NOT-FOUND) a checkpoint
//	    vrf <line as below>
//	oracle vrf <file>         checks only the lines of <file>, each
//	    vrf <base64 public key> <address> <base64 pi> <base64 expected label, or - for none>
//	                          pi must prove alpha = the address normalised as the store does (trimmed, lower case),
//	                          UTF-8, under the key, and its beta (RFC 9381 5.2) must be the expected label.
//
// Prints one OK line per check, or FAIL and exits 1 at the first failure.
package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type tileFolder struct{ dir string }

func (t tileFolder) Height() int { return 8 }

func (t tileFolder) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	data := make([][]byte, len(tiles))
	for i, tile := range tiles {
		// Go names tiles with their height (tile/8/L/N); C2SP tlog-tiles does not (tile/L/N)
		path := strings.Replace(tile.Path(), "tile/8/", "tile/", 1)
		b, err := os.ReadFile(filepath.Join(t.dir, path))
		if err != nil {
			return nil, err
		}
		data[i] = b
	}
	return data, nil
}

func (t tileFolder) SaveTiles(tiles []tlog.Tile, data [][]byte) {}

func fail(format string, args ...interface{}) {
	fmt.Printf("FAIL "+format+"\n", args...)
	os.Exit(1)
}

func read(dir, name string) []byte {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		fail("read %s: %v", name, err)
	}
	return b
}

func hash(b64 string) tlog.Hash {
	b, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(b) != 32 {
		fail("hash %q", b64)
	}
	var h tlog.Hash
	copy(h[:], b)
	return h
}

func openCheckpoint(text []byte, verifiers note.Verifiers, origin string) (int64, tlog.Hash) {
	n, err := note.Open(text, verifiers)
	if err != nil {
		fail("checkpoint note: %v", err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 || lines[0] != origin {
		fail("checkpoint text %q", n.Text)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		fail("checkpoint size %q", lines[1])
	}
	return size, hash(lines[2])
}

func entries(dir string, size int64) [][]byte {
	var all [][]byte
	for n := int64(0); n*256 < size; n++ {
		width := size - n*256
		if width > 256 {
			width = 256
		}
		tile := tlog.Tile{H: 8, L: 0, N: n, W: int(width)}
		path := strings.Replace(tile.Path(), "tile/8/0/", "tile/entries/", 1)
		bundle := read(dir, path)
		for len(bundle) > 0 {
			if len(bundle) < 2 {
				fail("bundle %s", path)
			}
			length := int(bundle[0])<<8 | int(bundle[1])
			if len(bundle) < 2+length {
				fail("bundle %s", path)
			}
			all = append(all, bundle[2:2+length])
			bundle = bundle[2+length:]
		}
	}
	if int64(len(all)) != size {
		fail("%d entries for size %d", len(all), size)
	}
	return all
}

// The tlog-proof's extra (the entry), once its checkpoint and the entry's inclusion are verified.
func checkProofFile(text []byte, verifiers note.Verifiers, origin string) []byte {
	parts := strings.SplitN(string(text), "\n\n", 2)
	if len(parts) != 2 {
		fail("proof without an empty line")
	}
	lines := strings.Split(parts[0], "\n")
	if len(lines) < 3 || lines[0] != "c2sp.org/tlog-proof@v1" || !strings.HasPrefix(lines[1], "extra ") ||
		!strings.HasPrefix(lines[2], "index ") {
		fail("proof header %q", parts[0])
	}
	extra, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(lines[1], "extra "))
	if err != nil {
		fail("extra")
	}
	index, err := strconv.ParseInt(strings.TrimPrefix(lines[2], "index "), 10, 64)
	if err != nil {
		fail("index")
	}
	var proof tlog.RecordProof
	for _, line := range lines[3:] {
		proof = append(proof, hash(line))
	}
	size, root := openCheckpoint([]byte(parts[1]), verifiers, origin)
	if err := tlog.CheckRecord(proof, size, root, index, tlog.RecordHash(extra)); err != nil {
		fail("tlog-proof of %d in %d: %v", index, size, err)
	}
	fmt.Printf("OK tlog-proof %d %d\n", index, size)
	return extra
}

// alpha_string for an address: the store's normalised form (trimmed, lower case), UTF-8 (PROTOCOL.md 12.1). Go's
// ToLower and Java's toLowerCase(Locale.ROOT) agree on ASCII, the addresses the tests use; they may differ on a few
// non-ASCII letters (U+0130, for one).
func alpha(address string) []byte {
	return []byte(strings.ToLower(strings.TrimSpace(address)))
}

func decode64(what, b64 string) []byte {
	b, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		fail("%s: not base64: %q", what, b64)
	}
	return b
}

// A line "vrf <public key> <address> <pi> <label or ->".
func checkVrfLine(fields []string) {
	if len(fields) != 5 || fields[0] != "vrf" {
		fail("vrf line %q", strings.Join(fields, " "))
	}
	address := fields[2]
	beta, err := vrfVerify(decode64("public key", fields[1]), alpha(address), decode64("pi", fields[3]))
	if err != nil {
		fail("vrf %s: %v", address, err)
	}
	if fields[4] != "-" && !bytes.Equal(beta, decode64("label", fields[4])) {
		fail("vrf %s: label %s, not the expected %s", address, base64.StdEncoding.EncodeToString(beta), fields[4])
	}
	fmt.Printf("OK vrf %s %s\n", address, base64.StdEncoding.EncodeToString(beta))
}

// The label line of an entry (PROTOCOL.md 12.1: "mailkeys-log-entry v1", "label <base64>", ...).
func entryLabel(entry []byte) []byte {
	lines := strings.Split(string(entry), "\n")
	if len(lines) < 2 || lines[0] != "mailkeys-log-entry v1" || !strings.HasPrefix(lines[1], "label ") {
		fail("entry %q", entry)
	}
	return decode64("entry label", strings.TrimPrefix(lines[1], "label "))
}

// A proof block of a version 2 answer for the address (PROTOCOL.md 12.3).
func checkBlock(text []byte, address string, vrfKey []byte, verifiers note.Verifiers, origin string) {
	lines := strings.SplitN(string(text), "\n", 3)
	if len(lines) != 3 || lines[0] != "mailkeys-log-proof v1" || !strings.HasPrefix(lines[1], "vrf ") {
		fail("block header %q", text)
	}
	label, err := vrfVerify(vrfKey, alpha(address), decode64("pi", strings.TrimPrefix(lines[1], "vrf ")))
	if err != nil {
		fail("block %s: vrf: %v", address, err)
	}
	if strings.HasPrefix(lines[2], "c2sp.org/tlog-proof@v1\n") {
		entry := checkProofFile([]byte(lines[2]), verifiers, origin)
		if !bytes.Equal(entryLabel(entry), label) {
			fail("block %s: the entry's label is not the address's %s", address,
				base64.StdEncoding.EncodeToString(label))
		}
		fmt.Printf("OK block %s entry %s\n", address, base64.StdEncoding.EncodeToString(label))
		return
	}
	size, _ := openCheckpoint([]byte(lines[2]), verifiers, origin)
	fmt.Printf("OK block %s checkpoint %d %s\n", address, size, base64.StdEncoding.EncodeToString(label))
}

// The two lines of keys: the checkpoint verifier and the VRF public key.
func logKeys(dir string) (note.Verifiers, []byte) {
	lines := strings.Split(strings.TrimSuffix(string(read(dir, "keys")), "\n"), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "vkey ") || !strings.HasPrefix(lines[1], "vrf ") {
		fail("keys %q", lines)
	}
	verifier, err := note.NewVerifier(strings.TrimPrefix(lines[0], "vkey "))
	if err != nil {
		fail("verifier key: %v", err)
	}
	return note.VerifierList(verifier), decode64("vrf key", strings.TrimPrefix(lines[1], "vrf "))
}

func main() {
	checkAppendixB1()
	if len(os.Args) != 3 {
		fail("usage: oracle <folder> <origin> | oracle vrf <file>")
	}
	if os.Args[1] == "vrf" {
		lines(read(filepath.Dir(os.Args[2]), filepath.Base(os.Args[2])), func(fields []string) { checkVrfLine(fields) })
		return
	}
	dir, origin := os.Args[1], os.Args[2]
	verifiers, vrfKey := logKeys(dir)
	size, root := openCheckpoint(read(dir, "checkpoint"), verifiers, origin)
	fmt.Printf("OK checkpoint %d\n", size)

	hashes := tlog.TileHashReader(tlog.Tree{N: size, Hash: root}, tileFolder{dir})
	treeHash, err := tlog.TreeHash(size, hashes)
	if err != nil || treeHash != root {
		fail("tree hash from tiles: %v", err)
	}
	for i, entry := range entries(dir, size) {
		proof, err := tlog.ProveRecord(size, int64(i), hashes)
		if err != nil {
			fail("prove %d: %v", i, err)
		}
		if err := tlog.CheckRecord(proof, size, root, int64(i), tlog.RecordHash(entry)); err != nil {
			fail("entry %d: %v", i, err)
		}
	}
	fmt.Printf("OK tiles and entries %d\n", size)

	lines(read(dir, "proofs"), func(fields []string) {
		switch fields[0] {
		case "tlog-proof":
			checkProofFile(read(dir, fields[1]), verifiers, origin)
		case "consistency":
			oldSize, _ := strconv.ParseInt(fields[1], 10, 64)
			newSize, _ := strconv.ParseInt(fields[3], 10, 64)
			var proof tlog.TreeProof
			for _, h := range fields[5:] {
				proof = append(proof, hash(h))
			}
			if err := tlog.CheckTree(proof, newSize, hash(fields[4]), oldSize, hash(fields[2])); err != nil {
				fail("consistency %d to %d: %v", oldSize, newSize, err)
			}
			fmt.Printf("OK consistency %d %d\n", oldSize, newSize)
		case "block":
			checkBlock(read(dir, fields[2]), fields[1], vrfKey, verifiers, origin)
		case "vrf":
			checkVrfLine(fields)
		default:
			fail("unknown line %q", strings.Join(fields, " "))
		}
	})
}

// Calls check with the fields of each line that is not empty.
func lines(text []byte, check func(fields []string)) {
	scanner := bufio.NewScanner(bytes.NewReader(text))
	for scanner.Scan() {
		if fields := strings.Fields(scanner.Text()); len(fields) > 0 {
			check(fields)
		}
	}
}
