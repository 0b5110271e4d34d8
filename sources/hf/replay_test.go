package hf_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/sources/hf"
	"github.com/cogport/cogport/sources/hf/hubtest"
)

// TestCorpusReplay runs ModelInfo through the real client against every
// recorded model info of the corpus, replayed with its recorded status,
// headers and body.
func TestCorpusReplay(t *testing.T) {
	dirs, err := hubtest.CorpusModelDirs(hubtest.CorpusDir(t))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no recorded model infos: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			srv, cm := hubtest.ServeCorpusModel(t, dir)
			c, _ := newClient(srv, "", nil)
			m, err := c.ModelInfo(context.Background(), cm.RequestID, "")
			if cm.ID == "" {
				if !errors.Is(err, hf.ErrNotFound) {
					t.Fatalf("a redirect to a model outside the corpus should end in ErrNotFound, got %v", err)
				}
				t.Logf("%s -> %d, target not in corpus: %v", cm.RequestID, cm.Status, err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if m.ID != cm.ID || m.SHA != cm.SHA || m.PipelineTag != cm.PipelineTag {
				t.Errorf("got %q %q %q, recorded %q %q %q", m.ID, m.SHA, m.PipelineTag, cm.ID, cm.SHA, cm.PipelineTag)
			}
			if len(m.Files) == 0 {
				t.Error("no files from siblings")
			}
			t.Logf("%s (%d) -> id=%s sha=%s pipeline_tag=%q library=%q gated=%q files=%d params=%d",
				cm.RequestID, cm.Status, m.ID, m.SHA, m.PipelineTag, m.LibraryName, m.Gated, len(m.Files), m.Parameters)
		})
	}
}

// TestCorpusRenamedRepos follows the Hub's recorded 307s for legacy ids.
func TestCorpusRenamedRepos(t *testing.T) {
	root := hubtest.CorpusDir(t)
	for old, canonical := range map[string]string{
		"bert-base-uncased":                      "google-bert/bert-base-uncased",
		"t5-small":                               "google-t5/t5-small",
		"meta-llama--Meta-Llama-3.1-8B-Instruct": "meta-llama/Llama-3.1-8B-Instruct",
	} {
		srv, cm := hubtest.ServeCorpusModel(t, filepath.Join(root, old))
		c, _ := newClient(srv, "", nil)
		m, err := c.ModelInfo(context.Background(), cm.RequestID, "")
		if err != nil {
			t.Fatalf("%s: %v", old, err)
		}
		if cm.Status != 307 || m.ID != canonical {
			t.Errorf("%s: status %d, id %q, want 307 then %q", old, cm.Status, m.ID, canonical)
		}
		got := paths(srv.Requests())
		if len(got) != 2 || got[1] != "/api/models/"+canonical {
			t.Errorf("%s: requests %v", old, got)
		}
	}
}

// TestCorpusLoad loads corpus models with recorded files, all at the
// recorded commit.
func TestCorpusLoad(t *testing.T) {
	srv, cm := hubtest.ServeCorpusModel(t, filepath.Join(hubtest.CorpusDir(t), "openai--whisper-base"))
	c, _ := newClient(srv, "", nil)
	m, err := c.Load(context.Background(), cm.RequestID, "", func(*facts.Model) []string {
		return []string{"config.json", "generation_config.json", "preprocessor_config.json", "not-listed.json"}
	})
	if err != nil {
		t.Fatal(err)
	}
	if m.Card.Settings["chunk_length_s"] != int64(30) || m.Card.Title != "Whisper" {
		t.Errorf("card: title %q settings %v", m.Card.Title, m.Card.Settings)
	}
	// preprocessor_config.json is listed by the Hub but not recorded: the
	// replay answers EntryNotFound and Load skips it.
	if len(m.Configs) != 2 || m.Configs["config.json"] == nil || m.Configs["generation_config.json"] == nil {
		t.Errorf("configs: %d files", len(m.Configs))
	}
	for _, r := range srv.Requests()[1:] {
		if want := "/openai/whisper-base/resolve/" + cm.SHA + "/"; len(r.Path) < len(want) || r.Path[:len(want)] != want {
			t.Errorf("unpinned file read: %s", r.Path)
		}
	}
}
