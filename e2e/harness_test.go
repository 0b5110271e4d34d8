//go:build runtime

package e2e_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cogport/cogport/e2e"
	"github.com/cogport/cogport/internal/cli"
	"github.com/cogport/cogport/internal/testenv"
	"github.com/cogport/cogport/sources/hf/hubtest"
)

// hubSHA is the commit every tiny model is served at.
const hubSHA = "0123456789abcdef0123456789abcdef01234567"

// setupTimeout bounds a package's setup (imports, weights, load) on CPU.
const setupTimeout = 5 * time.Minute

// hfCase is one runtime case for a Hugging Face recipe.
type hfCase struct {
	name  string
	stack string // the maker environment: tiny/requirements-<stack>.txt
	kind  string // the maker in make.py
	// model says how the Hub describes the repository (the id is set from
	// the case name; files come from the maker).
	model hubtest.Model
	args  []string // extra cogport arguments
	// recipe is the recipe cogport must choose.
	recipe string
	calls  []call
	// standIns replace, by input name, the URLs of sample files in the
	// package's cog-safe-push cases: this machine reaches no web, so an
	// image URL there is sent as a data URI of a local image instead.
	standIns map[string]string
	// beforeServe, when set, runs on the installed package's folder just
	// before cog's server starts (to leave what a crashed boot leaves).
	beforeServe func(t *testing.T, dir string)
	// online keeps the Hub reachable while the package runs, for packages
	// that fetch from it in setup() by design (or, for now, by defect).
	online bool
	// also are further tiny repositories the Hub serves beside the case's
	// (an adapter's base model).
	also []tinyRepo
}

// tinyRepo is a tiny model served under id, as model describes it.
type tinyRepo struct {
	id, stack, kind string
	model           hubtest.Model
}

// call is one prediction: the inputs, then either a check of the output or
// the error text it must fail with.
type call struct {
	name    string
	input   map[string]any
	check   func(t *testing.T, r *run, p e2e.Prediction)
	wantErr string
}

// run is a packaged, installed and served case.
type run struct {
	pkg    *e2e.Package
	venv   e2e.Venv
	server *e2e.Server
	hub    *hubtest.Server
	// standIns are the case's stand-ins for URL inputs (hfCase.standIns).
	standIns map[string]string
}

// runHF makes the tiny model, serves it from the Hub test server, packages
// it with cogport, installs the package, serves it through cog and makes
// every call, then replays the package's own cog-safe-push test cases.
func runHF(t *testing.T, c hfCase) *run {
	t.Helper()
	requireTools(t)
	modelDir, err := e2e.MakeTiny(c.stack, c.kind)
	if err != nil {
		t.Fatalf("making the tiny model: %v", err)
	}
	m, err := hubtest.ModelFromDir("cogport-tiny/"+c.name, hubSHA, modelDir)
	if err != nil {
		t.Fatal(err)
	}
	m.PipelineTag, m.LibraryName, m.Tags, m.Config = c.model.PipelineTag, c.model.LibraryName, c.model.Tags, c.model.Config
	m.Gated, m.Tokens = c.model.Gated, c.model.Tokens
	hub := hubtest.NewServer(t, hubtest.WithModel(m))
	for _, a := range c.also {
		hub.AddModel(tinyModel(t, a))
	}
	dir := packageHF(t, hub, m.ID, c)
	r := install(t, dir)
	r.hub, r.standIns = hub, c.standIns
	if c.beforeServe != nil {
		c.beforeServe(t, dir)
	}
	r.server = serve(t, r, []string{"HF_ENDPOINT=" + hub.URL}, serveOptions{online: c.online})
	for _, cl := range c.calls {
		t.Run(cl.name, func(t *testing.T) { r.call(t, cl) })
	}
	t.Run("safe-push cases", func(t *testing.T) { r.safePush(t) })
	return r
}

