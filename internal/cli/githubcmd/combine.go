package githubcmd

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/generators"
	ghsrc "github.com/cogport/cogport/sources/github"
)

// ErrCollision means a file of the repository stands where cogport's
// package needs its own.
var ErrCollision = errors.New("the repository's files collide with the package's")

// replaced are repository files cogport's own version supersedes: the
// repository's requirements.txt is unpinned, and cog.yaml names this path.
var replaced = map[string]bool{"requirements.txt": true}

// packageFiles is the package before provenance: the repository's files
// (none when written in place), cogport's, and what happened where they met.
type packageFiles struct {
	repo      []generators.File
	generated []generators.File
	// kept are cogport's paths where the repository's file stays;
	// superseded are the repository's files cogport's replace.
	kept       []string
	superseded []string
	// skipped are repository files that could not be copied, with why.
	skipped []string
	bytes   int64
}

// combine lays cogport's files over the repository's. The repository's
// files are never overwritten, except requirements.txt; a collision on
// the files the package runs from is an error.
func combine(snap *ghsrc.Snapshot, r *facts.Repo, gen []generators.File, inPlace, force bool) (*packageFiles, error) {
	pkg := &packageFiles{}
	have := map[string]string{} // lowercased path → the repository's path
	for _, f := range r.Files {
		have[strings.ToLower(f.Path)] = f.Path
	}
	if err := refuse(r, gen, have, inPlace, force); err != nil {
		return nil, err
	}
	for _, f := range gen {
		theirs, collides := have[strings.ToLower(f.Path)]
		switch {
		case !collides:
		case replaced[f.Path]:
			pkg.superseded = append(pkg.superseded, theirs)
		default:
			f.Policy = generators.SkipIfExists
			pkg.kept = append(pkg.kept, f.Path)
		}
		pkg.generated = append(pkg.generated, f)
	}
	if inPlace {
		return pkg, nil
	}
	return pkg, copyRepo(snap, pkg)
}

// refuse stops a package that could not work or would lose a file.
func refuse(r *facts.Repo, gen []generators.File, have map[string]string, inPlace, force bool) error {
	if _, ok := have[generators.ProvenancePath]; ok && !force {
		return fmt.Errorf("%w: cogport generated this package already: run `cogport template refresh` in it (or pass --force to start over)", ErrCollision)
	}
	if isCog(r, have) && !force {
		return fmt.Errorf("%w: the repository is already a Cog package (%s): check it with `cogport lint`, or pass --force to add cogport's files next to its own (its cog.yaml and predict.py are kept)",
			ErrCollision, cogFiles(r.Cog))
	}
	for _, f := range gen {
		theirs, ok := have[strings.ToLower(f.Path)]
		switch {
		case !ok:
		case f.Path == "predict.py" && !isPredictor(r, theirs):
			return fmt.Errorf("%w: the repository's own %s is not a Cog predictor, and cog.yaml's predictor must go there: rename it (and what imports it), then run cogport again", ErrCollision, theirs)
		case (f.Path == "weights.py" || f.Path == "weights.json") && r.Cog == nil:
			return fmt.Errorf("%w: the repository's own %s is where cogport's weights module goes: rename it (and what imports it), then run cogport again", ErrCollision, theirs)
		case replaced[f.Path] && inPlace && !force:
			return fmt.Errorf("%w: cogport replaces %s with its pinned list: pass --force to change it in place (git diff shows how), or write a copy with -o DIR", ErrCollision, theirs)
		}
	}
	return nil
}

// isCog reports a Cog package at the root: a cog.yaml, or a predictor
// where cogport's goes. Predictors in subfolders (a demo for Replicate
// among others) leave the root free.
func isCog(r *facts.Repo, have map[string]string) bool {
	if r.Cog == nil {
		return false
	}
	_, predict := have["predict.py"]
	return r.Cog.Config != "" || predict && isPredictor(r, have["predict.py"])
}

func cogFiles(c *facts.RepoCog) string {
	var names []string
	if c.Config != "" {
		names = append(names, c.Config)
	}
	return strings.Join(append(names, c.Predictors...), ", ")
}

func isPredictor(r *facts.Repo, p string) bool {
	if r.Cog == nil {
		return false
	}
	for _, x := range r.Cog.Predictors {
		if x == p {
			return true
		}
	}
	return false
}

// copyRepo reads the repository's files into the package. Symlinks inside
// the repository become copies of their target; submodules, links out of
// the repository and paths a package cannot hold are skipped.
func copyRepo(snap *ghsrc.Snapshot, pkg *packageFiles) error {
	drop := map[string]bool{}
	for _, s := range pkg.superseded {
		drop[s] = true
	}
	for _, f := range snap.Files {
		if drop[f.Path] {
			continue
		}
		if why := uncopyable(f); why != "" || f.Size < 0 {
			if why == "" {
				why = "missing from the local object store"
			}
			pkg.skipped = append(pkg.skipped, f.Path+" ("+why+")")
			continue
		}
		body, err := snap.ReadFile(f.Path, 1<<40)
		if err != nil {
			if f.Mode == "symlink" {
				pkg.skipped = append(pkg.skipped, f.Path+" (a link cogport cannot follow)")
				continue
			}
			return fmt.Errorf("copy %s: %w", f.Path, err)
		}
		mode := uint32(0o644)
		if f.Mode == "exec" {
			mode = 0o755
		}
		pkg.repo = append(pkg.repo, generators.File{Path: f.Path, Mode: mode, Body: body, Policy: generators.SkipIfExists})
		pkg.bytes += int64(len(body))
	}
	return nil
}

// uncopyable says why a listed file cannot go into the package ("" if it can).
func uncopyable(f facts.RepoFile) string {
	clean := path.Clean(f.Path)
	switch {
	case f.Mode == "submodule":
		return "a submodule, not fetched"
	case clean != f.Path || strings.HasPrefix(clean, "../") || strings.HasPrefix(clean, "/") || strings.Contains(f.Path, "\\"):
		return "an unusual path"
	case strings.HasPrefix(f.Path, generators.ProvenanceDir+"/"):
		return "cogport's own record, rewritten"
	}
	return ""
}
