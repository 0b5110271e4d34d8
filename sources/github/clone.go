package github

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/go-git/go-billy/v5/memfs"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/plumbing/transport/http"
	"github.com/go-git/go-git/v5/storage/memory"
)

// Error classes of Load and Clone; test them with errors.Is.
var (
	ErrNotFound    = errors.New("repository not found")
	ErrAuth        = errors.New("authentication failed")
	ErrRefNotFound = errors.New("ref not found")
	ErrTooLarge    = errors.New("repository too large")
)

// Default caps of a clone.
const (
	DefaultMaxBytes = 512 << 20
	DefaultMaxFiles = 20000
)

// CloneOptions tune a clone.
type CloneOptions struct {
	// Token is a GitHub token, sent as BasicAuth{"x-access-token", token}
	// to github.com only. It never appears in errors.
	Token string
	// Progress receives the server's progress messages (may be nil).
	Progress io.Writer
	// MaxBytes caps the uncompressed size of the objects fetched and of the
	// files; MaxFiles caps the number of tree entries. Zero means the default.
	MaxBytes int64
	MaxFiles int
}

func (o CloneOptions) withDefaults() CloneOptions {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxFiles <= 0 {
		o.MaxFiles = DefaultMaxFiles
	}
	return o
}

// Cloner fetches a repository's files at one commit. GitCloner is the real
// one; tests of callers may clone from local bare repositories with it, or
// supply their own.
type Cloner interface {
	Clone(ctx context.Context, src Source, opts CloneOptions) (*Snapshot, error)
}

// GitCloner clones with go-git into memory: shallow (depth 1), one branch,
// no tags, no submodules.
type GitCloner struct{}

var _ Cloner = GitCloner{}

// Clone fetches src at src.Ref (the default branch when empty; a 40-hex sha
// is fetched directly) and returns its files.
func (GitCloner) Clone(ctx context.Context, src Source, opts CloneOptions) (*Snapshot, error) {
	opts = opts.withDefaults()
	url := src.URL
	if src.Kind == KindLocal {
		url = src.Path
	}
	var (
		store *cappedStorage
		repo  *git.Repository
		err   error
	)
	if IsSHA(src.Ref) {
		store = newCappedStorage(opts.MaxBytes)
		repo, err = fetchSHA(ctx, store, url, src, opts)
	} else {
		store, repo, err = cloneRef(ctx, url, src, opts)
	}
	if err != nil {
		return nil, classify(ctx, err, src, opts, store)
	}
	snap, err := checkout(repo, opts)
	if err != nil {
		return nil, classify(ctx, err, src, opts, store)
	}
	return snap, nil
}

// cloneRef clones a branch, trying the ref as a tag when no branch has
// that name.
func cloneRef(ctx context.Context, url string, src Source, opts CloneOptions) (*cappedStorage, *git.Repository, error) {
	names := []plumbing.ReferenceName{""}
	if src.Ref != "" {
		names = []plumbing.ReferenceName{plumbing.NewBranchReferenceName(src.Ref), plumbing.NewTagReferenceName(src.Ref)}
	}
	var err error
	for _, name := range names {
		store := newCappedStorage(opts.MaxBytes)
		var repo *git.Repository
		repo, err = git.CloneContext(ctx, store, memfs.New(), &git.CloneOptions{
			URL: url, Auth: authFor(src, opts), ReferenceName: name,
			Depth: 1, SingleBranch: true, Tags: git.NoTags, NoCheckout: true,
			RecurseSubmodules: git.NoRecurseSubmodules, Progress: opts.Progress,
		})
		if err == nil || !isRefNotFound(err) {
			return store, repo, err
		}
	}
	return nil, nil, fmt.Errorf("%w: no branch or tag %q", ErrRefNotFound, src.Ref)
}

