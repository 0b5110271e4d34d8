package hf_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cogport/cogport/sources/hf"
	"github.com/cogport/cogport/sources/hf/hubtest"
)

func TestErrorCodeMapping(t *testing.T) {
	infoPath := hubtest.InfoPath("acme/tiny-diffusion", "")
	for _, tc := range []struct {
		name   string
		status int
		code   string
		msg    string
		want   error
		words  []string
	}{
		{"repo not found", 401, "RepoNotFound", "Repository not found", hf.ErrNotFound, []string{"acme/tiny-diffusion", "not found", "token"}},
		{"repo not found 404", 404, "RepoNotFound", "", hf.ErrNotFound, []string{"not found"}},
		{"disabled", 403, "DisabledRepo", "", hf.ErrNotFound, []string{"not found"}},
		{"revision", 404, "RevisionNotFound", "Invalid rev id: nope", hf.ErrRevisionNotFound, []string{"revision", "acme/tiny-diffusion"}},
		{"entry", 404, "EntryNotFound", "", hf.ErrEntryNotFound, []string{"not found"}},
		{"gated", 401, "GatedRepo", "", hf.ErrGated, []string{"gated", "accept the terms at http", "/acme/tiny-diffusion", "hf_token", "--token-stdin"}},
		{"bad token", 401, "", "Invalid credentials in Authorization header", hf.ErrAuth, []string{"rejected", "token"}},
		{"401 without code", 401, "", "", hf.ErrNotFound, []string{"not found"}},
		{"404 without code", 404, "", "", hf.ErrNotFound, []string{"not found"}},
		{"403 without code", 403, "", "", hf.ErrAuth, []string{"token"}},
		{"400", 400, "", "Bad request: revision", hf.ErrBadResponse, []string{"400"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			if tc.code != "" {
				h.Set("X-Error-Code", tc.code)
			}
			if tc.msg != "" {
				h.Set("X-Error-Message", tc.msg)
			}
			srv := hubtest.NewServer(t, hubtest.WithModel(sampleModel()),
				hubtest.WithFaults(infoPath, hubtest.Fault{Status: tc.status, Header: h}))
			c, sl := newClient(srv, secret, nil)
			_, err := c.ModelInfo(context.Background(), "acme/tiny-diffusion", "")
			checkErr(t, err, tc.want, tc.words...)
			var he *hf.Error
			if !errors.As(err, &he) || he.Status != tc.status || he.Repo != "acme/tiny-diffusion" {
				t.Errorf("want *hf.Error with status %d, got %#v", tc.status, err)
			}
			if n := len(srv.Requests()); n != 1 || len(sl.waits()) != 0 {
				t.Errorf("%d must not be retried: %d requests, waits %v", tc.status, n, sl.waits())
			}
		})
	}
}

// checkErr asserts the class, the words and the shape of an error line.
func checkErr(t *testing.T, err, want error, words ...string) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("want %v, got %v", want, err)
	}
	msg := err.Error()
	assertNoSecret(t, err)
	if strings.Contains(msg, "\n") || msg != strings.ToLower(msg[:1])+msg[1:] {
		t.Errorf("error must be one line starting lowercase: %q", msg)
	}
	for _, w := range words {
		if !strings.Contains(strings.ToLower(msg), strings.ToLower(w)) {
			t.Errorf("error %q lacks %q", msg, w)
		}
	}
}

