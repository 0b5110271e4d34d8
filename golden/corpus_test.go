package golden

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cogport/cogport/internal/cli"
	"github.com/cogport/cogport/internal/cli/cmdutil"
	"github.com/cogport/cogport/internal/testenv"
	"github.com/cogport/cogport/sources/hf/hubtest"
)

// TestCorpusModels serves every recorded model of ../shared/corpus/hf from a
// fake Hub and runs `cogport hf` on it through the real client. Each must
// give a package that passes the referee, or refuse with a clear "no recipe
// for task X yet". The outcome per model is logged.
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
	code := cli.RunWith(context.Background(), []string{"hf", cm.RequestID, "-o", out, "-q"}, streams)
	msg := strings.TrimSpace(stderr.String())
	switch {
	case code == 0:
		testenv.Referee(t, out)
		lintClean(t, out)
		return "package: " + firstLine(stdout.String(), "recipe")
	case strings.Contains(msg, "no recipe for task"):
		return "refused: " + strings.TrimPrefix(msg, "cogport: ")
	default:
		t.Errorf("cogport hf %s: exit %d: %s", cm.RequestID, code, msg)
		return "FAILED: " + msg
	}
}

func firstLine(s, prefix string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, prefix) {
			return strings.TrimSpace(strings.TrimPrefix(l, prefix))
		}
	}
	return ""
}
