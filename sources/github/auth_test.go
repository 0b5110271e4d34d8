package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
)

func TestAuthGoesOnlyWhereItBelongs(t *testing.T) {
	gh, _ := ParseSource("o/r")
	other, _ := ParseSource("https://gitlab.com/o/r.git")
	withPass, _ := ParseSource("https://bot:pw@git.example.org/r.git")
	if a, ok := authFor(gh, CloneOptions{Token: "tok"}).(*githttp.BasicAuth); !ok || a.Username != "x-access-token" || a.Password != "tok" {
		t.Errorf("github auth %+v", a)
	}
	if a := authFor(other, CloneOptions{Token: "tok"}); a != nil {
		t.Errorf("the GitHub token must not go to gitlab.com: %+v", a)
	}
	if a, ok := authFor(withPass, CloneOptions{Token: "tok"}).(*githttp.BasicAuth); !ok || a.Username != "bot" || a.Password != "pw" {
		t.Errorf("URL credentials %+v", a)
	}
}

// TestCredentialsNeverInErrors clones from an HTTP server that refuses
// everyone: the credentials must reach the server, never the error.
func TestCredentialsNeverInErrors(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Get("Authorization"))
		mu.Unlock()
		w.Header().Set("WWW-Authenticate", `Basic realm="git"`)
		http.Error(w, "denied for s3cr3t-password", http.StatusUnauthorized)
	}))
	defer srv.Close()
	source := strings.Replace(srv.URL, "http://", "http://bot:s3cr3t-password@", 1) + "/team/model.git"
	_, err := load(t, source, Options{})
	if !errors.Is(err, ErrAuth) {
		t.Fatalf("got %v, want ErrAuth", err)
	}
	if strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("error leaks the password: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) == 0 || seen[0] == "" {
		t.Errorf("the server saw no credentials: %q", seen)
	}
}

// leakyCloner is a Cloner that echoes the token, as a careless one might.
type leakyCloner struct{}

func (leakyCloner) Clone(_ context.Context, _ Source, o CloneOptions) (*Snapshot, error) {
	return nil, fmt.Errorf("%w: GET https://x-access-token:%s@github.com/o/r failed", ErrNotFound, o.Token)
}

func TestLoadScrubsTokenFromClonerErrors(t *testing.T) {
	_, err := load(t, "o/r", Options{Cloner: leakyCloner{}, Token: "ghp_secret"})
	if !errors.Is(err, ErrNotFound) || strings.Contains(err.Error(), "ghp_secret") || !strings.Contains(err.Error(), "***") {
		t.Errorf("got %v", err)
	}
	t.Setenv("GITHUB_TOKEN", "")
	t.Setenv("GH_TOKEN", "from-gh")
	if TokenFromEnv() != "from-gh" {
		t.Errorf("GH_TOKEN fallback")
	}
	t.Setenv("GITHUB_TOKEN", "from-github")
	if TokenFromEnv() != "from-github" {
		t.Errorf("GITHUB_TOKEN first")
	}
}

func TestClassifyRedactsToken(t *testing.T) {
	src, _ := ParseSource("o/r")
	err := classify(context.Background(), errors.New("dial https://tok123@github.com: refused"), src, CloneOptions{Token: "tok123"}, nil)
	if strings.Contains(err.Error(), "tok123") {
		t.Errorf("token leaked: %v", err)
	}
}
