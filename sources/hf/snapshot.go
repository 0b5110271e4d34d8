package hf

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/cogport/cogport/facts"
)

// skipDirs are folders that are never part of a model.
var skipDirs = map[string]bool{".git": true, ".cache": true}

var (
	hex40 = regexp.MustCompile(`^[0-9a-f]{40}$`)
	hex64 = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// snapshot reads files under root; symlinks may resolve into allowed only.
type snapshot struct {
	root    string
	allowed []string
}

// walk lists the regular files under root (and in-bounds symlinks to them).
func (s *snapshot) walk() ([]facts.File, error) {
	var files []facts.File
	err := filepath.WalkDir(s.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != s.root && skipDirs[d.Name()] {
				return filepath.SkipDir
			}
			return nil
		}
		rel, err := filepath.Rel(s.root, p)
		if err != nil {
			return err
		}
		if f, ok := s.fileAt(p, filepath.ToSlash(rel), d); ok {
			files = append(files, f)
		}
		return nil
	})
	return files, err
}

// fileAt describes one walked entry; symlinks that leave the allowed
// folders, point at folders or dangle are left out.
func (s *snapshot) fileAt(p, rel string, d fs.DirEntry) (facts.File, bool) {
	f := facts.File{Path: rel, Size: -1}
	if d.Type()&fs.ModeSymlink == 0 {
		info, err := d.Info()
		if err != nil || !info.Mode().IsRegular() {
			return f, false
		}
		f.Size = info.Size()
		return f, true
	}
	target, err := s.resolve(p)
	if err != nil {
		return f, false
	}
	info, err := os.Stat(target)
	if err != nil || !info.Mode().IsRegular() {
		return f, false
	}
	f.Size = info.Size()
	// In a Hugging Face cache the blob is named by its etag: a sha256 for
	// LFS files, the git blob id for the others.
	switch name := filepath.Base(target); {
	case hex64.MatchString(name):
		f.LFS, f.SHA256 = true, name
	case hex40.MatchString(name):
		f.BlobID = name
	}
	return f, true
}

// resolve follows symlinks in p and checks the result stays in bounds.
func (s *snapshot) resolve(p string) (string, error) {
	target, err := filepath.EvalSymlinks(p)
	if err != nil {
		return "", err
	}
	for _, a := range s.allowed {
		if target == a || strings.HasPrefix(target, a+string(filepath.Separator)) {
			return target, nil
		}
	}
	return "", fmt.Errorf("%s points outside the model folder", p)
}

// read returns a listed file's contents, capped like a Hub file read.
func (s *snapshot) read(rel string) ([]byte, error) {
	if err := validateRepoPath(rel); err != nil {
		return nil, err
	}
	p, err := s.resolve(filepath.Join(s.root, filepath.FromSlash(rel)))
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, DefaultMaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", p, err)
	}
	if len(b) > DefaultMaxFileBytes {
		return nil, fmt.Errorf("%s is larger than %d bytes: refusing to read it", p, DefaultMaxFileBytes)
	}
	return b, nil
}

// fillFromCachePath reads ID, SHA and Revision from a path shaped like
// <cache>/models--org--name/snapshots/<sha>, and returns the
// models--org--name folder ("" when the path is not a cache snapshot).
func fillFromCachePath(m *facts.Model, root string) string {
	sha := filepath.Base(root)
	snaps := filepath.Dir(root)
	repoDir := filepath.Dir(snaps)
	name, ok := strings.CutPrefix(filepath.Base(repoDir), "models--")
	if !hex40.MatchString(sha) || filepath.Base(snaps) != "snapshots" || !ok {
		return ""
	}
	id := strings.Replace(name, "--", "/", 1)
	if ValidateRepoID(id) != nil {
		return ""
	}
	m.ID, m.SHA = id, sha
	m.Revision = cacheRef(filepath.Join(repoDir, "refs"), sha)
	return repoDir
}

// cacheRef returns the ref under refsDir that points at sha, preferring
// "main", or "" when none does.
func cacheRef(refsDir, sha string) string {
	found := ""
	_ = filepath.WalkDir(refsDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil || strings.TrimSpace(string(b)) != sha {
			return nil
		}
		rel, _ := filepath.Rel(refsDir, p)
		if rel = filepath.ToSlash(rel); found == "" || rel == "main" {
			found = rel
		}
		return nil
	})
	return found
}
