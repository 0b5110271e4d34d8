package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/replicate/cog/pkg/config"
	"github.com/replicate/cog/pkg/schema/openapi"
)

// WriteSchema writes .cog/openapi_schema.json for the package in dir as
// `cog build` does: cog.yaml read by cog's config loader, then cog's static
// schema generator over its predict and train entries. coglet validates
// inputs against this file.
func WriteSchema(dir string) error {
	raw, err := os.ReadFile(filepath.Join(dir, "cog.yaml"))
	if err != nil {
		return err
	}
	res, err := config.Load(bytes.NewReader(raw), dir)
	if err != nil {
		return fmt.Errorf("cog's config loader: %w", err)
	}
	doc, err := openapi.GenerateSchema(res.Config, dir)
	if err != nil {
		return fmt.Errorf("cog's schema generator: %w", err)
	}
	if err := os.MkdirAll(filepath.Join(dir, ".cog"), 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, ".cog", "openapi_schema.json"), doc, 0o644)
}

// Server is a package served by cog's own HTTP server, started as the
// container starts it: `python -m cog.server.http` in the package folder,
// with the environment's bin first on PATH and the entry in
// COG_PREDICT_TYPE_STUB (or COG_TRAIN_TYPE_STUB).
type Server struct {
	URL  string
	cmd  *exec.Cmd
	logs *syncBuffer
	done chan struct{}
}

// ServerOptions say how to start a Server.
type ServerOptions struct {
	Dir   string // the package folder
	Venv  Venv
	Ref   string // "predict.py:Predictor"
	Train bool
	Env   []string // extra KEY=VALUE, e.g. HF_ENDPOINT
	// Path lists folders put on PATH after the environment's bin (where
	// pget is, for packages that download with it).
	Path []string
	// Wrap is a command the server runs under, its arguments first (a
	// sandbox that gives it the paths its container would); none if empty.
	Wrap []string
}

// StartServer starts cog's server on a free loopback port. Stop it with
// Stop; its output is in Logs.
func StartServer(o ServerOptions) (*Server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	args := []string{"-m", "cog.server.http", "--host", "127.0.0.1"}
	stub := "COG_PREDICT_TYPE_STUB="
	if o.Train {
		args = append(args, "--x-mode", "train")
		stub = "COG_TRAIN_TYPE_STUB="
	}
	argv := append(append(append([]string{}, o.Wrap...), o.Venv.Python()), args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = o.Dir
	cmd.Env = append(ServerEnv(o.Venv, o.Path), "PORT="+strconv.Itoa(port), stub+o.Ref)
	cmd.Env = append(cmd.Env, o.Env...)
	logs := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	// Its own process group, so that Stop ends the worker it spawns too.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting cog's server: %w", err)
	}
	s := &Server{URL: "http://127.0.0.1:" + strconv.Itoa(port), cmd: cmd, logs: logs, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(s.done) }()
	return s, nil
}

// ServerEnv is the process environment minus what would leak the machine's
// Hub settings into the package, with the venv (then extraPath) first on
// PATH: the environment cog's server and anything run as the package get.
func ServerEnv(v Venv, extraPath []string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "PATH", "HF_ENDPOINT", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "VIRTUAL_ENV", "PYTHONPATH":
			continue
		}
		env = append(env, kv)
	}
	path := append(append([]string{v.Bin()}, extraPath...), os.Getenv("PATH"))
	return append(env, "PATH="+strings.Join(path, string(os.PathListSeparator)), "VIRTUAL_ENV="+v.Dir)
}

// Logs is everything the server and its worker printed so far.
func (s *Server) Logs() string { return s.logs.String() }

// Stop ends the server and its worker.
func (s *Server) Stop() {
	_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
		<-s.done
	}
}

// Health is the answer of /health-check.
type Health struct {
	Status string `json:"status"`
	Setup  struct {
		Status string `json:"status"`
		Logs   string `json:"logs"`
	} `json:"setup"`
}

