// Package templatesrc opens a team's own templates, given with --templates:
// a folder laid out like cogport's templates/files, or a git repository
// (URL[@ref]) holding one, cloned shallowly.
package templatesrc

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
)

// Open returns the templates at src and a function that releases them
// (a cloned repository lives in a temporary folder until then).
func Open(ctx context.Context, src string) (fs.FS, func(), error) {
	if src == "" {
		return nil, func() {}, nil
	}
	if fi, err := os.Stat(src); err == nil {
		if !fi.IsDir() {
			return nil, nil, fmt.Errorf("--templates %s is not a folder", src)
		}
		return os.DirFS(src), func() {}, nil
	}
	if !isGitURL(src) {
		return nil, nil, fmt.Errorf("--templates %s: no such folder, and not a git URL (https://…, git@…, file://…)", src)
	}
	return clone(ctx, src)
}

func isGitURL(s string) bool {
	for _, p := range []string{"https://", "http://", "git@", "ssh://", "file://"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// splitRef separates URL@ref; an @ inside git@host is not a ref.
func splitRef(src string) (url, ref string) {
	i := strings.LastIndex(src, "@")
	if i <= 0 || strings.Contains(src[i:], "/") || strings.Contains(src[i:], ":") {
		return src, ""
	}
	return src[:i], src[i+1:]
}

func clone(ctx context.Context, src string) (fs.FS, func(), error) {
	url, ref := splitRef(src)
	tmp, err := os.MkdirTemp("", "cogport-templates-")
	if err != nil {
		return nil, nil, err
	}
	cleanup := func() { os.RemoveAll(tmp) }
	var lastErr error
	for _, name := range refNames(ref) {
		_, lastErr = git.PlainCloneContext(ctx, tmp, false, &git.CloneOptions{
			URL: url, Depth: 1, SingleBranch: true, Tags: git.NoTags, ReferenceName: name,
		})
		if lastErr == nil {
			return os.DirFS(tmp), cleanup, nil
		}
		os.RemoveAll(tmp)
		os.MkdirAll(tmp, 0o700)
	}
	cleanup()
	return nil, nil, fmt.Errorf("clone templates %s: %w", src, lastErr)
}

// refNames are the references a ref may name: a branch, then a tag.
func refNames(ref string) []plumbing.ReferenceName {
	if ref == "" {
		return []plumbing.ReferenceName{""}
	}
	return []plumbing.ReferenceName{plumbing.NewBranchReferenceName(ref), plumbing.NewTagReferenceName(ref)}
}
