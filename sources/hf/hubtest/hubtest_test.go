package hubtest_test

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cogport/cogport/sources/hf/hubtest"
)

const sha = "0123456789abcdef0123456789abcdef01234567"

func get(t *testing.T, srv *hubtest.Server, path, token string) (*http.Response, string, error) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	c := srv.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := c.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, string(b), err
}

func TestServeModelDir(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "README.md"), "# hi\n")
	write(t, filepath.Join(dir, "unet", "config.json"), "{}")
	write(t, filepath.Join(dir, ".git", "HEAD"), "x")
	srv := hubtest.NewServer(t, hubtest.WithModelDir("o/n", sha, dir))

	resp, body, err := get(t, srv, hubtest.InfoPath("o/n", "main")+"?blobs=true", "")
	if err != nil || resp.StatusCode != 200 || !strings.Contains(body, `"rfilename":"unet/config.json"`) || strings.Contains(body, ".git") {
		t.Fatalf("info: %v %v %s", err, resp, body)
	}
	resp, body, err = get(t, srv, hubtest.ResolvePath("o/n", sha, "unet/config.json"), "")
	if err != nil || resp.StatusCode != 200 || body != "{}" || resp.Header.Get("X-Repo-Commit") != sha || resp.Header.Get("ETag") == "" {
		t.Fatalf("file: %v %+v %q", err, resp, body)
	}
	for path, code := range map[string]string{
		hubtest.ResolvePath("o/n", sha, "nope.json"):  "EntryNotFound",
		hubtest.ResolvePath("o/n", "v9", "README.md"): "RevisionNotFound",
		hubtest.InfoPath("o/n", "refs/pr/1"):          "RevisionNotFound",
		hubtest.InfoPath("x/y", ""):                   "RepoNotFound",
		hubtest.ResolvePath("x/y", sha, "README.md"):  "RepoNotFound",
	} {
		resp, _, _ := get(t, srv, path, "")
		if got := resp.Header.Get("X-Error-Code"); got != code {
			t.Errorf("%s: X-Error-Code %q, want %q", path, got, code)
		}
	}
	if got := hubtest.InfoPath("o/n", "refs/pr/1"); got != "/api/models/o/n/revision/refs%2Fpr%2F1" {
		t.Errorf("InfoPath escaping: %s", got)
	}
	reqs := srv.Requests()
	if len(reqs) != 7 || reqs[0].Query != "blobs=true" || reqs[0].Auth {
		t.Errorf("log: %+v", reqs)
	}
}

func TestFaultsInOrderThenNormal(t *testing.T) {
	m := hubtest.Model{ID: "o/n", SHA: sha, Files: []hubtest.File{{Path: "a.txt", Body: []byte("0123456789")}}}
	path := hubtest.ResolvePath("o/n", sha, "a.txt")
	srv := hubtest.NewServer(t, hubtest.WithModel(m), hubtest.WithFaults(path,
		hubtest.Fault{Status: 429, Header: http.Header{"Retry-After": {"3"}}},
		hubtest.Fault{Truncate: true},
		hubtest.Fault{Reset: true},
		hubtest.Fault{Body: "replaced"},
	))
	resp, _, _ := get(t, srv, path, "")
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "3" {
		t.Errorf("first: %+v", resp)
	}
	if _, _, err := get(t, srv, path, ""); err == nil {
		t.Error("second: a truncated body must fail to read")
	}
	if _, _, err := get(t, srv, path, ""); err == nil {
		t.Error("third: a reset must fail")
	}
	if _, body, _ := get(t, srv, path, ""); body != "replaced" {
		t.Errorf("fourth: %q", body)
	}
	if _, body, _ := get(t, srv, path, ""); body != "0123456789" {
		t.Errorf("then normal: %q", body)
	}
}

func TestAliasAndGating(t *testing.T) {
	m := hubtest.Model{ID: "org/new", SHA: sha, Gated: "auto", Tokens: []string{"good"},
		Files: []hubtest.File{{Path: "a.txt", Body: []byte("a")}}}
	srv := hubtest.NewServer(t, hubtest.WithModel(m), hubtest.WithAlias("old", "org/new"), hubtest.WithValidTokens("good", "other"))
	resp, _, _ := get(t, srv, "/api/models/old/revision/main", "")
	if resp.StatusCode != 307 || resp.Header.Get("Location") != "/api/models/org/new/revision/main" {
		t.Errorf("alias: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	path := hubtest.ResolvePath("org/new", sha, "a.txt")
	for token, want := range map[string]int{"": 401, "other": 403, "bad": 401, "good": 200} {
		if resp, _, _ := get(t, srv, path, token); resp.StatusCode != want {
			t.Errorf("token %q: %d, want %d", token, resp.StatusCode, want)
		}
	}
}

func TestServeCorpusDanglingRedirect(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "old-name")
	write(t, filepath.Join(dir, "model-info.307-redirect.http.json"), `{
 "request": {"method": "GET", "uri": "https://huggingface.co/api/models/old-name"},
 "status": 307,
 "headers": {"Location": ["/api/models/someone/elsewhere"], "Content-Length": ["9"]},
 "body": "Temporary Redirect."}`)
	srv, cm := hubtest.ServeCorpusModel(t, dir)
	if cm.RequestID != "old-name" || cm.Status != 307 || cm.ID != "" {
		t.Errorf("corpus model: %+v", cm)
	}
	resp, _, _ := get(t, srv, "/api/models/old-name", "")
	if resp.StatusCode != 307 || resp.Header.Get("Location") != "/api/models/someone/elsewhere" {
		t.Errorf("replayed: %+v", resp)
	}
	if resp, _, _ := get(t, srv, "/api/models/someone/elsewhere", ""); resp.Header.Get("X-Error-Code") != "RepoNotFound" {
		t.Errorf("target outside the corpus: %+v", resp)
	}
	dirs, err := hubtest.CorpusModelDirs(root)
	if err != nil || len(dirs) != 1 {
		t.Errorf("CorpusModelDirs: %v %v", dirs, err)
	}
}

func write(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
