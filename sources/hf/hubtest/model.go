package hubtest

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// File is one file of a served model.
type File struct {
	Path string
	Body []byte
	// Size is the listed size when Body is nil (a weight not worth serving).
	Size int64
	// LFS lists the file with an lfs block (sha256), as the Hub does for
	// weights.
	LFS bool
}

// Model is a repository the server serves.
type Model struct {
	ID  string
	SHA string
	// Refs maps branch or tag names to commits; "main" is SHA unless set.
	Refs        map[string]string
	PipelineTag string
	LibraryName string
	Tags        []string
	// Gated is "", "auto" or "manual": files then need a token in Tokens.
	Gated string
	// Private hides the repo (RepoNotFound) from callers without a token
	// in Tokens.
	Private bool
	// Tokens are the bearer tokens granted access.
	Tokens []string
	// Config, CardData and Extra become the info's "config", "cardData" and
	// further top-level fields.
	Config   any
	CardData any
	Extra    map[string]any
	Files    []File
	// Info, when set, is served verbatim as the model info body.
	Info []byte
}

// ModelFromDir builds a Model from the files under dir (.git skipped);
// files with weight extensions are listed as LFS.
func ModelFromDir(id, sha, dir string) (Model, error) {
	m := Model{ID: id, SHA: sha}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		m.Files = append(m.Files, File{Path: rel, Body: b, LFS: isWeight(rel)})
		return nil
	})
	if err != nil {
		return Model{}, fmt.Errorf("reading model folder %s: %w", dir, err)
	}
	return m, nil
}

func isWeight(p string) bool {
	for _, ext := range []string{".safetensors", ".bin", ".gguf", ".pt", ".pth", ".ckpt", ".onnx", ".h5", ".msgpack"} {
		if strings.HasSuffix(p, ext) {
			return true
		}
	}
	return false
}

func (m *Model) visible(tok string) bool {
	return !m.Private || (tok != "" && slices.Contains(m.Tokens, tok))
}

// resolveRev maps "" (the default branch), the SHA, a ref or a full commit
// listed in Refs to a commit.
func (m *Model) resolveRev(rev string) (string, bool) {
	if rev == "" || rev == m.SHA {
		return m.SHA, true
	}
	if sha, ok := m.Refs[rev]; ok {
		return sha, true
	}
	if rev == "main" && m.Refs["main"] == "" {
		return m.SHA, true
	}
	for _, sha := range m.Refs {
		if sha == rev {
			return sha, true
		}
	}
	return "", false
}

func (m *Model) file(path string) (File, bool) {
	for _, f := range m.Files {
		if f.Path == path {
			return f, true
		}
	}
	return File{}, false
}

// size is the file's listed size.
func (f File) size() int64 {
	if f.Body != nil {
		return int64(len(f.Body))
	}
	return f.Size
}

// etag is the LFS sha256 for LFS files, else the git blob id.
func (f File) etag() string {
	if f.LFS {
		return f.sha256()
	}
	return f.blobID()
}

func (f File) sha256() string {
	if f.Body == nil {
		sum := sha256.Sum256([]byte("hubtest:" + f.Path))
		return hex.EncodeToString(sum[:])
	}
	sum := sha256.Sum256(f.Body)
	return hex.EncodeToString(sum[:])
}

// blobID is git's object id for the file's contents.
func (f File) blobID() string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(f.Body))
	h.Write(f.Body)
	return hex.EncodeToString(h.Sum(nil))
}

// infoJSON is the model info body with ?blobs=true, at commit sha.
func (m *Model) infoJSON(sha string) []byte {
	if m.Info != nil {
		return m.Info
	}
	author, _, _ := strings.Cut(m.ID, "/")
	info := map[string]any{
		"_id": "hubtest-" + m.ID, "id": m.ID, "modelId": m.ID, "author": author,
		"sha": sha, "private": m.Private, "disabled": false, "gated": false,
		"tags": append([]string{}, m.Tags...), "siblings": m.siblings(),
	}
	if m.Gated != "" {
		info["gated"] = m.Gated
	}
	for k, v := range map[string]string{"pipeline_tag": m.PipelineTag, "library_name": m.LibraryName} {
		if v != "" {
			info[k] = v
		}
	}
	for k, v := range map[string]any{"config": m.Config, "cardData": m.CardData} {
		if v != nil {
			info[k] = v
		}
	}
	for k, v := range m.Extra {
		info[k] = v
	}
	b, err := json.Marshal(info)
	if err != nil {
		panic(fmt.Sprintf("hubtest: model %s does not marshal: %v", m.ID, err))
	}
	return b
}

func (m *Model) siblings() []map[string]any {
	out := make([]map[string]any, 0, len(m.Files))
	for _, f := range m.Files {
		s := map[string]any{"rfilename": f.Path, "size": f.size(), "blobId": f.blobID()}
		if f.LFS {
			s["lfs"] = map[string]any{"sha256": f.sha256(), "size": f.size(), "pointerSize": 134}
		}
		out = append(out, s)
	}
	return out
}

// treeEntries lists every file under dir ("" for the root) with the folders
// above them, as the tree API does recursively.
func (m *Model) treeEntries(dir string) []map[string]any {
	prefix := ""
	if dir != "" {
		prefix = strings.TrimSuffix(dir, "/") + "/"
	}
	out := []map[string]any{}
	seen := map[string]bool{}
	for _, f := range m.Files {
		if !strings.HasPrefix(f.Path, prefix) {
			continue
		}
		for d := path.Dir(f.Path); d != "." && d+"/" != prefix && strings.HasPrefix(d+"/", prefix) && !seen[d]; d = path.Dir(d) {
			seen[d] = true
			out = append(out, map[string]any{"type": "directory", "oid": f.blobID(), "size": 0, "path": d})
		}
		e := map[string]any{"type": "file", "oid": f.blobID(), "size": f.size(), "path": f.Path}
		if f.LFS {
			e["lfs"] = map[string]any{"oid": f.sha256(), "size": f.size(), "pointerSize": 134}
		}
		out = append(out, e)
	}
	return out
}
