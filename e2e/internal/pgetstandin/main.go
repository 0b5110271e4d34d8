// Command pgetstandin stands in for replicate/pget v0.8.x in the runtime
// stage when the real binary cannot be had: the Go module proxy refuses
// github.com/replicate/pget ("This module version is not available"), and
// packages install pget from a GitHub release, which this machine cannot
// reach. It keeps the behaviour generated weights.py depends on, as pget
// v0.8.2's source has it:
//
//   - `pget [-f] URL DEST` and `pget [-f] multifile MANIFEST` (MANIFEST may
//     be "-" for stdin);
//   - manifest lines are split on white space and must have exactly two
//     fields (so a destination with a space is an "invalid line format");
//   - a destination that exists is refused without --force ("destination X
//     already exists");
//   - parent folders are made; the body is written straight to the
//     destination, so an interrupted download leaves a short file.
//
// It does not chunk, retry or extract (-x is refused).
package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "Error:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	force := false
	var rest []string
	for _, a := range args {
		switch {
		case a == "-f" || a == "--force":
			force = true
		case a == "-x" || a == "--extract":
			return errors.New("pgetstandin: -x (extract) is not supported")
		case strings.HasPrefix(a, "-"):
			// Tuning flags (--concurrency, --retries ...) change nothing here.
		default:
			rest = append(rest, a)
		}
	}
	if len(rest) == 2 && rest[0] == "multifile" {
		return multifile(rest[1], force)
	}
	if len(rest) != 2 {
		return errors.New("usage: pget [flags] <url> <dest> | pget multifile <manifest>")
	}
	return get(rest[0], rest[1], force)
}

func multifile(manifest string, force bool) error {
	var r io.Reader = os.Stdin
	if manifest != "-" {
		f, err := os.Open(manifest)
		if err != nil {
			return fmt.Errorf("manifest file %s does not exist", manifest)
		}
		defer f.Close()
		r = f
	}
	var pairs [][2]string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) != 2 {
			return fmt.Errorf("error parsing manifest invalid line format `%s`", line)
		}
		if err := ensureAbsent(fields[1], force); err != nil {
			return err
		}
		pairs = append(pairs, [2]string{fields[0], fields[1]})
	}
	for _, p := range pairs {
		if err := get(p[0], p[1], true); err != nil {
			return err
		}
	}
	return sc.Err()
}

func ensureAbsent(dest string, force bool) error {
	if _, err := os.Stat(dest); !force && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("destination %s already exists", dest)
	}
	return nil
}

func get(url, dest string, force bool) error {
	if err := ensureAbsent(dest, force); err != nil {
		return err
	}
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: HTTP %s", url, resp.Status)
	}
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return err
	}
	out, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, resp.Body); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