func TestGatedRepo(t *testing.T) {
	mod := sampleModel()
	mod.Gated, mod.Tokens = "manual", []string{secret}
	srv := hubtest.NewServer(t, hubtest.WithModel(mod))
	ctx := context.Background()

	anon, _ := newClient(srv, "", nil)
	m, err := anon.ModelInfo(ctx, mod.ID, "")
	if err != nil || m.Gated != "manual" {
		t.Fatalf("gated model info stays readable: %v, %+v", err, m)
	}
	_, err = anon.File(ctx, mod.ID, testSHA, "model_index.json")
	checkErr(t, err, hf.ErrGated, "gated", "accept the terms at "+srv.URL+"/"+mod.ID, "HF_TOKEN", "--token-stdin")

	other, _ := newClient(srv, "hf_not_approved", nil)
	_, err = other.File(ctx, mod.ID, testSHA, "model_index.json")
	checkErr(t, err, hf.ErrGated, "no access yet", srv.URL+"/"+mod.ID)
	if strings.Contains(err.Error(), "hf_not_approved") {
		t.Errorf("token leaked: %v", err)
	}

	granted, _ := newClient(srv, secret, nil)
	b, err := granted.File(ctx, mod.ID, testSHA, "model_index.json")
	if err != nil || !strings.Contains(string(b), "_class_name") {
		t.Fatalf("granted token: %v %s", err, b)
	}
}

func TestPrivateRepoAndInvalidToken(t *testing.T) {
	mod := sampleModel()
	mod.Private, mod.Tokens = true, []string{secret}
	srv := hubtest.NewServer(t, hubtest.WithModel(mod), hubtest.WithValidTokens(secret, "hf_valid_other"))
	ctx := context.Background()

	anon, _ := newClient(srv, "", nil)
	_, err := anon.ModelInfo(ctx, mod.ID, "")
	checkErr(t, err, hf.ErrNotFound, "set HF_TOKEN")

	other, _ := newClient(srv, "hf_valid_other", nil)
	_, err = other.ModelInfo(ctx, mod.ID, "")
	checkErr(t, err, hf.ErrNotFound, "your token cannot see it")

	bad, _ := newClient(srv, "hf_revoked", nil)
	_, err = bad.ModelInfo(ctx, mod.ID, "")
	checkErr(t, err, hf.ErrAuth, "rejected", "token")

	owner, _ := newClient(srv, secret, nil)
	if _, err := owner.ModelInfo(ctx, mod.ID, ""); err != nil {
		t.Fatal(err)
	}
}

func TestTokenNeverInErrors(t *testing.T) {
	// A hostile or buggy server echoing the token back must not leak it.
	echo := http.Header{"X-Error-Message": {"Invalid credentials in Authorization header: Bearer " + secret}}
	srv := hubtest.NewServer(t, hubtest.WithFaults("/api/models/a/b", hubtest.Fault{Status: 401, Header: echo}))
	c, _ := newClient(srv, secret, nil)
	_, err := c.ModelInfo(context.Background(), "a/b", "")
	checkErr(t, err, hf.ErrAuth)

	// Transport failures quote URLs, never headers.
	dead := hf.NewClient(hf.Options{Endpoint: "http://127.0.0.1:1", Token: secret, MaxRetries: -1})
	_, err = dead.ModelInfo(context.Background(), "a/b", "")
	checkErr(t, err, hf.ErrServer, "cannot reach")
}

func TestBadEndpoint(t *testing.T) {
	c := hf.NewClient(hf.Options{Endpoint: "huggingface.co"})
	_, err := c.ModelInfo(context.Background(), "a/b", "")
	if err == nil || !strings.Contains(err.Error(), "HF_ENDPOINT") {
		t.Fatalf("want an endpoint error, got %v", err)
	}
}

func TestClientPrintsNoToken(t *testing.T) {
	c := hf.NewClient(hf.Options{Token: secret})
	for _, s := range []string{fmt.Sprint(c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c)} {
		if strings.Contains(s, secret) || !strings.Contains(s, "token: true") {
			t.Errorf("client prints as %q", s)
		}
	}
}

func TestTLSFailureNotRetried(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.NotFoundHandler())
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	srv.StartTLS()
	defer srv.Close()
	sl := &sleepLog{}
	c := hf.NewClient(hf.Options{Endpoint: srv.URL, Token: secret, Sleep: sl.sleep}) // default client: untrusted cert
	_, err := c.ModelInfo(context.Background(), "a/b", "")
	checkErr(t, err, hf.ErrServer, "cannot reach", "1 tries")
	if len(sl.waits()) != 0 {
		t.Errorf("a certificate error must not be retried: waits %v", sl.waits())
	}
}
