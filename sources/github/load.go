package github

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/cogport/cogport/facts"
)

// ErrNoPython is returned by Load for a repository without Python files.
var ErrNoPython = errors.New("no Python code")

// DefaultTimeout bounds a clone when the context has no deadline.
const DefaultTimeout = 5 * time.Minute

// Options configure Load.
type Options struct {
	// Cloner fetches remote repositories; nil means GitCloner.
	Cloner Cloner
	// Token is the GitHub token; empty means TokenFromEnv().
	Token string
	// Progress receives clone progress (may be nil).
	Progress io.Writer
	// MaxBytes and MaxFiles cap the repository (see CloneOptions).
	MaxBytes int64
	MaxFiles int
	// Timeout bounds the clone when ctx has no deadline; 0 means DefaultTimeout.
	Timeout time.Duration
}

// TokenFromEnv returns GITHUB_TOKEN, else GH_TOKEN (the gh CLI's).
func TokenFromEnv() string {
	if t := os.Getenv("GITHUB_TOKEN"); t != "" {
		return t
	}
	return os.Getenv("GH_TOKEN")
}

// Load parses source, fetches the repository and inspects it. URLs and
// owner/repo are cloned; a local work tree is read as it is (uncommitted
// changes included); a local repository with "@ref", or a bare one, is read
// from its object store at that ref.
func Load(ctx context.Context, source string, opts Options) (*facts.Repo, error) {
	src, err := ParseSource(source)
	if err != nil {
		return nil, err
	}
	snap, err := Fetch(ctx, src, opts)
	if err != nil {
		return nil, err
	}
	repo := Inspect(snap, src)
	if !hasPython(snap.Files) {
		return repo, fmt.Errorf("%w: %s has no Python files; cogport github wraps Python model repositories", ErrNoPython, src)
	}
	return repo, nil
}

// Fetch returns the snapshot of a parsed source.
func Fetch(ctx context.Context, src Source, opts Options) (*Snapshot, error) {
	copts := CloneOptions{Token: opts.Token, Progress: opts.Progress, MaxBytes: opts.MaxBytes, MaxFiles: opts.MaxFiles}
	if copts.Token == "" {
		copts.Token = TokenFromEnv()
	}
	switch {
	case src.Kind == KindLocal && src.Ref == "" && !IsBareRepo(src.Path):
		return OpenDir(src.Path, copts)
	case src.Kind == KindLocal && src.Ref == "":
		return OpenRef(src.Path, "HEAD", copts)
	case src.Kind == KindLocal:
		return OpenRef(src.Path, src.Ref, copts)
	}
	if _, ok := ctx.Deadline(); !ok {
		timeout := opts.Timeout
		if timeout <= 0 {
			timeout = DefaultTimeout
		}
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	cloner := opts.Cloner
	if cloner == nil {
		cloner = GitCloner{}
	}
	snap, err := cloner.Clone(ctx, src, copts)
	if err != nil {
		return nil, scrub(err, copts.Token, src.Password) // a custom Cloner may leak a secret
	}
	return snap, nil
}

// hasPython reports whether the tree has Python files or notebooks.
func hasPython(files []facts.RepoFile) bool {
	for _, f := range files {
		if strings.HasSuffix(f.Path, ".py") || strings.HasSuffix(f.Path, ".ipynb") {
			return true
		}
	}
	return false
}

// scrub replaces an error whose text holds a secret by a redacted one that
// keeps its class (ErrNotFound, context.DeadlineExceeded, ...).
func scrub(err error, secrets ...string) error {
	msg := redact(err.Error(), secrets...)
	if msg == err.Error() {
		return err
	}
	for _, class := range []error{ErrNotFound, ErrAuth, ErrRefNotFound, ErrTooLarge, context.DeadlineExceeded, context.Canceled} {
		if errors.Is(err, class) {
			return &redactedError{msg: msg, class: class}
		}
	}
	return &redactedError{msg: msg}
}

type redactedError struct {
	msg   string
	class error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.class }
