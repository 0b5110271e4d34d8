package hf

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Error classes. Every error the client returns for an HTTP answer wraps
// exactly one of them, so callers can branch with errors.Is.
var (
	// ErrNotFound: the repository does not exist, or it is private and the
	// token (if any) cannot see it. The Hub does not tell the two apart.
	ErrNotFound = errors.New("repository not found")
	// ErrRevisionNotFound: the branch, tag or commit does not exist.
	ErrRevisionNotFound = errors.New("revision not found")
	// ErrEntryNotFound: the file does not exist at that commit.
	ErrEntryNotFound = errors.New("file not found")
	// ErrGated: the repository is gated and the terms were not accepted (or
	// no token was sent).
	ErrGated = errors.New("gated repository")
	// ErrAuth: the token was rejected or lacks permission.
	ErrAuth = errors.New("authentication failed")
	// ErrRateLimited: still answered 429 after all retries.
	ErrRateLimited = errors.New("rate limited")
	// ErrServer: still answered 5xx (or could not be reached) after all retries.
	ErrServer = errors.New("hub server error")
	// ErrBadResponse: a malformed, truncated or unexpected answer.
	ErrBadResponse = errors.New("bad response from the hub")
	// ErrTooLarge: the answer is bigger than the client accepts.
	ErrTooLarge = errors.New("response too large")
)

// Error is the client's error for a failed Hub request. Its text is one
// lowercase line naming the repository and what to do; it never holds the
// token. Unwrap yields the class (ErrNotFound, ...) and the cause, if any.
type Error struct {
	Class  error
	Repo   string
	Status int // HTTP status, 0 when none was received
	Msg    string
	Err    error
}

func (e *Error) Error() string { return e.Msg }

// Unwrap lets errors.Is match both the class and the underlying cause.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Class}
	}
	return []error{e.Class, e.Err}
}

// reqKind says what a request was for, which changes the advice in errors.
type reqKind int

const (
	kindInfo reqKind = iota
	kindFile
)

// target describes the request an error is about.
type target struct {
	kind     reqKind
	repo     string
	revision string
	path     string
	endpoint string
	withTok  bool
}

// statusError classifies a non-2xx answer by X-Error-Code, then by status.
func (c *Client) statusError(t target, resp *http.Response, tries int) error {
	code := resp.Header.Get("X-Error-Code")
	msg := c.scrub(resp.Header.Get("X-Error-Message"))
	e := &Error{Repo: t.repo, Status: resp.StatusCode}
	switch {
	case code == "GatedRepo":
		e.Class, e.Msg = ErrGated, gatedMsg(t)
	case code == "RepoNotFound" || code == "DisabledRepo":
		e.Class, e.Msg = ErrNotFound, notFoundMsg(t)
	case code == "RevisionNotFound":
		e.Class = ErrRevisionNotFound
		e.Msg = fmt.Sprintf("revision %q not found in %s: check the branch, tag or commit", t.revision, t.repo)
	case code == "EntryNotFound" || (t.kind == kindFile && resp.StatusCode == http.StatusNotFound):
		e.Class = ErrEntryNotFound
		e.Msg = fmt.Sprintf("file %q not found in %s at %s: check the path and the revision", t.path, t.repo, t.revision)
	case strings.Contains(strings.ToLower(msg), "invalid credentials") ||
		(resp.StatusCode == http.StatusForbidden):
		e.Class, e.Msg = ErrAuth, authMsg(t, msg)
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusNotFound:
		e.Class, e.Msg = ErrNotFound, notFoundMsg(t)
	case resp.StatusCode == http.StatusTooManyRequests:
		e.Class = ErrRateLimited
		e.Msg = fmt.Sprintf("rate limited by %s while reading %s (%d tries): wait a few minutes, or set HF_TOKEN for a higher limit", t.endpoint, t.repo, tries)
	case resp.StatusCode >= 500:
		e.Class = ErrServer
		e.Msg = fmt.Sprintf("%s answered %s for %s (%d tries): try again later", t.endpoint, resp.Status, t.repo, tries)
	default:
		e.Class = ErrBadResponse
		e.Msg = fmt.Sprintf("%s answered %s for %s%s", t.endpoint, resp.Status, t.repo, suffix(msg))
	}
	return e
}

func notFoundMsg(t target) string {
	if t.withTok {
		return fmt.Sprintf("model %s not found on %s, or your token cannot see it: check the id", t.repo, t.endpoint)
	}
	return fmt.Sprintf("model %s not found on %s: check the id, or set HF_TOKEN (or use --token-stdin) if it is private", t.repo, t.endpoint)
}

func gatedMsg(t target) string {
	page := t.endpoint + "/" + t.repo
	if t.withTok {
		return fmt.Sprintf("model %s is gated and your token has no access yet: accept the terms at %s with its account, or set HF_TOKEN or use --token-stdin with a token that has access", t.repo, page)
	}
	return fmt.Sprintf("model %s is gated: accept the terms at %s, then set HF_TOKEN or use --token-stdin", t.repo, page)
}

func authMsg(t target, msg string) string {
	if !t.withTok {
		return fmt.Sprintf("%s refused access to %s%s: set HF_TOKEN or use --token-stdin", t.endpoint, t.repo, suffix(msg))
	}
	return fmt.Sprintf("%s rejected the hugging face token for %s%s: check HF_TOKEN or the token file, or pass a fresh one with --token-stdin", t.endpoint, t.repo, suffix(msg))
}

// suffix renders a server message as " (message)", lowercased, or "".
func suffix(msg string) string {
	msg = strings.TrimSpace(strings.ToLower(msg))
	if msg == "" {
		return ""
	}
	if len(msg) > 200 {
		msg = msg[:200] + "..."
	}
	return " (" + strings.ReplaceAll(msg, "\n", " ") + ")"
}

// scrub removes the token from text that came from the network, in case a
// server echoes it back.
func (c *Client) scrub(s string) string {
	if c.token == "" || !strings.Contains(s, c.token) {
		return s
	}
	return strings.ReplaceAll(s, c.token, "[token]")
}
