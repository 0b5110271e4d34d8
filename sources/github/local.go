package github

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5"

	"github.com/cogport/cogport/facts"
)

// skipDirs are never listed: VCS metadata, virtualenvs and caches.
var skipDirs = map[string]bool{
	".git": true, ".hg": true, ".svn": true, "node_modules": true, "__pycache__": true,
	".venv": true, "venv": true, ".tox": true, ".mypy_cache": true, ".pytest_cache": true,
	".ruff_cache": true, ".ipynb_checkpoints": true,
}

// OpenDir reads a local directory in place. Symlinks are listed, never
// walked into; a nested git repository is listed as a submodule. The SHA
// is HEAD's when dir is a git checkout (uncommitted changes are read too).
func OpenDir(dir string, opts CloneOptions) (*Snapshot, error) {
	opts = opts.withDefaults()
	root, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	files, err := walkDir(root, opts)
	if err != nil {
		return nil, err
	}
	snap := newSnapshot(headOf(root), files, billyOpener(osfs.New(root, osfs.WithBoundOS())))
	snap.LocalDir = root
	return snap, nil
}

// IsBareRepo reports whether dir is a bare git repository (no work tree).
func IsBareRepo(dir string) bool {
	for _, p := range []string{"HEAD", "objects", "refs"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			return false
		}
	}
	_, err := os.Stat(filepath.Join(dir, ".git"))
	return errors.Is(err, fs.ErrNotExist)
}

func headOf(root string) string {
	repo, err := git.PlainOpen(root)
	if err != nil {
		return ""
	}
	ref, err := repo.Head()
	if err != nil {
		return ""
	}
	return ref.Hash().String()
}

func walkDir(root string, opts CloneOptions) ([]facts.RepoFile, error) {
	var files []facts.RepoFile
	var total int64
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			return visitDir(root, p, rel, d, &files)
		}
		f, err := localFile(p, rel, d)
		if err != nil || f.Mode == "" {
			return err // sockets and fifos are skipped
		}
		files = append(files, f)
		total += f.Size
		if len(files) > opts.MaxFiles {
			return fmt.Errorf("%w: more than %d files (the cap)", ErrTooLarge, opts.MaxFiles)
		}
		if total > opts.MaxBytes {
			return fmt.Errorf("%w: files exceed %d MiB (the cap)", ErrTooLarge, opts.MaxBytes>>20)
		}
		return nil
	})
	return files, err
}

// visitDir decides whether to walk into a directory.
func visitDir(root, p, rel string, d fs.DirEntry, files *[]facts.RepoFile) error {
	if p == root {
		return nil
	}
	if skipDirs[d.Name()] {
		return filepath.SkipDir
	}
	if _, err := os.Lstat(filepath.Join(p, ".git")); err == nil {
		*files = append(*files, facts.RepoFile{Path: rel, Mode: "submodule"})
		return filepath.SkipDir
	}
	return nil
}

func localFile(p, rel string, d fs.DirEntry) (facts.RepoFile, error) {
	info, err := d.Info()
	if err != nil {
		return facts.RepoFile{}, err
	}
	f := facts.RepoFile{Path: rel, Size: info.Size(), Mode: "file"}
	switch {
	case info.Mode()&fs.ModeSymlink != 0:
		f.Mode = "symlink"
		f.Target, err = os.Readlink(p)
		f.Target = filepath.ToSlash(f.Target)
	case !info.Mode().IsRegular():
		f.Mode = ""
	case info.Mode()&0o111 != 0:
		f.Mode = "exec"
	}
	return f, err
}
