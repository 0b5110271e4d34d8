package golden

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cogport/cogport/internal/cli"
	"github.com/cogport/cogport/internal/cli/cmdutil"
	"github.com/cogport/cogport/internal/testenv"
	"github.com/cogport/cogport/recipes"
	"github.com/cogport/cogport/sources/hf/hubtest"
)

// TestCorpusModels serves every recorded model of ../shared/corpus/hf from a
// fake Hub and runs `cogport hf` on it through the real client. Each must
// give a package that passes the referee, or be refused clearly: an error
// that wraps recipes.ErrNoRecipe (no recipe for its task, or a kind of model
// cogport names and declines) or recipes.ErrRemoteCode (code from the
// repository). Anything else fails. The outcome per model is logged.
func TestCorpusModels(t *testing.T) {
	root := testenv.Corpus(t, "hf")
	dirs, err := hubtest.CorpusModelDirs(root)
	if err != nil {
		t.Fatal(err)
	}
	var report []string
	for _, dir := range dirs {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			outcome := runCorpusModel(t, dir)
			report = append(report, fmt.Sprintf("%-60s %s", name, outcome))
		})
	}
	t.Logf("corpus outcomes:\n%s", strings.Join(report, "\n"))
}

func runCorpusModel(t *testing.T, dir string) string {
	srv, cm := hubtest.ServeCorpusModel(t, dir)
	out := filepath.Join(t.TempDir(), "pkg")
	env := map[string]string{"HF_ENDPOINT": srv.URL}
	var stdout, stderr bytes.Buffer
	streams := &cmdutil.IO{In: strings.NewReader(""), Out: &stdout, Err: &stderr, Home: t.TempDir(),
		Getenv: func(k string) string { return env[k] }}
	// The command tree itself, not RunWith: the error keeps its chain, so
	// a refusal is recognised by what it wraps rather than by its wording.
	root := cli.NewRoot(streams)
	root.SetArgs([]string{"hf", cm.RequestID, "-o", out, "-q"})
	err := root.ExecuteContext(context.Background())
	outcome, ok := corpusOutcome(err)
	switch {
	case !ok:
		t.Errorf("cogport hf %s: %v", cm.RequestID, err)
	case err == nil:
		testenv.Referee(t, out)
		lintClean(t, out)
		outcome += ": " + firstLine(stdout.String(), "recipe")
	}
	return outcome
}

// corpusOutcome names how a corpus model's run ended, and whether that is
// acceptable: a package, or a clear refusal.
func corpusOutcome(err error) (string, bool) {
	switch {
	case err == nil:
		return "package", true
	case errors.Is(err, recipes.ErrNoRecipe), errors.Is(err, recipes.ErrRemoteCode):
		return "refused: " + strings.Join(strings.Fields(err.Error()), " "), true
	}
	return "FAILED: " + err.Error(), false
}

func firstLine(s, prefix string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, prefix) {
			return strings.TrimSpace(strings.TrimPrefix(l, prefix))
		}
	}
	return ""
}

// The corpus test tells a clear refusal from a failure by the sentinel the
// error wraps, however the commands word or wrap it.
func TestCorpusOutcome(t *testing.T) {
	cases := []struct {
		err    error
		prefix string
		ok     bool
	}{
		{nil, "package", true},
		{fmt.Errorf("%w for task mask-generation (library transformers) yet", recipes.ErrNoRecipe), "refused: no recipe for task mask-generation", true},
		{fmt.Errorf("recipe trust-remote-code: %w: acme/x runs Python from its own repository", recipes.ErrRemoteCode), "refused: recipe trust-remote-code: the model runs code", true},
		{fmt.Errorf("base model a/b of the adapter: %w", fmt.Errorf("%w for task x", recipes.ErrNoRecipe)), "refused: base model", true},
		// Wording alone is not a refusal: the chain must say so.
		{errors.New("no recipe for task text-to-image"), "FAILED", false},
		{errors.New("GET /api/models/x: 500"), "FAILED", false},
		{fmt.Errorf("recipe x: %v", recipes.ErrNoRecipe), "FAILED", false},
	}
	for _, tc := range cases {
		got, ok := corpusOutcome(tc.err)
		if ok != tc.ok || !strings.HasPrefix(got, tc.prefix) {
			t.Errorf("corpusOutcome(%v) = %q, %v; want %q..., %v", tc.err, got, ok, tc.prefix, tc.ok)
		}
	}
}
