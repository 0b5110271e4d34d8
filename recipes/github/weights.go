package github

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
	"github.com/cogport/cogport/recipes"
)

// archiveRE are downloads that need unpacking: pget's multifile mode
// writes files as they come, so these stay a manual step.
var archiveRE = regexp.MustCompile(`(?i)\.(zip|7z|rar|tar|tgz|tar\.gz|tar\.bz2|tar\.xz|exe|dmg|apk|whl|deb)$`)

var sha40 = regexp.MustCompile(`^[0-9a-f]{40}$`)

// checkpointDirs are the folders repositories keep checkpoints in, most
// common first: a link without a destination lands in the first one the
// repository has, else in checkpoints/.
var checkpointDirs = []string{"checkpoints", "weights", "pretrained_models", "pretrained", "ckpts", "ckpt", "models"}

// hubVias are the Hub references the repository's code downloads itself.
var hubVias = map[string]bool{"from_pretrained": true, "hf_hub_download": true, "snapshot_download": true,
	"pipeline": true, "argparse-default": true, "cli": true}

// useWeights lists the checkpoints the README and scripts link, each at
// the path the repository expects it (the wget destination, else a
// checkpoints folder), for pget to fetch in setup(). They download into a
// folder of their own, which the build context excludes, and predict.py
// links each into place: a repository folder that holds files of its own
// (configs next to checkpoints) is never hidden from the image.
func useWeights(p *plan.Plan, r *facts.Repo) {
	var files []plan.WeightFile
	seen := map[string]bool{}
	var skipped, guessed, unpinned []string
	for _, w := range r.Weights {
		target, name := weightTarget(r, w)
		switch {
		case w.Kind == "gdrive":
			skipped = append(skipped, fmt.Sprintf("%s (Google Drive: mirror it)", w.URL))
			continue
		case archiveRE.MatchString(name):
			skipped = append(skipped, fmt.Sprintf("%s (an archive: unpack it by hand)", w.URL))
			continue
		case target == "" || seen[target]:
			continue
		}
		seen[target] = true
		if w.Dest == "" {
			guessed = append(guessed, target)
		}
		if w.Kind == "hf" && !sha40.MatchString(w.Revision) {
			unpinned = append(unpinned, w.URL)
		}
		files = append(files, plan.WeightFile{Path: target, Size: -1, URL: w.URL})
	}
	warnWeights(p, skipped, guessed, unpinned)
	warnHubRefs(p, r)
	if len(files) == 0 {
		return
	}
	p.Weights = plan.Weights{Strategy: "pget", Dir: weightsDir(r), Files: files}
	p.BuildRun = append(p.BuildRun, recipes.PgetInstall)
	p.Warn(fmt.Sprintf("%s download with pget in setup(), sizes unknown and unchecked; delete from weights.json those this model does not load",
		plural(len(files), "checkpoint", "checkpoints")))
}

// weightTarget is where the repository expects a download, and the file
// name the URL gives.
func weightTarget(r *facts.Repo, w facts.RepoWeight) (string, string) {
	u, err := url.Parse(w.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return "", ""
	}
	name := path.Base(u.Path)
	if w.Kind == "hf" && w.Path != "" {
		name = path.Base(w.Path)
	}
	if dest := cleanRel(w.Dest); dest != "" {
		if strings.HasSuffix(w.Dest, "/") || path.Ext(dest) == "" && path.Ext(name) != "" {
			return path.Join(dest, name), name
		}
		return dest, name
	}
	if name == "" || name == "." || name == "/" || path.Ext(name) == "" {
		return "", name
	}
	return path.Join(checkpointDir(r), name), name
}

// cleanRel returns p as a clean relative path inside the repository, or "".
func cleanRel(p string) string {
	p = strings.TrimSpace(p)
	if p == "" || strings.HasPrefix(p, "/") || strings.HasPrefix(p, "~") || strings.ContainsAny(p, "$`\\") {
		return ""
	}
	c := path.Clean(p)
	if c == "." || c == ".." || strings.HasPrefix(c, "../") {
		return ""
	}
	return c
}

// checkpointDir is where a link without a destination goes: beside the
// README's other downloads, else in the checkpoints folder the repository
// has, else in checkpoints/.
func checkpointDir(r *facts.Repo) string {
	for _, w := range r.Weights {
		if dest := cleanRel(w.Dest); dest != "" {
			if strings.HasSuffix(w.Dest, "/") || path.Ext(dest) == "" {
				return dest
			}
			if dir := path.Dir(dest); dir != "." {
				return dir
			}
		}
	}
	for _, d := range checkpointDirs {
		for _, f := range r.Files {
			if strings.HasPrefix(f.Path, d+"/") {
				return d
			}
		}
	}
	return checkpointDirs[0]
}

// weightsDir is a folder the repository does not use, for pget to fill.
func weightsDir(r *facts.Repo) string {
	for _, d := range []string{".weights", ".cog-weights", ".cogport-weights"} {
		used := false
		for _, f := range r.Files {
			used = used || f.Path == d || strings.HasPrefix(f.Path, d+"/")
		}
		if !used {
			return d
		}
	}
	return ".cogport-weights-" + fmt.Sprint(len(r.Files))
}

func warnWeights(p *plan.Plan, skipped, guessed, unpinned []string) {
	if len(skipped) > 0 {
		p.Warn("weights links not downloaded: " + strings.Join(skipped, "; "))
	}
	if len(guessed) > 0 {
		p.Warn(fmt.Sprintf("the README gives no destination for %s: cogport put them there; move them where the code loads them (weights.json)",
			strings.Join(guessed, ", ")))
	}
	if len(unpinned) > 0 {
		p.Warn("Hugging Face links that follow a branch, not a commit (replace the branch with a commit sha in weights.json to pin them): " +
			strings.Join(unpinned, ", "))
	}
}

// warnHubRefs names the Hub repositories the code downloads itself: they
// load at the first prediction that needs them, unpinned.
func warnHubRefs(p *plan.Plan, r *facts.Repo) {
	var refs []string
	seen := map[string]bool{}
	for _, h := range r.HubRefs {
		if h.Kind != "model" || !hubVias[h.Via] || seen[h.Repo] {
			continue
		}
		seen[h.Repo] = true
		refs = append(refs, h.Repo)
	}
	if len(refs) > 0 {
		p.Warn(fmt.Sprintf("the code downloads %s from the Hugging Face Hub itself, into its cache on first use and unpinned: pass revision=<commit> in the code to pin, and expect a slow first prediction",
			strings.Join(refs, ", ")))
	}
}
