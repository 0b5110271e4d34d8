// Package github is cogport's source adapter for existing model
// repositories: it parses a source ("owner/repo@ref", a git URL or a local
// path), clones it shallowly into memory with go-git, and inspects its files
// into facts.Repo: Python version and requirements, system packages,
// existing Cog files, README usage and weight links, Hugging Face
// references, and the inference entry point with typed inputs.
package github

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// ErrInvalidSource marks a source string cogport cannot read.
var ErrInvalidSource = errors.New("invalid source")

// Source kinds.
const (
	KindGitHub = "github" // a GitHub repository
	KindGit    = "git"    // any other git URL
	KindLocal  = "local"  // a directory on disk
)

// Source is a parsed repository reference.
type Source struct {
	// Raw is the string as given.
	Raw  string
	Kind string
	// Owner and Name are set for GitHub.
	Owner string
	Name  string
	// URL is the clone URL, without credentials.
	URL string
	// Path is the absolute directory of a local source.
	Path string
	// Ref is the branch, tag or 40-hex sha after "@"; empty for the default branch.
	Ref string
	// Password is a credential embedded in the URL ("https://user:tok@host"),
	// moved out of URL so that it is never printed.
	User, Password string
}

var (
	ownerRE = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$`)
	repoRE  = regexp.MustCompile(`^[A-Za-z0-9._-]{1,100}$`)
	shaRE   = regexp.MustCompile(`^[0-9a-fA-F]{40}$`)
	scpRE   = regexp.MustCompile(`^(?:([A-Za-z0-9._-]+)@)?([A-Za-z0-9.-]+\.[A-Za-z]{2,}|localhost):([^/\\].*)$`)
)

// IsSHA reports whether ref is a full 40-hex commit id.
func IsSHA(ref string) bool { return shaRE.MatchString(ref) }

// String renders the source for messages, never with credentials.
func (s Source) String() string {
	where := s.URL
	switch {
	case s.Kind == KindGitHub:
		where = s.Owner + "/" + s.Name
	case s.Kind == KindLocal:
		where = s.Path
	}
	if s.Ref != "" {
		return where + "@" + s.Ref
	}
	return where
}

// ParseSource reads "owner/repo[@ref]", "https://github.com/owner/repo(.git)",
// "git@github.com:owner/repo.git", any other git URL (https, ssh, git,
// file), or a local repository path; each may end in "@ref". GitHub
// "/tree/<ref>" and "/commit/<sha>" URLs are understood too.
func ParseSource(raw string) (Source, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return Source{}, fmt.Errorf("%w: empty source: want owner/repo, a git URL or a local path", ErrInvalidSource)
	}
	var src Source
	var err error
	switch {
	case strings.Contains(s, "://"):
		src, err = parseURL(s)
	case scpRE.MatchString(s) && !looksLocal(s):
		src, err = parseSCP(s)
	case looksLocal(s):
		src, err = parseLocal(s)
	default:
		src, err = parseShorthand(s)
	}
	if err != nil {
		return Source{}, err
	}
	src.Raw = raw
	if err := checkRef(src.Ref); err != nil {
		return Source{}, err
	}
	if IsSHA(src.Ref) {
		src.Ref = strings.ToLower(src.Ref)
	}
	return src, nil
}

// looksLocal reports whether s is meant as a path: it starts like one, or
// it names an existing directory.
func looksLocal(s string) bool {
	for _, p := range []string{"/", "./", "../", "~/", ".\\", "..\\"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	if s == "." || s == ".." || filepath.VolumeName(s) != "" {
		return true
	}
	fi, err := os.Stat(stripRef(s))
	return err == nil && fi.IsDir()
}

// stripRef drops a trailing "@ref".
func stripRef(s string) string {
	rest, _ := splitRef(s, 0)
	return rest
}

// splitRef splits "x@ref" at the last "@" that comes after index from.
func splitRef(s string, from int) (string, string) {
	i := strings.LastIndex(s, "@")
	if i < from || i < 0 {
		return s, ""
	}
	return s[:i], s[i+1:]
}

func parseShorthand(s string) (Source, error) {
	rest, ref := splitRef(s, 0)
	rest = strings.TrimPrefix(strings.TrimPrefix(rest, "https://"), "www.")
	rest = strings.TrimPrefix(rest, "github.com/")
	parts := strings.Split(strings.TrimSuffix(rest, "/"), "/")
	if len(parts) != 2 {
		return Source{}, fmt.Errorf("%w %q: want owner/repo[@ref], a git URL or a local repository path", ErrInvalidSource, s)
	}
	return githubSource(parts[0], parts[1], ref, s)
}

func githubSource(owner, name, ref, raw string) (Source, error) {
	name = strings.TrimSuffix(name, ".git")
	if !ownerRE.MatchString(owner) || strings.HasSuffix(owner, "-") {
		return Source{}, fmt.Errorf("%w %q: %q is not a GitHub owner name", ErrInvalidSource, raw, owner)
	}
	if !repoRE.MatchString(name) || name == "." || name == ".." {
		return Source{}, fmt.Errorf("%w %q: %q is not a GitHub repository name", ErrInvalidSource, raw, name)
	}
	return Source{Kind: KindGitHub, Owner: owner, Name: name, Ref: ref,
		URL: "https://github.com/" + owner + "/" + name + ".git"}, nil
}

// parseSCP reads "git@host:owner/repo.git[@ref]".
func parseSCP(s string) (Source, error) {
	m := scpRE.FindStringSubmatch(s)
	p, ref := splitRef(m[3], 0)
	host := strings.ToLower(m[2])
	if host == "github.com" {
		parts := strings.Split(strings.TrimSuffix(p, "/"), "/")
		if len(parts) != 2 {
			return Source{}, fmt.Errorf("%w %q: want git@github.com:owner/repo.git", ErrInvalidSource, s)
		}
		// HTTPS needs no SSH agent and works with GITHUB_TOKEN.
		return githubSource(parts[0], parts[1], ref, s)
	}
	return Source{Kind: KindGit, URL: strings.TrimSuffix(s, "@"+ref), Ref: ref}, nil
}

func parseLocal(s string) (Source, error) {
	p, ref := s, ""
	if fi, err := os.Stat(expandHome(s)); err != nil || !fi.IsDir() {
		p, ref = splitRef(s, strings.LastIndexAny(s, `/\`)+1)
	}
	p = expandHome(p)
	fi, err := os.Stat(p)
	if err != nil || !fi.IsDir() {
		return Source{}, fmt.Errorf("%w %q: no such directory", ErrInvalidSource, s)
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return Source{}, fmt.Errorf("%w %q: %w", ErrInvalidSource, s, err)
	}
	return Source{Kind: KindLocal, Path: abs, Ref: ref}, nil
}

func expandHome(p string) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	return p
}

// parseURL reads scheme URLs; GitHub web URLs may carry /tree/<ref> or
// /commit/<sha>.
func parseURL(s string) (Source, error) {
	u, err := url.Parse(s)
	if err != nil {
		return Source{}, fmt.Errorf("%w %q: %w", ErrInvalidSource, redactURL(s), err)
	}
	switch u.Scheme {
	case "https", "http", "ssh", "git", "file":
	default:
		return Source{}, fmt.Errorf("%w %q: unsupported scheme %q (want https, ssh, git or file)", ErrInvalidSource, redactURL(s), u.Scheme)
	}
	var user, pass string
	if u.User != nil {
		user = u.User.Username()
		pass, _ = u.User.Password()
		if pass != "" || u.Scheme == "https" || u.Scheme == "http" {
			u.User = nil // credentials travel as auth, never inside the URL
		}
	}
	p, ref := splitRef(u.Path, 0)
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	if host == "github.com" && u.Scheme != "file" {
		src, err := parseGitHubPath(p, ref, s)
		src.User, src.Password = user, pass
		return src, err
	}
	if u.Host == "" && u.Scheme != "file" {
		return Source{}, fmt.Errorf("%w %q: missing host", ErrInvalidSource, redactURL(s))
	}
	u.Path = p
	return Source{Kind: KindGit, URL: u.String(), Ref: ref, User: user, Password: pass}, nil
}

// parseGitHubPath reads "/owner/repo[.git][/tree/<ref>|/commit/<sha>]".
func parseGitHubPath(p, ref, raw string) (Source, error) {
	parts := strings.Split(strings.Trim(p, "/"), "/")
	if len(parts) < 2 {
		return Source{}, fmt.Errorf("%w %q: want https://github.com/owner/repo", ErrInvalidSource, redactURL(raw))
	}
	if len(parts) > 2 {
		kind, rest := parts[2], strings.Join(parts[3:], "/")
		if (kind != "tree" && kind != "commit") || rest == "" {
			return Source{}, fmt.Errorf("%w %q: want https://github.com/owner/repo[/tree/<ref>]", ErrInvalidSource, redactURL(raw))
		}
		if ref != "" && ref != rest {
			return Source{}, fmt.Errorf("%w %q: two refs given (%q and %q)", ErrInvalidSource, redactURL(raw), rest, ref)
		}
		ref = rest
	}
	return githubSource(parts[0], parts[1], ref, redactURL(raw))
}

// redactURL hides a URL's password for error messages.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		if i := strings.Index(s, "://"); i >= 0 {
			if at := strings.LastIndex(s, "@"); at > i && strings.Contains(s[i+3:at], ":") {
				return s[:i+3] + "***@" + s[at+1:]
			}
		}
		return s
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "***")
		return strings.Replace(u.String(), "%2A%2A%2A", "***", 1)
	}
	return s
}

// checkRef applies git's ref-name rules (git check-ref-format) so that a
// typo fails before any network call.
func checkRef(ref string) error {
	if ref == "" {
		return nil
	}
	bad := strings.ContainsAny(ref, " ~^:?*[\\\t\n") || strings.Contains(ref, "..") ||
		strings.Contains(ref, "@{") || strings.Contains(ref, "//") ||
		strings.HasPrefix(ref, "-") || strings.HasPrefix(ref, "/") ||
		strings.HasSuffix(ref, "/") || strings.HasSuffix(ref, ".") || strings.HasSuffix(ref, ".lock")
	for _, r := range ref {
		bad = bad || r < 0x20 || r == 0x7f
	}
	if bad {
		return fmt.Errorf("%w: %q is not a valid branch, tag or commit name", ErrInvalidSource, ref)
	}
	return nil
}
