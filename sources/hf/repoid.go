package hf

import (
	"fmt"
	"regexp"
	"strings"
)

// repoIDPart is one segment of a repo id, as huggingface_hub's
// validate_repo_id accepts it: word characters, '-' and '.'.
var repoIDPart = regexp.MustCompile(`^[A-Za-z0-9_.\-]+$`)

// maxRepoIDLen is huggingface_hub's limit on a repo id.
const maxRepoIDLen = 96

// ValidateRepoID reports whether id can name a Hub repository: "name" (a
// legacy id the Hub redirects) or "org/name", with no "..", "--", leading or
// trailing '-' or '.', and no path syntax.
func ValidateRepoID(id string) error {
	bad := func(why string) error {
		return fmt.Errorf("%q is not a hugging face repo id (want org/name): %s", id, why)
	}
	switch {
	case id == "":
		return fmt.Errorf("empty hugging face repo id (want org/name)")
	case len(id) > maxRepoIDLen:
		return bad(fmt.Sprintf("longer than %d characters", maxRepoIDLen))
	case strings.HasPrefix(id, "/") || strings.Contains(id, `\`):
		return bad("it looks like a path; use a local folder source for files on disk")
	case strings.Contains(id, ".."):
		return bad(`it contains ".."`)
	case strings.Contains(id, "--"):
		return bad(`it contains "--"`)
	}
	parts := strings.Split(id, "/")
	if len(parts) > 2 {
		return bad("it has more than one '/'")
	}
	for _, p := range parts {
		if !repoIDPart.MatchString(p) {
			return bad("only letters, digits, '-', '_' and '.' are allowed around one '/'")
		}
		if strings.HasPrefix(p, "-") || strings.HasPrefix(p, ".") ||
			strings.HasSuffix(p, "-") || strings.HasSuffix(p, ".") {
			return bad("a part starts or ends with '-' or '.'")
		}
	}
	return nil
}

// validateRevision rejects revisions that cannot be a branch, tag or commit.
// Revisions are sent fully escaped, so this only guards against nonsense.
func validateRevision(rev string) error {
	if strings.TrimSpace(rev) != rev || strings.ContainsAny(rev, "\x00\r\n\t") {
		return fmt.Errorf("revision %q has spaces or control characters", rev)
	}
	for _, seg := range strings.Split(rev, "/") {
		if seg == ".." || seg == "." {
			return fmt.Errorf("revision %q has a %q segment", rev, seg)
		}
	}
	return nil
}

// validateRepoPath rejects file paths that could escape the repository.
func validateRepoPath(p string) error {
	if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, `\`) || strings.ContainsAny(p, "\x00\r\n") {
		return fmt.Errorf("%q is not a relative repository path", p)
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return fmt.Errorf("%q is not a clean relative repository path", p)
		}
	}
	return nil
}

// escapeRevision escapes a revision as one path segment, as huggingface_hub's
// quote(revision, safe="") does: "refs/pr/1" becomes "refs%2Fpr%2F1".
func escapeRevision(rev string) string {
	return quote(rev, false)
}

// escapePath escapes a repository path but keeps its slashes, as
// quote(path, safe="/") does.
func escapePath(p string) string {
	return quote(p, true)
}

// quote is Python's urllib.parse.quote: everything but ASCII letters, digits
// and "_.-~" (and '/' when keepSlash) is percent-encoded byte by byte.
func quote(s string, keepSlash bool) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9',
			c == '_', c == '.', c == '-', c == '~', keepSlash && c == '/':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}
