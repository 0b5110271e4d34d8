package golden

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/generators"
	"github.com/cogport/cogport/internal/buildinfo"
	"github.com/cogport/cogport/internal/output"
	"github.com/cogport/cogport/internal/testenv"
	"github.com/cogport/cogport/recipes"
	"github.com/cogport/cogport/sources/hf"
)

// factsCase is a case.json: the Hub facts a snapshot folder cannot carry
// (gating) and the answers the CLI does not offer yet (a LoRA's base
// model, --compile). Such cases run the library path the CLI runs: load
// the snapshot, build the plan, render, write.
type factsCase struct {
	RepoID   string `json:"repo_id"`
	Revision string `json:"revision"`
	Gated    string `json:"gated"`
	Model    string `json:"model"`
	Weights  string `json:"weights"`
	Compile  bool   `json:"compile"`
	// Engine, Train and CogAPI are the production answers (--engine,
	// --train, --cog-api).
	Engine string `json:"engine"`
	Train  bool   `json:"train"`
	CogAPI string `json:"cog_api"`
	// Base is the adapter's base model, read from the case's base/ folder.
	Base *struct {
		RepoID   string `json:"repo_id"`
		Revision string `json:"revision"`
		Gated    string `json:"gated"`
	} `json:"base"`
}

// TestFactsGolden runs every case with a case.json instead of args: its
// input/ (and base/) snapshots with the facts of case.json, compared with
// want/ and judged by the referee like the CLI cases.
func TestFactsGolden(t *testing.T) {
	cases, err := filepath.Glob("testdata/*/case.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range cases {
		dir := filepath.Dir(file)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			out := filepath.Join(t.TempDir(), "out")
			runFactsCase(t, dir, out)
			if *update {
				rewriteWant(t, filepath.Join(dir, "want"), out)
				return
			}
			compareTrees(t, filepath.Join(dir, "want"), out)
			testenv.RefereeAccepting(t, out, refereeAccepts(t, dir))
			lintClean(t, out)
		})
	}
}

func runFactsCase(t *testing.T, dir, out string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "case.json"))
	if err != nil {
		t.Fatal(err)
	}
	var c factsCase
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatalf("case.json: %v", err)
	}
	reg := recipes.Default()
	m := loadSnapshot(t, reg, filepath.Join(dir, "input"), c.RepoID, c.Revision, c.Gated)
	o := recipes.Options{Model: c.Model, Weights: c.Weights}
	o.Compile = c.Compile
	o.Engine, o.Train, o.CogAPI = c.Engine, c.Train, c.CogAPI
	if c.Base != nil {
		o.Base = loadSnapshot(t, reg, filepath.Join(dir, "base"), c.Base.RepoID, c.Base.Revision, c.Base.Gated)
	}
	p, err := reg.Build(m, o)
	if err != nil {
		t.Fatal(err)
	}
	r, err := generators.Load()
	if err != nil {
		t.Fatal(err)
	}
	files, err := r.Render(p)
	if err != nil {
		t.Fatal(err)
	}
	answers := map[string]string{"recipe": p.Recipe, "weights": p.Weights.Strategy, "model": p.Model}
	if files, err = r.WithProvenance(p, files, buildinfo.Version, answers); err != nil {
		t.Fatal(err)
	}
	if _, err := output.Write(context.Background(), out, files, false); err != nil {
		t.Fatal(err)
	}
}

func loadSnapshot(t *testing.T, reg *recipes.Registry, dir, id, sha, gated string) *facts.Model {
	t.Helper()
	m, err := hf.LoadLocal(dir, reg.Needs)
	if err != nil {
		t.Fatal(err)
	}
	m.ID, m.SHA, m.Revision, m.Gated = id, sha, sha, gated
	return m
}
