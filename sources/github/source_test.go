package github

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseSource(t *testing.T) {
	sha := "0123456789ABCDEF0123456789abcdef01234567"
	cases := []struct {
		in                          string
		kind, owner, name, url, ref string
	}{
		{"openai/whisper", KindGitHub, "openai", "whisper", "https://github.com/openai/whisper.git", ""},
		{"openai/whisper@v20231117", KindGitHub, "openai", "whisper", "https://github.com/openai/whisper.git", "v20231117"},
		{"o/r@feature/x", KindGitHub, "o", "r", "https://github.com/o/r.git", "feature/x"},
		{"o/r@" + sha, KindGitHub, "o", "r", "https://github.com/o/r.git", strings.ToLower(sha)},
		{"https://github.com/o/r", KindGitHub, "o", "r", "https://github.com/o/r.git", ""},
		{"https://www.github.com/o/r.git/", KindGitHub, "o", "r", "https://github.com/o/r.git", ""},
		{"https://github.com/o/r.git@main", KindGitHub, "o", "r", "https://github.com/o/r.git", "main"},
		{"https://github.com/o/r/tree/release/1.0", KindGitHub, "o", "r", "https://github.com/o/r.git", "release/1.0"},
		{"https://github.com/o/r/commit/" + sha, KindGitHub, "o", "r", "https://github.com/o/r.git", strings.ToLower(sha)},
		{"github.com/o/r", KindGitHub, "o", "r", "https://github.com/o/r.git", ""},
		{"git@github.com:o/r.git", KindGitHub, "o", "r", "https://github.com/o/r.git", ""},
		{"git@github.com:o/r.git@v2", KindGitHub, "o", "r", "https://github.com/o/r.git", "v2"},
		{"https://gitlab.com/g/sub/r.git@dev", KindGit, "", "", "https://gitlab.com/g/sub/r.git", "dev"},
		{"ssh://git@example.org:2222/r.git", KindGit, "", "", "ssh://git@example.org:2222/r.git", ""},
		{"git@gitlab.com:g/r.git", KindGit, "", "", "git@gitlab.com:g/r.git", ""},
		{"file:///srv/r.git@main", KindGit, "", "", "file:///srv/r.git", "main"},
	}
	for _, c := range cases {
		s, err := ParseSource(c.in)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if s.Kind != c.kind || s.Owner != c.owner || s.Name != c.name || s.URL != c.url || s.Ref != c.ref {
			t.Errorf("%q: got %+v", c.in, s)
		}
	}
}

func TestParseSourceCredentials(t *testing.T) {
	s, err := ParseSource("https://bot:s3cret@git.example.org/team/r.git")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(s.URL, "s3cret") || strings.Contains(s.String(), "s3cret") || s.Password != "s3cret" {
		t.Errorf("credentials leaked or lost: %+v", s)
	}
	_, err = ParseSource("ftp://bot:s3cret@host/r")
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("ftp error %v", err)
	}
}

func TestParseSourceLocal(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "my@model")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	s, err := ParseSource(dir + "@main")
	if err != nil || s.Kind != KindLocal || s.Path != dir || s.Ref != "main" {
		t.Errorf("local with ref: %+v %v", s, err)
	}
	// A directory whose name contains "@" is a directory, not a ref.
	s, err = ParseSource(sub)
	if err != nil || s.Path != sub || s.Ref != "" {
		t.Errorf("dir with @: %+v %v", s, err)
	}
	wd, _ := os.Getwd()
	t.Chdir(dir)
	s, err = ParseSource("./my@model")
	if err != nil || s.Path != sub {
		t.Errorf("relative: %+v %v", s, err)
	}
	t.Chdir(wd)
}

func TestParseSourceErrors(t *testing.T) {
	cases := map[string]string{
		"":                                "empty source",
		"whisper":                         "want owner/repo",
		"a/b/c":                           "want owner/repo",
		"-bad/repo":                       "not a GitHub owner name",
		"o/r@bad..ref":                    "not a valid branch",
		"o/r@ref with space":              "not a valid branch",
		"o/r@-x":                          "not a valid branch",
		"https://github.com/o":            "want https://github.com/owner/repo",
		"https://github.com/o/r/issues":   "want https://github.com/owner/repo",
		"https://github.com/o/r/tree/a@b": "two refs given",
		"./does-not-exist":                "no such directory",
		"ftp://host/r.git":                "unsupported scheme",
		"o/r?x":                           "not a GitHub repository name",
	}
	for in, want := range cases {
		_, err := ParseSource(in)
		if !errors.Is(err, ErrInvalidSource) || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got %v, want %q", in, err, want)
		}
	}
}
