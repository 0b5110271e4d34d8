package weights

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/cogport/cogport/facts"
)

// corpusHF returns ../shared/corpus/hf next to the repository root, or skips.
func corpusHF(tb testing.TB) string {
	tb.Helper()
	wd, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	root := wd
	for {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(root)
		if parent == root {
			tb.Fatalf("no go.mod above %s", wd)
		}
		root = parent
	}
	dir := filepath.Join(root, "..", "shared", "corpus", "hf")
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("corpus absent (%s): run next to ../shared to test against recorded Hub data", dir)
	}
	return dir
}

func readJSON(tb testing.TB, path string, v any) {
	tb.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
}

// loadTree reads a corpus tree.json (a git ls-tree of a mirror): LFS files
// carry the real size and sha256 in lfs, git_size is the pointer's size.
func loadTree(tb testing.TB, path string) []facts.File {
	var doc struct {
		Files []struct {
			Path    string `json:"path"`
			GitBlob string `json:"git_blob"`
			GitSize *int64 `json:"git_size"`
			LFS     *struct {
				SHA256 string `json:"sha256"`
				Size   int64  `json:"size"`
			} `json:"lfs"`
		} `json:"files"`
	}
	readJSON(tb, path, &doc)
	var out []facts.File
	for _, f := range doc.Files {
		file := facts.File{Path: f.Path, Size: -1, BlobID: f.GitBlob}
		switch {
		case f.LFS != nil:
			file.Size, file.SHA256, file.LFS = f.LFS.Size, f.LFS.SHA256, true
		case f.GitSize != nil:
			file.Size = *f.GitSize
		}
		out = append(out, file)
	}
	return out
}

// loadSiblings reads a model-info answer's siblings; only the ?blobs=true
// variant has sizes, the others leave Size at -1.
func loadSiblings(tb testing.TB, path string) []facts.File {
	var doc struct {
		Siblings []struct {
			Name   string `json:"rfilename"`
			BlobID string `json:"blobId"`
			Size   *int64 `json:"size"`
			LFS    *struct {
				SHA256 string `json:"sha256"`
				Size   int64  `json:"size"`
			} `json:"lfs"`
		} `json:"siblings"`
	}
	readJSON(tb, path, &doc)
	var out []facts.File
	for _, s := range doc.Siblings {
		file := facts.File{Path: s.Name, Size: -1, BlobID: s.BlobID}
		switch {
		case s.LFS != nil:
			file.Size, file.SHA256, file.LFS = s.LFS.Size, s.LFS.SHA256, true
		case s.Size != nil:
			file.Size = *s.Size
		}
		out = append(out, file)
	}
	return out
}

// loadHubTree reads a /api/models/{id}/tree answer.
func loadHubTree(tb testing.TB, path string) []facts.File {
	var doc []struct {
		Type string `json:"type"`
		Path string `json:"path"`
		OID  string `json:"oid"`
		Size int64  `json:"size"`
		LFS  *struct {
			OID  string `json:"oid"`
			Size int64  `json:"size"`
		} `json:"lfs"`
	}
	readJSON(tb, path, &doc)
	var out []facts.File
	for _, e := range doc {
		if e.Type != "file" {
			continue
		}
		file := facts.File{Path: e.Path, Size: e.Size, BlobID: e.OID}
		if e.LFS != nil {
			file.Size, file.SHA256, file.LFS = e.LFS.Size, e.LFS.OID, true
		}
		out = append(out, file)
	}
	return out
}

// loadConfigs reads a corpus model's repo/ folder: the config files a
// source adapter would have fetched, keyed by repository path.
func loadConfigs(tb testing.TB, dir string) map[string][]byte {
	configs := map[string][]byte{}
	root := filepath.Join(dir, "repo")
	if _, err := os.Stat(root); err != nil {
		return configs
	}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		configs[filepath.ToSlash(rel)] = raw
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return configs
}
