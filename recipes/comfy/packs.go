package comfy

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// packPlan is one custom node pack and where build.run clones it.
type packPlan struct {
	pack facts.ComfyNodePack
	repo string
	// dir is the clone's folder under ComfyUI's custom_nodes/.
	dir string
}

var (
	// repoURL is a repository URL that is safe in a shell command as it is.
	repoURL   = regexp.MustCompile(`^https://[A-Za-z0-9.-]+(/[A-Za-z0-9_.-]+)+$`)
	hexCommit = regexp.MustCompile(`^[0-9a-f]{7,40}$`)
	dirName   = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]*$`)
)

// planPacks gives each pack a folder; a pack whose URL is unusable is left
// out, and one with no commit is listed as unresolved (it can still be
// cloned, unpinned).
func planPacks(packs []facts.ComfyNodePack) ([]packPlan, []Unresolved) {
	var out []packPlan
	var missing []Unresolved
	taken := map[string]bool{}
	for _, pk := range packs {
		repo := strings.TrimSuffix(strings.TrimSuffix(pk.Repo, "/"), ".git")
		base := path.Base(repo)
		if !repoURL.MatchString(repo) || !dirName.MatchString(base) {
			missing = append(missing, Unresolved{Kind: KindPack, Name: pk.Repo, Why: "its URL is not a plain https repository URL"})
			continue
		}
		if pk.Commit != "" && !hexCommit.MatchString(pk.Commit) {
			missing = append(missing, Unresolved{Kind: KindPack, Name: repo, Why: fmt.Sprintf("its commit %q is not a hex commit id", pk.Commit)})
			continue
		}
		if pk.Commit == "" {
			missing = append(missing, Unresolved{Kind: KindPack, Name: repo, unpinned: true,
				Why: fmt.Sprintf("no commit is known for it (it provides %s); pin one in the node map as %s@<commit>", strings.Join(pk.Classes, ", "), repo)})
		}
		dir := base
		for i := 2; taken[strings.ToLower(dir)]; i++ {
			dir = fmt.Sprintf("%s-%d", base, i)
		}
		taken[strings.ToLower(dir)] = true
		out = append(out, packPlan{pack: pk, repo: repo, dir: ComfyUIDir + "/custom_nodes/" + dir})
	}
	return out, missing
}

// usePacks clones each pack in build.run, then installs its requirements.
func usePacks(p *plan.Plan, packs []packPlan) {
	var rows []map[string]any
	for _, pk := range packs {
		if pk.pack.Commit != "" {
			p.BuildRun = append(p.BuildRun, pinnedClone(pk.repo, pk.pack.Commit, pk.dir))
		} else {
			p.BuildRun = append(p.BuildRun, fmt.Sprintf("git clone -q --depth 1 %s %s", pk.repo, pk.dir))
		}
		p.BuildRun = append(p.BuildRun, fmt.Sprintf("if [ -f %[1]s/requirements.txt ]; then python -m pip install -r %[1]s/requirements.txt; fi", pk.dir))
		rows = append(rows, map[string]any{"Repo": pk.repo, "Commit": firstNonEmpty(pk.pack.Commit, "unpinned"),
			"Dir": path.Base(pk.dir), "Classes": strings.Join(pk.pack.Classes, ", "), "Via": pk.pack.Via})
		if pk.pack.Note != "" {
			p.Warn(fmt.Sprintf("pack %s: %s", pk.repo, pk.pack.Note))
		}
	}
	p.Vars["Packs"] = rows
	if len(packs) > 0 {
		p.Warn("custom node packs install their own requirements.txt in build.run, unpinned: cogport cannot pin them, and they may change the versions requirements.txt pins")
	}
}

// pinnedClone is a build.run command that checks repo out at commit into
// dir. A full commit id is fetched alone, shallowly; an abbreviated one
// (cog-comfyui's pins are 7 digits) cannot be fetched by id, so the
// history is cloned without file contents and the commit checked out.
func pinnedClone(repo, commit, dir string) string {
	if len(commit) == 40 {
		return fmt.Sprintf("git init -q %[3]s && git -C %[3]s fetch -q --depth 1 %[1]s %[2]s && git -C %[3]s checkout -q FETCH_HEAD", repo, commit, dir)
	}
	return fmt.Sprintf("git clone -q --filter=blob:none --no-checkout %[1]s %[3]s && git -C %[3]s checkout -q %[2]s", repo, commit, dir)
}