// WaitReady polls /health-check until setup succeeded; a failed setup, a
// server that exits or the context's end is an error carrying the logs.
func (s *Server) WaitReady(ctx context.Context) (Health, error) {
	var h Health
	for {
		select {
		case <-s.done:
			return h, fmt.Errorf("cog's server exited before it was ready:\n%s", s.Logs())
		case <-ctx.Done():
			return h, fmt.Errorf("setup did not finish: %w\n%s", ctx.Err(), s.Logs())
		case <-time.After(250 * time.Millisecond):
		}
		resp, err := http.Get(s.URL + "/health-check")
		if err != nil {
			continue
		}
		err = json.NewDecoder(resp.Body).Decode(&h)
		resp.Body.Close()
		if err != nil {
			continue
		}
		switch h.Status {
		case "READY":
			return h, nil
		case "SETUP_FAILED", "DEFUNCT":
			return h, fmt.Errorf("setup failed (%s):\n%s\n%s", h.Status, h.Setup.Logs, s.Logs())
		}
	}
}

// Prediction is cog's answer to a prediction or training request.
type Prediction struct {
	ID     string          `json:"id"`
	Status string          `json:"status"`
	Output json.RawMessage `json:"output"`
	Error  string          `json:"error"`
	Logs   string          `json:"logs"`
	// HTTPStatus is the status code of the answer; Body its raw text.
	HTTPStatus int    `json:"-"`
	Body       string `json:"-"`
}

// Predict sends input to /predictions (or /trainings) and waits for the
// answer.
func (s *Server) Predict(ctx context.Context, input map[string]any, train bool) (Prediction, error) {
	path := "/predictions"
	if train {
		path = "/trainings"
	}
	return s.whenFree(ctx, func() (Prediction, error) {
		return s.post(ctx, path, map[string]any{"input": input}, nil)
	})
}

// whenFree sends a request again while the server answers that every slot
// is busy: coglet answers a sync prediction before its slot is marked idle
// again, so the next request can find every slot busy for a few
// milliseconds; Replicate's router retries such requests too.
func (s *Server) whenFree(ctx context.Context, send func() (Prediction, error)) (Prediction, error) {
	for {
		p, err := send()
		if err != nil || !atCapacity(p) {
			return p, err
		}
		select {
		case <-ctx.Done():
			return p, fmt.Errorf("the server stayed at capacity: %w", ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func atCapacity(p Prediction) bool {
	return p.HTTPStatus == http.StatusConflict || strings.Contains(p.Error, "At capacity")
}

// Start sends input as an asynchronous prediction with the given id and
// returns at once; with a webhook URL, cog posts every state change there
// (see Webhook).
func (s *Server) Start(ctx context.Context, id string, input map[string]any, webhook string) (Prediction, error) {
	body := map[string]any{"input": input, "id": id}
	if webhook != "" {
		body["webhook"] = webhook
	}
	return s.whenFree(ctx, func() (Prediction, error) {
		return s.put(ctx, "/predictions/"+id, body, http.Header{"Prefer": {"respond-async"}})
	})
}

// Cancel asks the server to cancel prediction id.
func (s *Server) Cancel(ctx context.Context, id string) (Prediction, error) {
	return s.post(ctx, "/predictions/"+id+"/cancel", nil, nil)
}

func (s *Server) post(ctx context.Context, path string, body any, h http.Header) (Prediction, error) {
	return s.send(ctx, http.MethodPost, path, body, h)
}

func (s *Server) put(ctx context.Context, path string, body any, h http.Header) (Prediction, error) {
	return s.send(ctx, http.MethodPut, path, body, h)
}

func (s *Server) send(ctx context.Context, method, path string, body any, h http.Header) (Prediction, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return Prediction{}, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, s.URL+path, rd)
	if err != nil {
		return Prediction{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range h {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return Prediction{}, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return Prediction{}, err
	}
	p := Prediction{HTTPStatus: resp.StatusCode, Body: string(raw)}
	if err := json.Unmarshal(raw, &p); err != nil && resp.StatusCode < 300 {
		return p, fmt.Errorf("%s %s: answer is not JSON: %s", method, path, raw)
	}
	p.HTTPStatus, p.Body = resp.StatusCode, string(raw)
	return p, nil
}

// Get fetches the state of prediction id.
func (s *Server) Get(ctx context.Context, id string) (Prediction, error) {
	return s.send(ctx, http.MethodGet, "/predictions/"+id, nil, nil)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("finding a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// syncBuffer is a bytes.Buffer safe for the writer goroutines of a process
// and a reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// errNoOutput is returned by checks when a prediction has no output.
var errNoOutput = errors.New("the prediction has no output")
