package github

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/cogport/cogport/facts"
)

// ErrFileTooLarge is returned by Snapshot.ReadFile for a file over its cap.
var ErrFileTooLarge = errors.New("file too large to inspect")

// maxSymlinkHops bounds symlink chains (and cycles).
const maxSymlinkHops = 8

// Snapshot is a repository's files at one commit (or a local directory).
type Snapshot struct {
	// SHA is the commit; empty for a directory that is not a git checkout.
	SHA   string
	Files []facts.RepoFile
	// LocalDir is set when the files are read in place.
	LocalDir string
	// Warnings are problems met while listing (blobs missing from a
	// partial clone, say).
	Warnings []string
	open     func(path string) (io.ReadCloser, error)
	index    map[string]int
}

// billyOpener reads files from a billy filesystem (memfs or a bound osfs).
func billyOpener(fsys billy.Filesystem) func(string) (io.ReadCloser, error) {
	return func(p string) (io.ReadCloser, error) { return fsys.Open(p) }
}

// treeOpener reads files straight from a git tree's blobs.
func treeOpener(tree *object.Tree) func(string) (io.ReadCloser, error) {
	return func(p string) (io.ReadCloser, error) {
		f, err := tree.File(p)
		if err != nil {
			return nil, err
		}
		return f.Reader()
	}
}

func newSnapshot(sha string, files []facts.RepoFile, open func(string) (io.ReadCloser, error)) *Snapshot {
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	s := &Snapshot{SHA: sha, Files: files, open: open, index: make(map[string]int, len(files))}
	for i, f := range files {
		s.index[f.Path] = i
	}
	return s
}

// File returns the entry for p.
func (s *Snapshot) File(p string) (facts.RepoFile, bool) {
	i, ok := s.index[p]
	if !ok {
		return facts.RepoFile{}, false
	}
	return s.Files[i], true
}

