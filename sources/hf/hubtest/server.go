// Package hubtest runs an httptest server shaped like the Hugging Face Hub,
// for tests of code that talks to the Hub through a real HTTP client: model
// info at /api/models/{id}[/revision/{rev}], files at
// /{id}/resolve/{rev}/{path}, X-Error-Code errors, gated and private repos,
// renamed repos (307), scripted faults (status sequences, Retry-After,
// resets, slow and truncated answers) and a request log. ServeCorpusModel
// replays a recorded model from ../shared/corpus/hf.
package hubtest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Request is one request the server saw.
type Request struct {
	Method string
	// Path is the escaped path ("/api/models/o/n/revision/refs%2Fpr%2F1").
	Path  string
	Query string
	// Auth says whether an Authorization header was sent.
	Auth bool
}

// Fault is one scripted answer for a path, used once, in order.
type Fault struct {
	// Status, when set, answers with it, Header and Body instead of the
	// normal answer. With Status 0 the normal answer is sent, after Delay,
	// and Body (if set) replaces its body with status 200.
	Status int
	Header http.Header
	Body   string
	// Delay waits before answering; it ends early when the client leaves.
	Delay time.Duration
	// Reset closes the connection without answering.
	Reset bool
	// Truncate announces the whole body but sends only half of it.
	Truncate bool
}

// Option configures a Server.
type Option func(*Server)

// Server is a fake Hub. Its URL is the endpoint to give the client.
type Server struct {
	*httptest.Server
	t       testing.TB
	mu      sync.Mutex
	models  map[string]*Model
	aliases map[string]string
	faults  map[string][]Fault
	replays map[string]replay
	tokens  map[string]bool
	log     []Request
}

// replay is a recorded answer served for one path.
type replay struct {
	status int
	header http.Header
	body   []byte
}

// NewServer starts a fake Hub, closed when the test ends.
func NewServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := &Server{t: t, models: map[string]*Model{}, aliases: map[string]string{},
		faults: map[string][]Fault{}, replays: map[string]replay{}, tokens: map[string]bool{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	for _, o := range opts {
		o(s)
	}
	return s
}

// WithModel serves m.
func WithModel(m Model) Option { return func(s *Server) { s.AddModel(m) } }

// WithModelDir serves the files of dir as model id at commit sha.
func WithModelDir(id, sha, dir string) Option {
	return func(s *Server) {
		m, err := ModelFromDir(id, sha, dir)
		if err != nil {
			s.t.Fatalf("hubtest: %v", err)
		}
		s.AddModel(m)
	}
}

// WithAlias makes oldID a renamed repo: its info and files answer 307 with
// a relative Location under newID, as the Hub does.
func WithAlias(oldID, newID string) Option {
	return func(s *Server) { s.mu.Lock(); s.aliases[oldID] = newID; s.mu.Unlock() }
}

// WithFaults scripts answers for path (escaped, without query).
func WithFaults(path string, faults ...Fault) Option {
	return func(s *Server) { s.AddFaults(path, faults...) }
}

// WithValidTokens makes every other bearer token an invalid credential
// (401 "Invalid credentials in Authorization header").
func WithValidTokens(tokens ...string) Option {
	return func(s *Server) {
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, tok := range tokens {
			s.tokens[tok] = true
		}
	}
}

// AddModel serves m (replacing a model with the same ID).
func (s *Server) AddModel(m Model) {
	s.mu.Lock()
	defer s.mu.Unlock()
	mm := m
	s.models[m.ID] = &mm
}

// AddFaults appends scripted answers for path (escaped, without query).
func (s *Server) AddFaults(path string, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[path] = append(s.faults[path], faults...)
}

// Replay answers every request for path (escaped, without query) with the
// given status, headers and body.
func (s *Server) Replay(path string, status int, header http.Header, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.replays[path] = replay{status: status, header: header.Clone(), body: body}
}

// Requests returns the requests seen so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.log...)
}

// ResetRequests forgets the request log.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = nil
}

// InfoPath is the escaped model info path for id (and revision, if set).
func InfoPath(id, revision string) string {
	p := "/api/models/" + id
	if revision != "" {
		p += "/revision/" + escapeSegment(revision)
	}
	return p
}

// ResolvePath is the escaped path of a file at a revision.
func ResolvePath(id, revision, path string) string {
	segs := strings.Split(path, "/")
	for i, seg := range segs {
		segs[i] = escapeSegment(seg)
	}
	return "/" + id + "/resolve/" + escapeSegment(revision) + "/" + strings.Join(segs, "/")
}

// record logs r and pops the next fault scripted for its path.
func (s *Server) record(r *http.Request) (Fault, bool, *replay) {
	s.mu.Lock()
	defer s.mu.Unlock()
	path := r.URL.EscapedPath()
	s.log = append(s.log, Request{Method: r.Method, Path: path, Query: r.URL.RawQuery,
		Auth: r.Header.Get("Authorization") != ""})
	var rp *replay
	if v, ok := s.replays[path]; ok {
		rp = &v
	}
	if q := s.faults[path]; len(q) > 0 {
		s.faults[path] = q[1:]
		return q[0], true, rp
	}
	return Fault{}, false, rp
}
