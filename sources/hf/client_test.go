package hf_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/sources/hf"
	"github.com/cogport/cogport/sources/hf/hubtest"
)

func TestModelInfoHappyPath(t *testing.T) {
	srv := hubtest.NewServer(t, hubtest.WithModel(sampleModel()))
	c, _ := newClient(srv, "", nil)
	m, err := c.ModelInfo(context.Background(), "acme/tiny-diffusion", "")
	if err != nil {
		t.Fatal(err)
	}
	if m.ID != "acme/tiny-diffusion" || m.SHA != testSHA || m.Revision != "main" || m.Endpoint != srv.URL {
		t.Errorf("identity: got %q %q %q %q", m.ID, m.SHA, m.Revision, m.Endpoint)
	}
	if m.PipelineTag != "text-to-image" || m.LibraryName != "diffusers" || !m.HasTag("diffusers") {
		t.Errorf("task/library/tags: %q %q %v", m.PipelineTag, m.LibraryName, m.Tags)
	}
	if got := m.TagValues("base_model:adapter:"); !reflect.DeepEqual(got, []string{"acme/base"}) {
		t.Errorf("adapter tag values: %v", got)
	}
	if m.Parameters != 1234 || m.TransformersInfo.AutoModel != "AutoModel" || m.Gated != "" || m.Private {
		t.Errorf("params %d, transformersInfo %+v, gated %q, private %v", m.Parameters, m.TransformersInfo, m.Gated, m.Private)
	}
	if !strings.Contains(string(m.Config), `"_class_name":"StableDiffusionPipeline"`) {
		t.Errorf("config: %s", m.Config)
	}
	if len(m.Widgets) != 1 || m.Widgets[0] != (facts.Widget{Text: "a red fox", Title: "Fox"}) {
		t.Errorf("widgets: %+v", m.Widgets)
	}
	weights := fileByPath(m, "unet/diffusion_pytorch_model.safetensors")
	if weights == nil || !weights.LFS || weights.Size != 3_400_000_000 || len(weights.SHA256) != 64 || weights.BlobID == "" {
		t.Errorf("weights file: %+v", weights)
	}
	if f := fileByPath(m, "model_index.json"); f == nil || f.LFS || f.Size != 42 {
		t.Errorf("model_index.json: %+v", f)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 || reqs[0].Path != "/api/models/acme/tiny-diffusion" || reqs[0].Query != "blobs=true" || reqs[0].Auth {
		t.Errorf("requests: %+v", reqs)
	}
}

func TestModelInfoSizesAndGatedFromBody(t *testing.T) {
	body := `{"id":"o/n","sha":"` + testSHA + `","gated":"manual","private":true,
		"siblings":[{"rfilename":"a.json"},{"rfilename":"w.bin","lfs":{"sha256":"` + strings.Repeat("ab", 32) + `","size":99}}],
		"cardData":{"widget":[{"messages":[{"role":"system","content":"be nice"},{"role":"user","content":"hello"}]}]}}`
	srv := hubtest.NewServer(t, hubtest.WithModel(hubtest.Model{ID: "o/n", SHA: testSHA, Info: []byte(body)}))
	c, _ := newClient(srv, "", nil)
	m, err := c.ModelInfo(context.Background(), "o/n", "")
	if err != nil {
		t.Fatal(err)
	}
	if m.Gated != "manual" || !m.Private {
		t.Errorf("gated %q private %v", m.Gated, m.Private)
	}
	if f := fileByPath(m, "a.json"); f == nil || f.Size != -1 {
		t.Errorf("a size-less sibling must have Size -1: %+v", f)
	}
	if f := fileByPath(m, "w.bin"); f == nil || f.Size != 99 || !f.LFS {
		t.Errorf("lfs size fallback: %+v", f)
	}
	if len(m.Widgets) != 1 || m.Widgets[0].Text != "hello" {
		t.Errorf("chat widget from cardData: %+v", m.Widgets)
	}
}

func TestModelInfoRevisionEscaping(t *testing.T) {
	mod := sampleModel()
	mod.Refs = map[string]string{"refs/pr/1": testSHA, "v1.0+rc": testSHA}
	srv := hubtest.NewServer(t, hubtest.WithModel(mod))
	c, _ := newClient(srv, "", nil)
	for rev, wantPath := range map[string]string{
		"refs/pr/1": "/api/models/acme/tiny-diffusion/revision/refs%2Fpr%2F1",
		"v1.0+rc":   "/api/models/acme/tiny-diffusion/revision/v1.0%2Brc",
		testSHA:     "/api/models/acme/tiny-diffusion/revision/" + testSHA,
	} {
		srv.ResetRequests()
		m, err := c.ModelInfo(context.Background(), mod.ID, rev)
		if err != nil {
			t.Fatalf("%s: %v", rev, err)
		}
		if m.Revision != rev {
			t.Errorf("revision: got %q want %q", m.Revision, rev)
		}
		if got := paths(srv.Requests()); len(got) != 1 || got[0] != wantPath {
			t.Errorf("%s: requested %v, want %s", rev, got, wantPath)
		}
	}
}

func TestModelInfoRejectsBadIDs(t *testing.T) {
	srv := hubtest.NewServer(t)
	c, _ := newClient(srv, "", nil)
	for _, id := range []string{"", "/etc/passwd", "../x", "a/../b", "a/b/c", "a--b/c", "-a/b", "a/b.", `a\b`, "a b/c", strings.Repeat("x", 97)} {
		_, err := c.ModelInfo(context.Background(), id, "")
		if err == nil || !strings.Contains(err.Error(), "repo id") {
			t.Errorf("%q: want a repo id error, got %v", id, err)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("invalid ids must not reach the network: %d requests", n)
	}
	if _, err := c.ModelInfo(context.Background(), "a/b", "../main"); err == nil {
		t.Error("a revision with a .. segment must be refused")
	}
}

func TestRelativeRedirectRenamedRepo(t *testing.T) {
	srv := hubtest.NewServer(t, hubtest.WithModel(sampleModel()), hubtest.WithAlias("tiny", "acme/tiny-diffusion"))
	c, _ := newClient(srv, secret, nil)
	m, err := c.ModelInfo(context.Background(), "tiny", "")
	if err != nil {
		t.Fatal(err)
	}
	if m.ID != "acme/tiny-diffusion" {
		t.Errorf("canonical id: got %q", m.ID)
	}
	reqs := srv.Requests()
	want := []string{"/api/models/tiny", "/api/models/acme/tiny-diffusion"}
	if !reflect.DeepEqual(paths(reqs), want) {
		t.Fatalf("requests %v, want %v", paths(reqs), want)
	}
	for _, r := range reqs {
		if !r.Auth || r.Query != "blobs=true" {
			t.Errorf("same-host redirect should keep token and query: %+v", r)
		}
	}
}

func TestRedirectLoopAndLimit(t *testing.T) {
	loop := hubtest.Fault{Status: http.StatusTemporaryRedirect, Header: http.Header{"Location": {"/api/models/b/b"}}}
	back := hubtest.Fault{Status: http.StatusTemporaryRedirect, Header: http.Header{"Location": {"/api/models/a/a"}}}
	srv := hubtest.NewServer(t, hubtest.WithFaults("/api/models/a/a", loop, loop), hubtest.WithFaults("/api/models/b/b", back, back))
	c, _ := newClient(srv, "", nil)
	_, err := c.ModelInfo(context.Background(), "a/a", "")
	if !errors.Is(err, hf.ErrBadResponse) || !strings.Contains(err.Error(), "redirect loop") {
		t.Fatalf("want a redirect loop error, got %v", err)
	}

	var chain []hubtest.Option
	for i := 0; i < 8; i++ {
		from := "/api/models/c/c" + strings.Repeat("x", i)
		to := "/api/models/c/c" + strings.Repeat("x", i+1)
		chain = append(chain, hubtest.WithFaults(from, hubtest.Fault{Status: 302, Header: http.Header{"Location": {to}}}))
	}
	srv2 := hubtest.NewServer(t, chain...)
	c2, _ := newClient(srv2, "", nil)
	_, err = c2.ModelInfo(context.Background(), "c/c", "")
	if !errors.Is(err, hf.ErrBadResponse) || !strings.Contains(err.Error(), "redirects") {
		t.Fatalf("want a too-many-redirects error, got %v", err)
	}
	if n := len(srv2.Requests()); n != 5 {
		t.Errorf("redirect chain should stop at 5 requests, made %d", n)
	}
}

func TestAbsoluteRedirectNotFollowedForAPI(t *testing.T) {
	other := hubtest.NewServer(t, hubtest.WithModel(sampleModel()))
	srv := hubtest.NewServer(t, hubtest.WithFaults("/api/models/acme/tiny-diffusion",
		hubtest.Fault{Status: 307, Header: http.Header{"Location": {other.URL + "/api/models/acme/tiny-diffusion"}}}))
	c, _ := newClient(srv, secret, nil)
	_, err := c.ModelInfo(context.Background(), "acme/tiny-diffusion", "")
	if !errors.Is(err, hf.ErrBadResponse) || !strings.Contains(err.Error(), "another host") {
		t.Fatalf("want a refused cross-host redirect, got %v", err)
	}
	assertNoSecret(t, err)
	if n := len(other.Requests()); n != 0 {
		t.Errorf("the other host was contacted %d times", n)
	}
}

func TestFileRedirectToCDNDropsToken(t *testing.T) {
	cdn := hubtest.NewServer(t, hubtest.WithModel(sampleModel()))
	mod := sampleModel()
	srv := hubtest.NewServer(t, hubtest.WithModel(mod))
	target := cdn.URL + hubtest.ResolvePath(mod.ID, testSHA, "model_index.json")
	srv.AddFaults(hubtest.ResolvePath(mod.ID, testSHA, "model_index.json"),
		hubtest.Fault{Status: 302, Header: http.Header{"Location": {target}}})
	c, _ := newClient(srv, secret, nil)
	b, err := c.File(context.Background(), mod.ID, testSHA, "model_index.json")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "StableDiffusionPipeline") {
		t.Errorf("body: %s", b)
	}
	if r := srv.Requests(); len(r) != 1 || !r[0].Auth {
		t.Errorf("the hub request must carry the token: %+v", r)
	}
	if r := cdn.Requests(); len(r) != 1 || r[0].Auth {
		t.Errorf("the CDN request must not carry the token: %+v", r)
	}
}

func TestFileEscapesPathAndPins(t *testing.T) {
	mod := sampleModel()
	mod.Files = append(mod.Files, hubtest.File{Path: "odd dir/a+b#c.json", Body: []byte("{}")})
	srv := hubtest.NewServer(t, hubtest.WithModel(mod))
	c, _ := newClient(srv, "", nil)
	if _, err := c.File(context.Background(), mod.ID, testSHA, "odd dir/a+b#c.json"); err != nil {
		t.Fatal(err)
	}
	want := "/acme/tiny-diffusion/resolve/" + testSHA + "/odd%20dir/a%2Bb%23c.json"
	if got := paths(srv.Requests()); len(got) != 1 || got[0] != want {
		t.Errorf("requested %v, want %s", got, want)
	}
	for _, bad := range []string{"../x", "/etc/passwd", "a//b", "a/./b", ""} {
		if _, err := c.File(context.Background(), mod.ID, testSHA, bad); err == nil {
			t.Errorf("path %q must be refused", bad)
		}
	}
	if _, err := c.File(context.Background(), mod.ID, "", "README.md"); err == nil {
		t.Error("an unpinned read must be refused")
	}
}

func fileByPath(m *facts.Model, p string) *facts.File {
	for i := range m.Files {
		if m.Files[i].Path == p {
			return &m.Files[i]
		}
	}
	return nil
}
