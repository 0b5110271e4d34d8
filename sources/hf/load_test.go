package hf_test

import (
	"bytes"
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

func TestLoadFetchesOnlyNeededFilesAtSHA(t *testing.T) {
	srv := hubtest.NewServer(t, hubtest.WithModel(sampleModel()))
	var progress bytes.Buffer
	c, _ := newClient(srv, secret, &progress)
	var sawCard bool
	needs := func(m *facts.Model) []string {
		sawCard = m.Card.Title == "Tiny"
		return []string{"model_index.json", "unet/config.json", "vae/config.json", "model_index.json", "scheduler/scheduler_config.json"}
	}
	m, err := c.Load(context.Background(), "acme/tiny-diffusion", "main", needs)
	if err != nil {
		t.Fatal(err)
	}
	if !sawCard {
		t.Error("needs must see the parsed card")
	}
	if m.Card.Summary != "A tiny diffusion model for tests only, nothing more." || m.Card.Settings["num_inference_steps"] != int64(4) {
		t.Errorf("card: %+v", m.Card)
	}
	if len(m.Configs) != 3 || string(m.Configs["unet/config.json"]) != `{"sample_size": 64}` {
		t.Errorf("configs: %v", m.Configs)
	}
	want := []string{
		"/api/models/acme/tiny-diffusion/revision/main",
		"/acme/tiny-diffusion/resolve/" + testSHA + "/README.md",
		"/acme/tiny-diffusion/resolve/" + testSHA + "/model_index.json",
		"/acme/tiny-diffusion/resolve/" + testSHA + "/unet/config.json",
		"/acme/tiny-diffusion/resolve/" + testSHA + "/scheduler/scheduler_config.json",
	}
	if got := paths(srv.Requests()); !reflect.DeepEqual(got, want) {
		t.Errorf("requests:\n got %v\nwant %v", got, want)
	}
	for _, line := range []string{"fetching model info for acme/tiny-diffusion", "fetching 3 config files"} {
		if !strings.Contains(progress.String(), line) {
			t.Errorf("progress lacks %q:\n%s", line, progress.String())
		}
	}
	if strings.Contains(progress.String(), secret) {
		t.Error("progress leaks the token")
	}
}

func TestLoadWithoutCardOrNeeds(t *testing.T) {
	mod := sampleModel()
	mod.Files = mod.Files[1:] // no README.md
	srv := hubtest.NewServer(t, hubtest.WithModel(mod))
	c, _ := newClient(srv, "", nil)
	m, err := c.Load(context.Background(), mod.ID, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if m.Card.Body != "" || m.Configs != nil || len(srv.Requests()) != 1 {
		t.Errorf("want info only: card %q configs %v requests %v", m.Card.Body, m.Configs, paths(srv.Requests()))
	}
}

func TestLoadSkipsVanishedFileButFailsOnOtherErrors(t *testing.T) {
	mod := sampleModel()
	srv := hubtest.NewServer(t, hubtest.WithModel(mod), hubtest.WithFaults(hubtest.ResolvePath(mod.ID, testSHA, "unet/config.json"),
		hubtest.Fault{Status: 404, Header: http.Header{"X-Error-Code": {"EntryNotFound"}}}))
	c, _ := newClient(srv, "", nil)
	needs := func(*facts.Model) []string { return []string{"unet/config.json", "model_index.json"} }
	m, err := c.Load(context.Background(), mod.ID, "", needs)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := m.Configs["unet/config.json"]; ok || len(m.Configs) != 1 {
		t.Errorf("configs: %v", m.Configs)
	}
	srv.AddFaults(hubtest.ResolvePath(mod.ID, testSHA, "model_index.json"), hubtest.Fault{Status: 403, Header: http.Header{"X-Error-Code": {"GatedRepo"}}})
	_, err = c.Load(context.Background(), mod.ID, "", needs)
	if !errors.Is(err, hf.ErrGated) {
		t.Errorf("want ErrGated, got %v", err)
	}
}

func TestLoadKeepsBrokenCard(t *testing.T) {
	mod := sampleModel()
	mod.Files[0].Body = []byte("---\nlicense: [mit\n---\n# Still here\n")
	srv := hubtest.NewServer(t, hubtest.WithModel(mod))
	var progress bytes.Buffer
	c, _ := newClient(srv, "", &progress)
	m, err := c.Load(context.Background(), mod.ID, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if m.Card.Title != "Still here" || m.Card.Meta != nil {
		t.Errorf("card: %+v", m.Card)
	}
	if !strings.Contains(progress.String(), "warning: model card of acme/tiny-diffusion") {
		t.Errorf("progress should warn:\n%s", progress.String())
	}
}

func TestLoadRenamedRepoReadsFilesUnderCanonicalID(t *testing.T) {
	srv := hubtest.NewServer(t, hubtest.WithModel(sampleModel()), hubtest.WithAlias("tiny", "acme/tiny-diffusion"))
	c, _ := newClient(srv, "", nil)
	m, err := c.Load(context.Background(), "tiny", "", func(*facts.Model) []string { return []string{"model_index.json"} })
	if err != nil {
		t.Fatal(err)
	}
	got := paths(srv.Requests())
	if m.ID != "acme/tiny-diffusion" || len(got) != 4 || !strings.HasPrefix(got[3], "/acme/tiny-diffusion/resolve/"+testSHA+"/") {
		t.Errorf("id %q requests %v", m.ID, got)
	}
}
