package refresh

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/go-git/go-git/v5"

	"github.com/cogport/cogport/generators"
	"github.com/cogport/cogport/internal/output"
)

// Apply writes a computed refresh: changed files and the new provenance
// are staged and moved into place by rename; files the new templates
// dropped (and the user left alone) are removed.
func Apply(ctx context.Context, dir string, res *Result) error {
	var files []generators.File
	for _, c := range res.Changes {
		switch c.Kind {
		case Created, Updated, Merged, Conflict:
			files = append(files, generators.File{Path: c.Path, Mode: c.Mode, Body: c.New})
		}
	}
	files = append(files, res.Provenance...)
	if _, err := output.Write(ctx, dir, files, true); err != nil {
		return err
	}
	for _, c := range res.Changes {
		if c.Kind != Deleted {
			continue
		}
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(c.Path))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove %s: %w", c.Path, err)
		}
	}
	return nil
}

// Dirty reports whether dir sits in a git work tree with uncommitted
// changes: a refresh there could mix its edits with the user's unsaved work.
func Dirty(dir string) (bool, error) {
	repo, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("open git repository: %w", err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		return false, nil
	}
	st, err := wt.Status()
	if err != nil {
		return false, fmt.Errorf("git status: %w", err)
	}
	return !st.IsClean(), nil
}