// ReadFile reads the file at p (slash-separated, relative to the root),
// refusing files over max bytes. A symlink is followed only while its
// target stays inside the tree; submodules have no content.
func (s *Snapshot) ReadFile(p string, max int64) ([]byte, error) {
	f, err := s.resolve(p)
	if err != nil {
		return nil, err
	}
	if f.Size > max {
		return nil, fmt.Errorf("%s: %w (%d bytes, cap %d)", p, ErrFileTooLarge, f.Size, max)
	}
	h, err := s.open(f.Path)
	if err != nil {
		return nil, err
	}
	defer h.Close()
	data, err := io.ReadAll(io.LimitReader(h, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%s: %w (cap %d)", p, ErrFileTooLarge, max)
	}
	return data, nil
}

// resolve follows symlinks lexically within the listing.
func (s *Snapshot) resolve(p string) (facts.RepoFile, error) {
	p = path.Clean(p)
	for hop := 0; hop <= maxSymlinkHops; hop++ {
		f, ok := s.File(p)
		if !ok {
			return f, fmt.Errorf("%s: %w", p, fs.ErrNotExist)
		}
		switch f.Mode {
		case "submodule":
			return f, fmt.Errorf("%s is a submodule, which is not fetched", p)
		case "symlink":
			target := f.Target
			if path.IsAbs(target) {
				return f, fmt.Errorf("%s: symlink to %q leaves the repository", p, target)
			}
			next := path.Join(path.Dir(p), target)
			if next == ".." || len(next) > 2 && next[:3] == "../" {
				return f, fmt.Errorf("%s: symlink to %q leaves the repository", p, target)
			}
			p = next
			continue
		}
		return f, nil
	}
	return facts.RepoFile{}, fmt.Errorf("%s: too many levels of symlinks", p)
}

// checkout lists HEAD's tree (enforcing the caps) and checks it out into
// the repository's in-memory worktree.
func checkout(repo *git.Repository, opts CloneOptions) (*Snapshot, error) {
	head, err := headHash(repo)
	if err != nil {
		return nil, err
	}
	commit, err := repo.CommitObject(head)
	if err != nil {
		return nil, err
	}
	tree, err := commit.Tree()
	if err != nil {
		return nil, err
	}
	files, missing, err := listTree(repo, tree, opts)
	if err != nil {
		return nil, err
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("the fetched pack lacks %d blobs (%s, ...)", len(missing), missing[0])
	}
	wt, err := repo.Worktree()
	if err != nil {
		return nil, err
	}
	if err := wt.Checkout(&git.CheckoutOptions{Hash: head, Force: true}); err != nil {
		return nil, fmt.Errorf("checking out %s: %w", head, err)
	}
	return newSnapshot(head.String(), files, billyOpener(wt.Filesystem)), nil
}

// headHash returns HEAD's commit, or the pinned ref of a sha fetch.
func headHash(repo *git.Repository) (plumbing.Hash, error) {
	if ref, err := repo.Reference(plumbing.NewBranchReferenceName("pinned"), true); err == nil {
		return ref.Hash(), nil
	}
	ref, err := repo.Head()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	return ref.Hash(), nil
}

// listTree walks the tree, recording modes and sizes and enforcing the
// caps. Blobs absent from the store (a partial clone) are listed with size
// -1 and returned as missing.
func listTree(repo *git.Repository, tree *object.Tree, opts CloneOptions) ([]facts.RepoFile, []string, error) {
	var files []facts.RepoFile
	var missing []string
	var total int64
	w := object.NewTreeWalker(tree, true, nil)
	defer w.Close()
	for {
		name, entry, err := w.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		f, err := treeEntry(repo, name, entry)
		if errors.Is(err, plumbing.ErrObjectNotFound) {
			missing = append(missing, name)
			f, err = facts.RepoFile{Path: name, Size: -1, Mode: "file"}, nil
		}
		if err != nil {
			return nil, nil, err
		}
		if f.Mode == "" {
			continue // a directory
		}
		files = append(files, f)
		total += max(f.Size, 0)
		if len(files) > opts.MaxFiles {
			return nil, nil, fmt.Errorf("%w: more than %d files (the cap)", ErrTooLarge, opts.MaxFiles)
		}
		if total > opts.MaxBytes {
			return nil, nil, fmt.Errorf("%w: files exceed %d MiB (the cap)", ErrTooLarge, opts.MaxBytes>>20)
		}
	}
	return files, missing, nil
}

func treeEntry(repo *git.Repository, name string, e object.TreeEntry) (facts.RepoFile, error) {
	f := facts.RepoFile{Path: name}
	switch e.Mode {
	case filemode.Dir:
		return facts.RepoFile{}, nil
	case filemode.Submodule:
		f.Mode = "submodule"
		return f, nil
	}
	blob, err := repo.BlobObject(e.Hash)
	if err != nil {
		return f, err
	}
	f.Size = blob.Size
	switch e.Mode {
	case filemode.Symlink:
		f.Mode = "symlink"
		f.Target, err = blobText(blob, 4096)
	case filemode.Executable:
		f.Mode = "exec"
	default:
		f.Mode = "file"
	}
	return f, err
}

func blobText(b *object.Blob, max int64) (string, error) {
	r, err := b.Reader()
	if err != nil {
		return "", err
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, max))
	return string(data), err
}

// OpenRef reads a local repository (bare or not) at ref straight from its
// object store: no clone, and any commit the store holds can be read.
func OpenRef(dir, ref string, opts CloneOptions) (*Snapshot, error) {
	opts = opts.withDefaults()
	repo, err := git.PlainOpen(dir)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrNotFound, dir, err)
	}
	h, err := repo.ResolveRevision(plumbing.Revision(ref))
	if err != nil {
		return nil, fmt.Errorf("%w: %q in %s: %w", ErrRefNotFound, ref, dir, err)
	}
	commit, err := repo.CommitObject(*h)
	if err != nil {
		return nil, fmt.Errorf("%w: %q in %s is not a commit: %w", ErrRefNotFound, ref, dir, err)
	}
	tree, err := commit.Tree()
	if err != nil {
		return nil, err
	}
	files, missing, err := listTree(repo, tree, opts)
	if err != nil {
		return nil, err
	}
	snap := newSnapshot(h.String(), files, treeOpener(tree))
	if len(missing) > 0 {
		snap.Warnings = append(snap.Warnings, fmt.Sprintf("%d files are missing from the local object store (a partial clone?) and were not read, e.g. %s",
			len(missing), missing[0]))
	}
	return snap, nil
}
