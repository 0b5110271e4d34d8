package hubtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Recorded model info files in a corpus folder, in order of preference.
const (
	redirectFile = "model-info.307-redirect.http.json"
	infoFile     = "model-info.json"
	blobsFile    = "model-info.blobs.json"
	infoHTTPFile = "model-info.http.json"
)

// CorpusModel describes the model ServeCorpusModel serves.
type CorpusModel struct {
	// Dir is the corpus folder.
	Dir string
	// RequestID is the id the recording asked for: the folder's model,
	// an old name when the recording is a 307.
	RequestID string
	// Status is the recorded status for RequestID (200 or 307).
	Status int
	// ID, SHA and PipelineTag come from the recorded body the request ends
	// at (after the redirect, if any); ID is empty when a 307 points at a
	// model the corpus does not hold.
	ID          string
	SHA         string
	PipelineTag string
}

// CorpusDir returns ../shared/corpus/hf relative to the repository root
// (found from the test's working directory by looking for go.mod), or skips
// the test when the corpus is absent.
func CorpusDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("hubtest: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("hubtest: no go.mod above the test; cannot find ../shared/corpus")
		}
		dir = parent
	}
	corpus := filepath.Join(dir, "..", "shared", "corpus", "hf")
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("hubtest: corpus not found at %s (read-only data shared beside the repository)", corpus)
	}
	return corpus
}

// CorpusModelDirs lists the folders under root that hold a recorded model
// info (model-info.json, model-info.blobs.json or a recorded 307).
func CorpusModelDirs(root string) ([]string, error) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, err
	}
	var dirs []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(root, e.Name())
		if _, err := recordedInfoFile(dir); err == nil {
			dirs = append(dirs, dir)
		}
	}
	return dirs, nil
}

func recordedInfoFile(dir string) (string, error) {
	for _, name := range []string{redirectFile, infoFile, blobsFile} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return name, nil
		}
	}
	return "", fmt.Errorf("%s holds no recorded model info", dir)
}

// ServeCorpusModel serves a recorded corpus model: the recorded model info
// answer (status, headers, body) at the recorded path, the target of a
// recorded 307 when the corpus holds it, and README.md and repo/<path> at
// /{id}/resolve/{sha}/ (EntryNotFound for other files, RevisionNotFound for
// other revisions).
func ServeCorpusModel(t testing.TB, corpusDir string) (*Server, CorpusModel) {
	t.Helper()
	s := NewServer(t)
	cm, err := s.addCorpus(corpusDir, 0)
	if err != nil {
		t.Fatalf("hubtest: %v", err)
	}
	return s, cm
}

// addCorpus registers dir's recording; a 307 adds its target's folder.
func (s *Server) addCorpus(dir string, depth int) (CorpusModel, error) {
	rec, err := readRecording(dir)
	if err != nil {
		return CorpusModel{}, err
	}
	s.Replay(rec.path, rec.status, rec.header, rec.body)
	cm := CorpusModel{Dir: dir, Status: rec.status,
		RequestID: strings.TrimPrefix(rec.path, "/api/models/")}
	if rec.status/100 == 3 {
		target := folderFor(dir, strings.TrimPrefix(rec.header.Get("Location"), "/api/models/"))
		if _, err := os.Stat(target); err != nil || depth > 3 {
			return cm, nil // a dangling redirect: the client gets RepoNotFound
		}
		next, err := s.addCorpus(target, depth+1)
		cm.ID, cm.SHA, cm.PipelineTag = next.ID, next.SHA, next.PipelineTag
		return cm, err
	}
	var info struct {
		ID          string `json:"id"`
		SHA         string `json:"sha"`
		PipelineTag string `json:"pipeline_tag"`
	}
	if err := json.Unmarshal(rec.body, &info); err != nil {
		return cm, fmt.Errorf("%s: recorded model info: %w", dir, err)
	}
	cm.ID, cm.SHA, cm.PipelineTag = info.ID, info.SHA, info.PipelineTag
	files, err := corpusFiles(dir)
	if err != nil {
		return cm, err
	}
	s.AddModel(Model{ID: info.ID, SHA: info.SHA, Info: rec.body, Files: files})
	return cm, nil
}

// folderFor is the corpus folder of id beside dir ("org/name" → org--name).
func folderFor(dir, id string) string {
	return filepath.Join(filepath.Dir(dir), strings.ReplaceAll(id, "/", "--"))
}

// recording is one recorded answer.
type recording struct {
	path   string
	status int
	header http.Header
	body   []byte
}

// httpMeta is the shape of the corpus's *.http.json files.
type httpMeta struct {
	Request struct {
		URI string `json:"uri"`
	} `json:"request"`
	Status int                 `json:"status"`
	Header map[string][]string `json:"headers"`
	Body   *string             `json:"body"`
}

// readRecording loads the recorded model info answer of dir.
func readRecording(dir string) (recording, error) {
	name, err := recordedInfoFile(dir)
	if err != nil {
		return recording{}, err
	}
	metaFile := infoHTTPFile
	if name == redirectFile {
		metaFile = redirectFile
	}
	rec := recording{status: http.StatusOK, header: http.Header{"Content-Type": {"application/json; charset=utf-8"}},
		path: "/api/models/" + strings.Replace(filepath.Base(dir), "--", "/", 1)}
	meta, err := readHTTPMeta(filepath.Join(dir, metaFile))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return rec, err
	}
	if err == nil {
		if err := rec.applyMeta(meta); err != nil {
			return rec, fmt.Errorf("%s: %w", filepath.Join(dir, metaFile), err)
		}
	}
	if name != redirectFile {
		if rec.body, err = os.ReadFile(filepath.Join(dir, name)); err != nil {
			return rec, err
		}
	}
	return rec, nil
}

func readHTTPMeta(path string) (httpMeta, error) {
	var meta httpMeta
	b, err := os.ReadFile(path)
	if err != nil {
		return meta, err
	}
	if err := json.Unmarshal(b, &meta); err != nil {
		return meta, fmt.Errorf("%s: %w", path, err)
	}
	return meta, nil
}

// hopHeaders are recorded headers that describe the old connection or
// body encoding, not the answer; the server sets its own.
var hopHeaders = map[string]bool{"Content-Length": true, "Connection": true, "Transfer-Encoding": true,
	"Content-Encoding": true, "Keep-Alive": true}

// applyMeta takes the recorded path, status, headers and inline body.
func (rec *recording) applyMeta(meta httpMeta) error {
	u, err := url.Parse(meta.Request.URI)
	if err != nil {
		return err
	}
	if u.EscapedPath() != "" {
		rec.path = u.EscapedPath()
	}
	if meta.Status != 0 {
		rec.status = meta.Status
	}
	rec.header = http.Header{}
	for k, v := range meta.Header {
		if k = http.CanonicalHeaderKey(k); !hopHeaders[k] {
			rec.header[k] = v
		}
	}
	if meta.Body != nil {
		rec.body = []byte(*meta.Body)
	}
	return nil
}

// corpusFiles are README.md and everything under repo/, served as files.
func corpusFiles(dir string) ([]File, error) {
	var files []File
	if b, err := os.ReadFile(filepath.Join(dir, "README.md")); err == nil {
		files = append(files, File{Path: "README.md", Body: b})
	}
	repo := filepath.Join(dir, "repo")
	if _, err := os.Stat(repo); err != nil {
		return files, nil
	}
	m, err := ModelFromDir("", "", repo)
	if err != nil {
		return nil, err
	}
	return append(files, m.Files...), nil
}
