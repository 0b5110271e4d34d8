// Package github turns what cogport learned about a model repository
// (facts.Repo) into a plan for a Cog package that runs the repository's own
// code: pinned requirements, typed inputs from its inference script or
// Gradio app, and the checkpoints its README links. It does no I/O; the
// `cogport github` command copies the repository's files next to the ones
// the plan renders.
package github

import (
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// Recipe and template names: a script runs as a subprocess, a Gradio
// handler is imported and called.
const (
	RecipeScript   = "github-script"
	RecipeGradio   = "github-gradio"
	templateScript = "github_script"
	templateGradio = "github_gradio"
)

// ReadmeCopy is where the package README goes when the repository has its
// own README.md, which is never replaced.
const ReadmeCopy = "README.cog.md"

// ErrNoEntryPoint means the repository offers nothing cogport can wrap.
var ErrNoEntryPoint = errors.New("no entry point cogport can wrap")

// Options are the user's answers that shape a plan.
type Options struct {
	// Model is the Replicate destination "owner/name"; empty derives one.
	Model string
	// Entry is the repository path of the script or app to wrap; empty
	// takes the best ranked one cogport can wrap.
	Entry string
	// Python chooses the Python minor the hints allow (the CLI passes
	// pydeps.ChoosePython); nil means "3.12" whatever the hints say.
	Python func([]facts.RepoVersionHint) (string, bool)
	// Locked are versions a lock file of the repository pins (poetry.lock,
	// uv.lock, Pipfile.lock), by PEP 503 name; LockFrom names the file.
	Locked   map[string]string
	LockFrom string
}

// Build plans the package for r.
func Build(r *facts.Repo, o Options) (*plan.Plan, error) {
	if r == nil {
		return nil, errors.New("no repository facts")
	}
	ep, err := chooseEntry(r, o.Entry)
	if err != nil {
		return nil, err
	}
	p := base(r, o)
	if err := useRequirements(p, r, o, ep); err != nil {
		return nil, err
	}
	useWeights(p, r)
	if ep.Kind == "gradio" {
		err = gradioPlan(p, r, ep)
	} else {
		err = scriptPlan(p, r, ep)
	}
	if err != nil {
		return nil, err
	}
	carryWarnings(p, r, ep)
	return p, nil
}

func base(r *facts.Repo, o Options) *plan.Plan {
	p := &plan.Plan{
		Library:        "github",
		Source:         source(r),
		Title:          title(r),
		License:        license(r),
		Model:          modelName(r, o),
		PredictTimeout: 600,
		Deterministic:  false,
		TestHardware:   "cpu",
		Vars:           map[string]any{},
		Warnings:       []string{},
	}
	if r.Readme != nil {
		p.Summary = r.Readme.Summary
	}
	// ruff lints cogport's files only: script/lint and CI must not fail
	// on the style of the repository's own code.
	extra := []string{".ruff.toml=predict/github_ruff.toml.tmpl"}
	if hasFileFold(r, "README.md") {
		extra = append(extra, ReadmeCopy+"=README.md.tmpl")
	}
	p.Vars["ExtraFiles"] = extra
	if p.License.Name == "" {
		p.Warn("the repository has no LICENSE file: ask the authors before you publish the model")
	}
	return p
}

// source says where the code came from. A local folder is named by its
// base name, never its path: the output must not depend on where the
// folder sits on this machine.
func source(r *facts.Repo) plan.Source {
	switch {
	case r.Owner != "" && r.Name != "":
		id := r.Owner + "/" + r.Name
		u := "https://github.com/" + id
		if r.SHA != "" {
			u += "/tree/" + r.SHA
		}
		return plan.Source{Kind: "github", ID: id, SHA: r.SHA, URL: u}
	case r.URL != "":
		s := plan.Source{Kind: "git", ID: r.URL, SHA: r.SHA}
		if strings.HasPrefix(r.URL, "https://") {
			s.URL = r.URL
		}
		return s
	}
	dir := r.LocalDir
	if dir == "" {
		dir = strings.SplitN(r.Source, "@", 2)[0]
	}
	return plan.Source{Kind: "github-local", ID: filepath.Base(filepath.Clean(dir)), SHA: r.SHA}
}

func title(r *facts.Repo) string {
	if r.Readme != nil && strings.TrimSpace(r.Readme.Title) != "" {
		return strings.TrimSpace(r.Readme.Title)
	}
	if r.Owner != "" {
		return r.Owner + "/" + r.Name
	}
	return source(r).ID
}

var licenseRE = regexp.MustCompile(`(?i)^(licen[cs]e|copying)(\.(md|txt|rst))?$`)

// license points at the repository's LICENSE file: facts hold no license
// text, and the README tells the user to read it.
func license(r *facts.Repo) plan.License {
	for _, f := range r.Files {
		if strings.Contains(f.Path, "/") || !licenseRE.MatchString(f.Path) {
			continue
		}
		l := plan.License{Name: "See " + f.Path + " in the repository"}
		if r.Owner != "" && r.SHA != "" {
			l.Link = "https://github.com/" + r.Owner + "/" + r.Name + "/blob/" + r.SHA + "/" + f.Path
		}
		return l
	}
	return plan.License{}
}

var modelUnsafe = regexp.MustCompile(`[^a-z0-9_.-]+`)

// modelName is --model, else owner/name lowercased, else a placeholder the
// README explains.
func modelName(r *facts.Repo, o Options) string {
	if o.Model != "" {
		return o.Model
	}
	owner := strings.Trim(modelUnsafe.ReplaceAllString(strings.ToLower(r.Owner), "-"), "-.")
	name := strings.Trim(modelUnsafe.ReplaceAllString(strings.ToLower(r.Name), "-"), "-.")
	if owner == "" || name == "" {
		name = strings.Trim(modelUnsafe.ReplaceAllString(strings.ToLower(source(r).ID), "-"), "-.")
		if name == "" || strings.Contains(name, "/") {
			name = "model"
		}
		return plan.PlaceholderOwner + "/" + name
	}
	return owner + "/" + name
}

// hasFileFold reports whether the repository holds p, ignoring case (a
// package written to a case-insensitive disk must not clash either).
func hasFileFold(r *facts.Repo, p string) bool {
	for _, f := range r.Files {
		if strings.EqualFold(f.Path, p) {
			return true
		}
	}
	return false
}

// carryWarnings keeps the source's warnings that concern the package: not
// those about other candidate scripts.
func carryWarnings(p *plan.Plan, r *facts.Repo, ep facts.RepoEntryPoint) {
	others := map[string]bool{}
	for _, e := range r.EntryPoints {
		if e.Path != ep.Path {
			others[e.Path] = true
		}
	}
	for _, w := range r.Warnings {
		file, _, _ := strings.Cut(w, ":")
		if others[file] || strings.Contains(w, "description generated") || strings.Contains(w, "the wrapper") {
			continue // summarised per input, and per fixed argument by cliArgs
		}
		p.Warn(w)
	}
}

// scriptPath is the repository path as Python code names it.
func scriptPath(p string) string { return path.Clean(p) }

// plural picks the singular or plural form for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
