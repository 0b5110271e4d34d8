// Package output writes a rendered package to disk without ever leaving it
// half-written: files are staged in a temporary folder next to the target
// and moved into place by rename, and an existing folder is only touched
// with force, and then only the files cogport generates.
package output

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/cogport/cogport/generators"
)

// ErrExists means the output folder holds files and force was not given.
var ErrExists = errors.New("output folder is not empty")

// Result says what Write did.
type Result struct {
	Dir     string
	Created []string
	Updated []string
}

// Write writes files under dir. A missing or empty dir is created whole, by
// one rename; a non-empty one needs force, and then each generated file is
// replaced by its own rename, leaving every other file alone. ctx cancelled
// (Ctrl-C) before the renames leaves dir as it was.
func Write(ctx context.Context, dir string, files []generators.File, force bool) (Result, error) {
	res := Result{Dir: dir}
	for _, f := range files {
		if err := checkRelative(f.Path); err != nil {
			return res, err
		}
	}
	empty, err := isEmptyOrMissing(dir)
	if err != nil {
		return res, err
	}
	if !empty && !force {
		return res, fmt.Errorf("%w: %s (pass --force to replace the files cogport generates; other files are kept)", ErrExists, dir)
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return res, fmt.Errorf("create %s: %w", parent, err)
	}
	stage, err := os.MkdirTemp(parent, ".cogport-stage-")
	if err != nil {
		return res, fmt.Errorf("stage files: %w", err)
	}
	defer os.RemoveAll(stage)
	if err := writeAll(stage, files); err != nil {
		return res, err
	}
	if err := ctx.Err(); err != nil {
		return res, fmt.Errorf("interrupted before writing %s: %w", dir, err)
	}
	if empty {
		return moveWhole(stage, dir, files, res)
	}
	return moveEach(ctx, stage, dir, files, res)
}

// checkRelative refuses paths that could land outside the package folder.
func checkRelative(p string) error {
	clean := filepath.ToSlash(filepath.Clean(p))
	if p == "" || filepath.IsAbs(p) || strings.Contains(p, "\\") || clean == ".." || strings.HasPrefix(clean, "../") || clean != p {
		return fmt.Errorf("refusing to write %q: not a plain relative path", p)
	}
	return nil
}

func isEmptyOrMissing(dir string) (bool, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("read output folder: %w", err)
	}
	return len(entries) == 0, nil
}

func writeAll(root string, files []generators.File) error {
	for _, f := range files {
		p := filepath.Join(root, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("stage %s: %w", f.Path, err)
		}
		mode := fs.FileMode(f.Mode)
		if mode == 0 {
			mode = 0o644
		}
		if err := os.WriteFile(p, f.Body, mode); err != nil {
			return fmt.Errorf("stage %s: %w", f.Path, err)
		}
		// WriteFile's mode is filtered by the umask; scripts must stay executable.
		if err := os.Chmod(p, mode); err != nil {
			return fmt.Errorf("stage %s: %w", f.Path, err)
		}
	}
	return nil
}

func moveWhole(stage, dir string, files []generators.File, res Result) (Result, error) {
	if err := os.Chmod(stage, 0o755); err != nil {
		return res, fmt.Errorf("write %s: %w", dir, err)
	}
	// rename(2) replaces an empty directory atomically.
	if err := os.Rename(stage, dir); err != nil {
		return res, fmt.Errorf("write %s: %w", dir, err)
	}
	for _, f := range files {
		res.Created = append(res.Created, f.Path)
	}
	return res, nil
}

func moveEach(ctx context.Context, stage, dir string, files []generators.File, res Result) (Result, error) {
	// Check every destination before moving anything, so a refusal leaves
	// the folder untouched.
	for _, f := range files {
		if err := refuseSymlinkedParents(dir, f.Path); err != nil {
			return res, err
		}
	}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return res, fmt.Errorf("interrupted after %d of %d files: %w", len(res.Created)+len(res.Updated), len(files), err)
		}
		dst := filepath.Join(dir, filepath.FromSlash(f.Path))
		_, statErr := os.Lstat(dst)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return res, fmt.Errorf("write %s: %w", f.Path, err)
		}
		if err := os.Rename(filepath.Join(stage, filepath.FromSlash(f.Path)), dst); err != nil {
			return res, fmt.Errorf("write %s: %w", f.Path, err)
		}
		if statErr == nil {
			res.Updated = append(res.Updated, f.Path)
		} else {
			res.Created = append(res.Created, f.Path)
		}
	}
	return res, nil
}

// refuseSymlinkedParents stops a write that a symlink in the existing
// folder would redirect elsewhere.
func refuseSymlinkedParents(dir, rel string) error {
	cur := dir
	parts := strings.Split(rel, "/")
	for _, part := range parts[:len(parts)-1] {
		cur = filepath.Join(cur, part)
		if fi, err := os.Lstat(cur); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return fmt.Errorf("refusing to write %s: %s is a symbolic link", rel, cur)
		}
	}
	if fi, err := os.Lstat(filepath.Join(dir, rel)); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return fmt.Errorf("refusing to write %s: it is a symbolic link", rel)
	}
	return nil
}
