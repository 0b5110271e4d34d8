package github

import (
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/cogport/cogport/facts"
)

var (
	// hubURLRE reads huggingface.co (or hf.co) URLs: an optional
	// datasets/ or spaces/ prefix, the repo, and resolve|blob/<rev>/<path>.
	hubURLRE  = regexp.MustCompile(`^https?://(?:www\.)?(?:huggingface\.co|hf\.co)/(?:(datasets|spaces)/)?([A-Za-z0-9][\w.-]*)/([\w.-]+)(?:/(resolve|blob|tree)/([^/]+)(?:/(.+))?)?/?$`)
	releaseRE = regexp.MustCompile(`^https?://github\.com/[\w.-]+/[\w.-]+/releases/download/`)
	gdriveRE  = regexp.MustCompile(`^https?://(?:drive\.google\.com/|docs\.google\.com/uc\b)`)
	weightExt = regexp.MustCompile(`(?i)\.(pth|pt|ckpt|safetensors|bin|pkl|pickle|onnx|h5|gguf|pb|tflite|caffemodel|npz|engine|tar|tar\.gz|tgz|zip)$`)
	// mediaExt are example inputs a demo downloads, not weights.
	mediaExt = regexp.MustCompile(`(?i)\.(png|jpe?g|webp|gif|bmp|mp4|mov|webm|avi|wav|mp3|flac|ogg|m4a|txt|md|html?)$`)
	repoIDRE = regexp.MustCompile(`^[A-Za-z0-9][\w.-]*/[\w.-]+$`)
	// fileLikeRE are repo-id-shaped strings that are really paths.
	fileLikeRE = regexp.MustCompile(`(?i)\.(py|pth|pt|ckpt|safetensors|bin|yaml|yml|json|txt|png|jpe?g|wav|mp3|mp4|csv|md|pkl|npy|onnx|zip|tar|gz)$`)
)

// hubOrgsNotRepos are huggingface.co paths that are site pages, not repos.
var hubOrgsNotRepos = map[string]bool{"docs": true, "blog": true, "papers": true, "learn": true,
	"models": true, "tasks": true, "join": true, "login": true, "settings": true, "pricing": true,
	"api": true, "collections": true, "organizations": true, "new": true, "posts": true, "chat": true}

// classifyURL turns a URL into a weight link and/or a Hub reference.
// fromDownload says the URL is fetched by a download command, so any
// file counts as a weight.
func classifyURL(raw, from string, fromDownload bool) (*facts.RepoWeight, *facts.RepoHubRef) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return nil, nil
	}
	if m := hubURLRE.FindStringSubmatch(raw); m != nil && !hubOrgsNotRepos[m[2]] {
		return hubLink(raw, from, m)
	}
	file := path.Base(u.Path)
	switch {
	case strings.Contains(u.Host, "download.pytorch.org") || strings.Contains(u.Host, "pypi.org"):
		return nil, nil
	case releaseRE.MatchString(raw):
		return &facts.RepoWeight{URL: raw, Kind: "github-release", Path: file, From: from}, nil
	case gdriveRE.MatchString(raw) && (fromDownload || strings.Contains(u.Path, "/file/") || u.Query().Get("id") != ""):
		return &facts.RepoWeight{URL: raw, Kind: "gdrive", From: from}, nil
	case weightExt.MatchString(u.Path) && !strings.Contains(u.Host, "github.com"):
		return &facts.RepoWeight{URL: raw, Kind: "direct", Path: file, From: from}, nil
	case fromDownload && u.Path != "" && u.Path != "/" && !mediaExt.MatchString(u.Path):
		return &facts.RepoWeight{URL: raw, Kind: "direct", Path: file, From: from}, nil
	}
	return nil, nil
}

// hubLink reads a Hub URL: a resolve URL is a weight and a reference; a
// repo page is a reference.
func hubLink(raw, from string, m []string) (*facts.RepoWeight, *facts.RepoHubRef) {
	kind := map[string]string{"": "model", "datasets": "dataset", "spaces": "space"}[m[1]]
	repo := m[2] + "/" + strings.TrimSuffix(m[3], ".git")
	ref := &facts.RepoHubRef{Repo: repo, Kind: kind, Via: "link", From: from}
	if m[4] == "resolve" || m[4] == "blob" {
		ref.Revision, ref.Filename = m[5], strings.SplitN(m[6], "?", 2)[0]
		ref.Via = "resolve-url"
		if ref.Filename == "" {
			return nil, ref
		}
		w := &facts.RepoWeight{URL: strings.Replace(raw, "/blob/", "/resolve/", 1), Kind: "hf",
			Repo: repo, Revision: m[5], Path: ref.Filename, From: from}
		if kind != "model" {
			w.Repo = m[1] + "/" + repo
		}
		return w, ref
	}
	if m[4] == "tree" {
		ref.Revision = m[5]
	}
	return nil, ref
}

// isRepoID reports whether s looks like "org/name" and is not a path of
// the repository itself.
func isRepoID(s string, snap *Snapshot) bool {
	if !repoIDRE.MatchString(s) || fileLikeRE.MatchString(s) || strings.HasPrefix(s, ".") {
		return false
	}
	if _, ok := snap.File(s); ok {
		return false
	}
	return !snap.hasDir(s)
}

// hasDir reports whether any listed file lives under dir.
func (s *Snapshot) hasDir(dir string) bool {
	prefix := strings.TrimSuffix(dir, "/") + "/"
	for _, f := range s.Files {
		if strings.HasPrefix(f.Path, prefix) {
			return true
		}
	}
	return false
}

// linkSet accumulates weight links and Hub references without duplicates.
type linkSet struct {
	weights []facts.RepoWeight
	refs    []facts.RepoHubRef
	seenW   map[string]int
	seenR   map[string]bool
}

func (l *linkSet) addWeight(w facts.RepoWeight) {
	if l.seenW == nil {
		l.seenW = map[string]int{}
	}
	if i, ok := l.seenW[w.URL]; ok {
		if l.weights[i].Dest == "" {
			l.weights[i].Dest = w.Dest
		}
		return
	}
	l.seenW[w.URL] = len(l.weights)
	l.weights = append(l.weights, w)
}

func (l *linkSet) addRef(r facts.RepoHubRef) {
	if l.seenR == nil {
		l.seenR = map[string]bool{}
	}
	key := r.Kind + "|" + r.Repo + "|" + r.Filename
	if l.seenR[key] {
		return
	}
	l.seenR[key] = true
	l.refs = append(l.refs, r)
}

func (l *linkSet) addURL(raw, from, dest string, fromDownload bool) {
	w, r := classifyURL(raw, from, fromDownload)
	if w != nil {
		w.Dest = dest
		l.addWeight(*w)
	}
	if r != nil {
		l.addRef(*r)
	}
}