// fetchSHA fetches one commit: Init, a remote, and the refspec
// "<sha>:refs/heads/pinned" at depth 1 (GitHub serves any reachable sha).
func fetchSHA(ctx context.Context, store *cappedStorage, url string, src Source, opts CloneOptions) (*git.Repository, error) {
	repo, err := git.Init(store, memfs.New())
	if err != nil {
		return nil, err
	}
	remote, err := repo.CreateRemote(&config.RemoteConfig{Name: "origin", URLs: []string{url}})
	if err != nil {
		return nil, err
	}
	err = remote.FetchContext(ctx, &git.FetchOptions{
		RefSpecs: []config.RefSpec{config.RefSpec(src.Ref + ":refs/heads/pinned")},
		Depth:    1, Tags: git.NoTags, Auth: authFor(src, opts), Progress: opts.Progress,
	})
	if err == nil || store.exceeded || ctx.Err() != nil {
		return repo, err
	}
	// Servers refuse an unknown sha in many ways (an error line, a closed
	// pipe); if the repository itself answers, the commit is the problem.
	if _, lerr := remote.ListContext(ctx, &git.ListOptions{Auth: authFor(src, opts)}); lerr == nil {
		return nil, fmt.Errorf("%w: commit %s is not in %s (or the server does not serve it by sha)", ErrRefNotFound, src.Ref, src)
	}
	return nil, err
}

// authFor sends credentials only where they belong: the GitHub token to
// github.com, URL credentials to their own host.
func authFor(src Source, opts CloneOptions) transport.AuthMethod {
	if src.Password != "" {
		return &http.BasicAuth{Username: src.User, Password: src.Password}
	}
	if src.Kind == KindGitHub && opts.Token != "" {
		return &http.BasicAuth{Username: "x-access-token", Password: opts.Token}
	}
	return nil
}

func isRefNotFound(err error) bool {
	return errors.Is(err, plumbing.ErrReferenceNotFound) || errors.Is(err, git.NoMatchingRefSpecError{}) ||
		strings.Contains(err.Error(), "couldn't find remote ref")
}

// classify maps go-git errors to this package's error classes, with advice,
// and strips any secret from the message. The go-git error is not kept in
// the chain, so no caller can print it unredacted.
func classify(ctx context.Context, err error, src Source, opts CloneOptions, store *cappedStorage) error {
	msg := redact(err.Error(), opts.Token, src.Password)
	switch {
	case store != nil && store.exceeded:
		return fmt.Errorf("%w: %s holds more than %d MiB of objects (the cap); inspect a local copy instead",
			ErrTooLarge, src, opts.MaxBytes>>20)
	case errors.Is(err, ErrTooLarge), errors.Is(err, ErrRefNotFound):
		return err // ours: no go-git text, no secret
	case ctx.Err() != nil:
		return fmt.Errorf("cloning %s: %w", src, ctx.Err())
	case errors.Is(err, transport.ErrRepositoryNotFound), errors.Is(err, transport.ErrEmptyRemoteRepository):
		return fmt.Errorf("%w: %s (%s)", ErrNotFound, src, msg)
	case errors.Is(err, transport.ErrAuthenticationRequired), errors.Is(err, transport.ErrAuthorizationFailed):
		if src.Kind == KindGitHub && opts.Token == "" {
			return fmt.Errorf("%w: %s does not exist or is private; set GITHUB_TOKEN for a private repository", ErrNotFound, src)
		}
		return fmt.Errorf("%w: %s: the token was refused or lacks access to the repository", ErrAuth, src)
	case isRefNotFound(err), IsSHA(src.Ref) && strings.Contains(msg, "not our ref"),
		IsSHA(src.Ref) && strings.Contains(msg, "object not found"):
		return fmt.Errorf("%w: %s: %s", ErrRefNotFound, src, msg)
	}
	return fmt.Errorf("cloning %s: %s", src, msg)
}

func redact(msg string, secrets ...string) string {
	for _, s := range secrets {
		if s != "" {
			msg = strings.ReplaceAll(msg, s, "***")
		}
	}
	return msg
}

// cappedStorage is go-git's memory storage with a cap on the bytes of the
// objects written, so a huge repository fails while it is being fetched.
type cappedStorage struct {
	*memory.Storage
	max      int64
	used     int64
	exceeded bool
}

func newCappedStorage(max int64) *cappedStorage {
	return &cappedStorage{Storage: memory.NewStorage(), max: max}
}

// SetEncodedObject counts the object's size before storing it.
func (s *cappedStorage) SetEncodedObject(o plumbing.EncodedObject) (plumbing.Hash, error) {
	s.used += o.Size()
	if s.used > s.max {
		s.exceeded = true
		return plumbing.ZeroHash, ErrTooLarge
	}
	return s.Storage.SetEncodedObject(o)
}