// tinyModel makes repo's tiny model and describes it as repo.model does.
func tinyModel(t *testing.T, repo tinyRepo) hubtest.Model {
	t.Helper()
	dir, err := e2e.MakeTiny(repo.stack, repo.kind)
	if err != nil {
		t.Fatalf("making the tiny model %s: %v", repo.kind, err)
	}
	m, err := hubtest.ModelFromDir(repo.id, hubSHA, dir)
	if err != nil {
		t.Fatal(err)
	}
	m.PipelineTag, m.LibraryName, m.Tags, m.Config = repo.model.PipelineTag, repo.model.LibraryName, repo.model.Tags, repo.model.Config
	return m
}

// packageHF runs `cogport hf ID -o DIR` against the Hub test server.
func packageHF(t *testing.T, hub *hubtest.Server, id string, c hfCase) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), c.name)
	t.Setenv("HF_ENDPOINT", hub.URL)
	for _, k := range []string{"HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_TOKEN_PATH"} {
		t.Setenv(k, "") // restored when the test ends
		os.Unsetenv(k)
	}
	t.Setenv("HF_HOME", t.TempDir())
	args := append([]string{"hf", id, "-o", dir, "--json"}, c.args...)
	var stdout, stderr bytes.Buffer
	if code := cli.Run(args, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("cogport %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
	}
	var plan struct {
		Recipe string `json:"recipe"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &plan); err != nil {
		t.Fatalf("cogport --json: %v\n%s", err, stdout.String())
	}
	if c.recipe != "" && plan.Recipe != c.recipe {
		t.Fatalf("cogport chose recipe %q, want %q", plan.Recipe, c.recipe)
	}
	testenv.Referee(t, dir)
	return dir
}

// install resolves the package's requirements for its Python, installs
// them exactly into an environment with cog's SDK and server, and writes
// the schema cog build would.
func install(t *testing.T, dir string) *run {
	t.Helper()
	pkg, err := e2e.ReadPackage(dir)
	if err != nil {
		t.Fatal(err)
	}
	reqs := filepath.Join(dir, "requirements.txt")
	if log, err := e2e.Resolve(reqs, pkg.PythonVersion); err != nil {
		t.Fatalf("%v\n%s", err, log)
	}
	py, err := e2e.FindPython(pkg.PythonVersion)
	if err != nil {
		t.Fatal(err)
	}
	v, log, err := e2e.EnsureVenv(py, []string{reqs}, "cog=="+e2e.CogVersion, "coglet=="+e2e.CogVersion)
	if err != nil {
		t.Fatalf("installing the package's requirements: %v\n%s", err, log)
	}
	if err := e2e.WriteSchema(dir); err != nil {
		t.Fatal(err)
	}
	return &run{pkg: pkg, venv: v}
}

// serveOptions say how serve starts a package.
type serveOptions struct {
	// online keeps the Hub reachable after python weights.py, for packages
	// that fetch from it in setup() (a PEFT adapter, by design).
	online bool
	// train serves the package's train entry instead of its predict entry.
	train bool
}

// serve fills baked weights as the package's README says (python
// weights.py before cog build), then starts cog's server. Unless
// o.online, baked packages are served with an unreachable Hub, which
// proves they load offline.
func serve(t *testing.T, r *run, env []string, o serveOptions) *e2e.Server {
	t.Helper()
	if r.pkg.Strategy == "bake" {
		cmd := exec.Command(r.venv.Python(), "weights.py")
		cmd.Dir = r.pkg.Dir
		cmd.Env = append(os.Environ(), env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("python weights.py: %v\n%s", err, out)
		}
		if !o.online {
			env = []string{"HF_ENDPOINT=http://127.0.0.1:9"}
		}
	}
	env = append(env, "HF_HOME="+t.TempDir())
	var path []string
	if r.pkg.Strategy == "pget" {
		dir, real, err := e2e.PgetDir()
		if err != nil {
			t.Fatal(err)
		}
		if !real {
			t.Log("pget: using the stand-in (internal/pgetstandin); put the real pget on PATH or in COGPORT_E2E_PGET to use it")
		}
		path = append(path, dir)
	}
	ref := r.pkg.Predict
	if o.train {
		ref = r.pkg.Train
	}
	return startServer(t, e2e.ServerOptions{Dir: r.pkg.Dir, Venv: r.venv, Ref: ref, Train: o.train, Env: env, Path: path})
}

// call makes one prediction and judges it.
func (r *run) call(t *testing.T, cl call) {
	t.Helper()
	p := r.predict(t, cl.input)
	if cl.wantErr != "" {
		if p.Status != "failed" && p.HTTPStatus < 400 {
			t.Fatalf("want an error containing %q, got status %s: %s", cl.wantErr, p.Status, clip(p.Body))
		}
		if !strings.Contains(p.Error+p.Body, cl.wantErr) {
			t.Fatalf("the error does not contain %q:\n%s", cl.wantErr, clip(p.Body))
		}
		return
	}
	if p.Status != "succeeded" {
		t.Fatalf("prediction %s (HTTP %d): %s\nlogs:\n%s\nserver:\n%s", p.Status, p.HTTPStatus, p.Error, p.Logs, r.server.Logs())
	}
	if cl.check != nil {
		cl.check(t, r, p)
	}
}

func (r *run) predict(t *testing.T, input map[string]any) e2e.Prediction {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	p, err := r.server.Predict(ctx, input, false)
	if err != nil {
		t.Fatalf("%v\nserver:\n%s", err, r.server.Logs())
	}
	return p
}

// safePush replays the package's cog-safe-push test cases with the checker
// each names that can run here: jq_query with the real jq, error_contains,
// exact_string; match_prompt (an AI judge) and match_url are checked for a
// successful prediction only.
func (r *run) safePush(t *testing.T) {
	cases := r.pkg.SafePush.Predict.TestCases
	if len(cases) == 0 {
		t.Fatal("the package's cog-safe-push config has no test cases")
	}
	for i, tc := range cases {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			p := r.predict(t, r.standIn(tc.Inputs))
			if tc.ErrorContain != nil {
				if p.Status == "succeeded" || !strings.Contains(p.Error+p.Body, *tc.ErrorContain) {
					t.Fatalf("want an error containing %q, got %s: %s", *tc.ErrorContain, p.Status, clip(p.Body))
				}
				return
			}
			if p.Status != "succeeded" {
				t.Fatalf("prediction %s: %s\nlogs:\n%s", p.Status, p.Error, p.Logs)
			}
			switch {
			case tc.JQQuery != nil:
				if err := e2e.JQ(p.Output, *tc.JQQuery); err != nil {
					t.Fatal(err)
				}
			case tc.ExactString != nil:
				var s string
				if err := json.Unmarshal(p.Output, &s); err != nil || s != *tc.ExactString {
					t.Fatalf("want exactly %q, got %s", *tc.ExactString, clip(p.Output))
				}
			}
		})
	}
}

// standIn returns inputs with each http(s) URL that has a stand-in
// replaced by it.
func (r *run) standIn(inputs map[string]any) map[string]any {
	out := make(map[string]any, len(inputs))
	for k, v := range inputs {
		out[k] = v
		s, isString := v.(string)
		if alt, ok := r.standIns[k]; ok && isString && (strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")) {
			out[k] = alt
		}
	}
	return out
}

// requireTools fails at once, naming what to install, when the stage's
// tools are missing.
func requireTools(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"uv", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("the runtime stage needs %s on PATH (.ci/run installs it)", tool)
		}
	}
}

func clip(s any) string {
	var str string
	switch v := s.(type) {
	case string:
		str = v
	case json.RawMessage:
		str = string(v)
	default:
		str = fmt.Sprint(v)
	}
	if len(str) > 600 {
		return str[:600] + "…"
	}
	return str
}

// startServer starts cog's server with o, stops it when the test ends, and
// waits for its setup to succeed.
func startServer(t *testing.T, o e2e.ServerOptions) *e2e.Server {
	t.Helper()
	s, err := e2e.StartServer(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	if _, err := s.WaitReady(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

// oneMedia wants exactly one output file and decodes it completely in the
// package's environment.
func oneMedia(t *testing.T, r *run, p e2e.Prediction) (e2e.Media, e2e.File) {
	t.Helper()
	files, err := e2e.Files(p.Output)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 {
		t.Fatalf("got %d files, want one", len(files))
	}
	m, err := e2e.Inspect(r.venv, files[0])
	if err != nil {
		t.Fatal(err)
	}
	return m, files[0]
}
