package golden

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cogport/cogport/internal/cli"
	"github.com/cogport/cogport/internal/cli/cmdutil"
	"github.com/cogport/cogport/internal/testenv"
)

// TestComfyCorpus runs `cogport comfy` on every recorded workflow of
// ../shared/corpus/comfy/workflows. Each must give a package that passes
// the referee, or stop with the one-line list of what it could not
// resolve, nothing written; then --allow-unresolved must package it, and
// that package must pass the referee too. It logs, per workflow, the
// inputs, the models downloaded and not, and the custom node packs.
func TestComfyCorpus(t *testing.T) {
	root := testenv.Corpus(t, "comfy")
	files, err := filepath.Glob(filepath.Join(root, "workflows", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no workflows under %s: %v", root, err)
	}
	var report []string
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		t.Run(name, func(t *testing.T) {
			outcome := runCorpusWorkflow(t, file)
			report = append(report, fmt.Sprintf("%-62s %s", name, outcome))
		})
	}
	t.Logf("comfy corpus outcomes:\n%s", strings.Join(report, "\n"))
}

// comfyPlan is the part of `cogport comfy --json` the log shows.
type comfyPlan struct {
	Inputs []struct {
		Name string `json:"name"`
	} `json:"inputs"`
	Weights struct {
		Files []struct {
			Path string `json:"path"`
		} `json:"files"`
	} `json:"weights"`
	Vars struct {
		Packs []struct {
			Repo   string `json:"Repo"`
			Commit string `json:"Commit"`
		} `json:"Packs"`
	} `json:"vars"`
	Warnings []string `json:"warnings"`
}

func runCorpusWorkflow(t *testing.T, file string) string {
	out := filepath.Join(t.TempDir(), "pkg")
	code, stdout, stderr := runComfy(t, file, "-o", out, "--json")
	outcome := "package"
	switch {
	case code == 0:
	case strings.Contains(stderr, "unresolved"):
		if lines := strings.Count(strings.TrimSpace(stderr), "\n"); lines > 0 {
			t.Errorf("the unresolved-items error is %d lines, want one:\n%s", lines+1, stderr)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("a refused workflow left %s behind", out)
		}
		outcome = "refused, then packaged with --allow-unresolved"
		t.Logf("refused: %s", strings.TrimPrefix(strings.TrimSpace(stderr), "cogport: "))
		code, stdout, stderr = runComfy(t, file, "-o", out, "--json", "--allow-unresolved")
		if code != 0 {
			t.Fatalf("--allow-unresolved: exit %d: %s", code, stderr)
		}
	default:
		t.Fatalf("cogport comfy %s: exit %d: %s", filepath.Base(file), code, stderr)
	}
	testenv.Referee(t, out)
	var p comfyPlan
	if err := json.Unmarshal([]byte(stdout), &p); err != nil {
		t.Fatalf("--json printed no plan: %v", err)
	}
	logPlan(t, p)
	return fmt.Sprintf("%s: %d inputs, %d models (%d unresolved), %d packs", outcome,
		len(p.Inputs), len(p.Weights.Files), countPrefix(p.Warnings, "unresolved model"), len(p.Vars.Packs))
}

func runComfy(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	streams := &cmdutil.IO{In: strings.NewReader(""), Out: &stdout, Err: &stderr, Home: t.TempDir(),
		Getenv: func(string) string { return "" }}
	code := cli.RunWith(context.Background(), append([]string{"comfy"}, args...), streams)
	return code, stdout.String(), stderr.String()
}

func logPlan(t *testing.T, p comfyPlan) {
	t.Helper()
	names := make([]string, len(p.Inputs))
	for i, in := range p.Inputs {
		names[i] = in.Name
	}
	t.Logf("inputs:   %s", strings.Join(names, ", "))
	for _, f := range p.Weights.Files {
		t.Logf("model:    models/%s", f.Path)
	}
	for _, pk := range p.Vars.Packs {
		t.Logf("pack:     %s @ %s", pk.Repo, pk.Commit)
	}
	for _, w := range p.Warnings {
		if strings.HasPrefix(w, "unresolved ") {
			t.Logf("%s", w)
		}
	}
}

func countPrefix(list []string, prefix string) int {
	n := 0
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			n++
		}
	}
	return n
}
