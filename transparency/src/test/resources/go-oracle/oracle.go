// An independent check of the MailKeys log with Go's own transparency log code (golang.org/x/mod/sumdb/note and
// sumdb/tlog): the checkpoint's signature, every tile against the signed root, every entry's inclusion, and the
// tlog-proof and consistency proofs that the Java side wrote. Usage: oracle <folder> <origin>. Prints OK lines, or
// FAIL and exits 1.
package main

import (
	"bufio"
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

func checkProofFile(text []byte, verifiers note.Verifiers, origin string) {
	parts := strings.SplitN(string(text), "\n\n", 2)
	if len(parts) != 2 {
		fail("proof without an empty line")
	}
	lines := strings.Split(parts[0], "\n")
	if lines[0] != "c2sp.org/tlog-proof@v1" || !strings.HasPrefix(lines[1], "extra ") ||
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
}

func main() {
	dir, origin := os.Args[1], os.Args[2]
	verifier, err := note.NewVerifier(strings.TrimSpace(string(read(dir, "vkey"))))
	if err != nil {
		fail("verifier key: %v", err)
	}
	verifiers := note.VerifierList(verifier)
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

	scanner := bufio.NewScanner(strings.NewReader(string(read(dir, "proofs"))))
	for scanner.Scan() {
		fields := strings.Fields(scanner.Text())
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
		default:
			fail("unknown line %q", scanner.Text())
		}
	}
}
