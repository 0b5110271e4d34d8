package recipes

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/sources/hf"
	"github.com/cogport/cogport/sources/hf/hubtest"
)

// loadCorpusModel reads one corpus folder the way `cogport hf` would see
// the model, through the real sources: a recorded model info answer is
// served by a fake Hub and read with the Hub client (following a recorded
// 307); a folder with only a card, tree.json and repo/ configs is rebuilt
// as a snapshot folder (tree.json's files as sparse files of their
// recorded size) and read with LoadLocal, with the id its folder names.
// complete reports whether the facts list every file of the repository.
func loadCorpusModel(t *testing.T, dir string, reg *Registry) (*facts.Model, bool, error) {
	t.Helper()
	if recorded, err := hubtest.CorpusModelDirs(filepath.Dir(dir)); err == nil && contains(recorded, dir) {
		srv, cm := hubtest.ServeCorpusModel(t, dir)
		m, err := hubClient(srv.URL).Load(context.Background(), cm.RequestID, "", reg.Needs)
		return m, err == nil && len(m.Files) > 0, err
	}
	if expand := partialInfo(dir); expand != "" {
		// Only a partial answer (?expand=...) was recorded: serve it as the
		// model info and let the client judge it.
		body, err := os.ReadFile(expand)
		if err != nil {
			return nil, false, err
		}
		id := folderID(dir)
		srv := hubtest.NewServer(t)
		srv.Replay(hubtest.InfoPath(id, ""), 200, map[string][]string{"Content-Type": {"application/json"}}, body)
		m, err := hubClient(srv.URL).Load(context.Background(), id, "", reg.Needs)
		return m, false, err
	}
	snap := t.TempDir()
	complete, sha, err := rebuildSnapshot(dir, snap)
	if err != nil {
		return nil, false, err
	}
	m, err := hf.LoadLocal(snap, reg.Needs)
	if err != nil {
		return nil, false, err
	}
	m.ID, m.SHA = folderID(dir), sha
	return m, complete, nil
}

// partialInfo is a recorded ?expand= answer body in dir, or "".
func partialInfo(dir string) string {
	matches, _ := filepath.Glob(filepath.Join(dir, "model-info.expand-*.json"))
	for _, m := range matches {
		if !strings.HasSuffix(m, ".http.json") {
			return m
		}
	}
	return ""
}

func hubClient(endpoint string) *hf.Client {
	return hf.NewClient(hf.Options{Endpoint: endpoint, MaxRetries: -1})
}

// folderID is the repo id a corpus folder names: org--name → org/name.
func folderID(dir string) string {
	return strings.Replace(filepath.Base(dir), "--", "/", 1)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// treeFile is one entry of a corpus tree.json (from a git mirror).
type treeFile struct {
	Path    string `json:"path"`
	GitSize *int64 `json:"git_size"`
	LFS     *struct {
		Size int64 `json:"size"`
	} `json:"lfs"`
}

// rebuildSnapshot lays out README.md and repo/ with their recorded bodies,
// and every other tree.json file as a sparse file of its recorded size
// (weights stay unread: only their sizes matter). It returns whether a
// tree.json gave the full file list, and the commit it was taken at.
func rebuildSnapshot(dir, snap string) (bool, string, error) {
	if err := copyFile(filepath.Join(dir, "README.md"), filepath.Join(snap, "README.md")); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, "", err
	}
	repo := filepath.Join(dir, "repo")
	err := filepath.WalkDir(repo, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(repo, p)
		return copyFile(p, filepath.Join(snap, rel))
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, "", err
	}
	raw, err := os.ReadFile(filepath.Join(dir, "tree.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return false, "", nil
	}
	if err != nil {
		return false, "", err
	}
	var tree struct {
		From struct {
			Commit string `json:"commit"`
		} `json:"derived_from"`
		Files []treeFile `json:"files"`
	}
	if err := json.Unmarshal(raw, &tree); err != nil {
		return false, "", err
	}
	for _, f := range tree.Files {
		if err := sparseFile(filepath.Join(snap, filepath.FromSlash(f.Path)), f.size()); err != nil {
			return false, "", err
		}
	}
	return true, tree.From.Commit, nil
}

func (f treeFile) size() int64 {
	switch {
	case f.LFS != nil:
		return f.LFS.Size
	case f.GitSize != nil:
		return *f.GitSize
	}
	return 0
}

// sparseFile creates path with size bytes unless a recorded body is there.
func sparseFile(path string, size int64) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := f.Truncate(size); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}
