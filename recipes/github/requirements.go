package github

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
	"github.com/cogport/cogport/recipes"
)

// defaultPython is DESIGN §1.3's rule; cog needs 3.10 or newer.
const defaultPython = "3.12"

// pythonMinors are the minors cogport builds on, in preference order.
var pythonMinors = []string{"3.12", "3.13", "3.11", "3.10"}

// torchFamily are the packages pinned from one row of cog's matrix.
var torchFamily = map[string]bool{"torch": true, "torchvision": true, "torchaudio": true}

// plainVersion is what plan.Requirement accepts as a version.
var plainVersion = regexp.MustCompile(`^[A-Za-z0-9_.+-]+$`)

// reqs collects the pinned requirements and the reasons for what was left out.
type reqs struct {
	out       []plan.Requirement
	seen      map[string]bool
	unpinned  []string
	urls      []string
	fromSet   []string
	fromRepo  []string
	extras    []string
	replacing []string
}

func (q *reqs) add(name, version string) {
	if q.seen[name] {
		return
	}
	q.seen[name] = true
	q.out = append(q.out, plan.Requirement{Name: name, Version: version})
}

// useRequirements pins every runtime requirement: the repository's pins,
// then versions the repository states elsewhere (a lock file, another
// requirements file, environment.yml), then cogport's known-good set; the
// rest is left out with a warning. torch comes from a row cog v0.22 knows.
func useRequirements(p *plan.Plan, r *facts.Repo, o Options, ep facts.RepoEntryPoint) error {
	deps := runtimeDeps(r)
	if ep.Kind == "gradio" && !hasDep(deps, "gradio") {
		deps = append(deps, facts.RepoDependency{Name: "gradio", From: ep.Path})
	}
	set := knownGood(r, deps)
	q := &reqs{seen: map[string]bool{}}
	row, usesTorch := useTorch(p, r, o, deps, set)
	if usesTorch {
		q.add("torch", row.Torch)
		if hasDep(deps, "torchvision") || imports(r, "torchvision") {
			q.add("torchvision", row.Torchvision)
		}
		if hasDep(deps, "torchaudio") || imports(r, "torchaudio") {
			q.add("torchaudio", row.Torchaudio)
		}
	}
	for _, d := range deps {
		if !torchFamily[d.Name] {
			pin(q, d, r, o, set)
		}
	}
	p.Requirements = q.out
	p.SystemPackages = systemPackages(r)
	warnRequirements(p, q, o, set)
	warnImports(p, r, deps)
	return choosePython(p, r, o, row, usesTorch)
}

// runtimeDeps are the requirements of the run time (Group ""); a repository
// with none falls back on the README's and install scripts' pip lines. The
// repository's own package ("-e .", a URL to itself) is not a dependency:
// its code is in the package.
func runtimeDeps(r *facts.Repo) []facts.RepoDependency {
	pick := func(groups ...string) []facts.RepoDependency {
		var out []facts.RepoDependency
		for _, d := range r.Dependencies {
			for _, g := range groups {
				if d.Group == g && !isSelf(r, d) && linuxMarker(d.Marker) {
					out = append(out, d)
				}
			}
		}
		return out
	}
	deps := pick("")
	if len(deps) == 0 {
		deps = pick("readme", "script")
	}
	return mostSpecific(deps)
}

func isSelf(r *facts.Repo, d facts.RepoDependency) bool {
	if d.Editable || d.URL == "." || strings.HasPrefix(d.URL, "./") || strings.HasPrefix(d.URL, "file:") {
		return true
	}
	if r.Name != "" && strings.EqualFold(d.Name, r.Name) && d.URL != "" {
		return true
	}
	return r.Owner != "" && d.URL != "" && strings.Contains(strings.ToLower(d.URL), strings.ToLower("github.com/"+r.Owner+"/"+r.Name))
}

// linuxMarker reports whether an environment marker can hold in a Linux
// container (markers naming only Windows or macOS cannot).
func linuxMarker(m string) bool {
	m = strings.ToLower(m)
	if m == "" || strings.Contains(m, "linux") {
		return true
	}
	return !strings.Contains(m, "win32") && !strings.Contains(m, "darwin") && !strings.Contains(m, "windows")
}

// mostSpecific keeps one requirement per project: the first pinned one,
// else the first with a specifier, else the first.
func mostSpecific(deps []facts.RepoDependency) []facts.RepoDependency {
	rank := func(d facts.RepoDependency) int {
		switch {
		case d.Pinned && d.URL == "":
			return 3
		case d.Specifier != "":
			return 2
		case d.URL == "":
			return 1
		}
		return 0
	}
	index := map[string]int{}
	var out []facts.RepoDependency
	for _, d := range deps {
		i, ok := index[d.Name]
		if !ok {
			index[d.Name] = len(out)
			out = append(out, d)
			continue
		}
		if rank(d) > rank(out[i]) {
			out[i] = d
		}
	}
	return out
}

func hasDep(deps []facts.RepoDependency, name string) bool {
	for _, d := range deps {
		if d.Name == name {
			return true
		}
	}
	return false
}

func imports(r *facts.Repo, module string) bool {
	for _, m := range r.Imports {
		if m == module {
			return true
		}
	}
	return false
}

// knownGood picks cogport's set for the repository: the diffusers pairing
// when it uses diffusers, else the transformers set (DESIGN §10).
func knownGood(r *facts.Repo, deps []facts.RepoDependency) recipes.KnownGood {
	sets := recipes.KnownGoodSets()
	if hasDep(deps, "diffusers") || imports(r, "diffusers") {
		for _, s := range sets {
			if _, ok := s.Versions["diffusers"]; ok {
				return s
			}
		}
	}
	return sets[0]
}

// pin adds one non-torch requirement, or records why it was left out.
func pin(q *reqs, d facts.RepoDependency, r *facts.Repo, o Options, set recipes.KnownGood) {
	if len(d.Extras) > 0 {
		q.extras = append(q.extras, fmt.Sprintf("%s[%s]", d.Name, strings.Join(d.Extras, ",")))
	}
	switch {
	case d.URL != "":
		q.urls = append(q.urls, urlAdvice(d))
		return
	case d.Pinned && plainVersion.MatchString(d.Version):
		q.add(d.Name, d.Version)
		return
	}
	if v, from := stated(r, o, d.Name); v != "" && satisfies(d.Specifier, v) {
		q.add(d.Name, v)
		q.fromRepo = append(q.fromRepo, fmt.Sprintf("%s==%s (%s)", d.Name, v, from))
		return
	}
	if v, ok := set.Versions[d.Name]; ok && satisfies(d.Specifier, v) {
		q.add(d.Name, v)
		q.fromSet = append(q.fromSet, d.Name+"=="+v)
		return
	}
	q.unpinned = append(q.unpinned, d.Name+d.Specifier)
}

// stated finds a version the repository itself gives for name: its lock
// file, or an exact pin in any of its files (another requirements file,
// environment.yml, a README pip line).
func stated(r *facts.Repo, o Options, name string) (string, string) {
	if v := o.Locked[name]; v != "" && plainVersion.MatchString(v) {
		return v, o.LockFrom
	}
	for _, d := range r.Dependencies {
		if d.Name == name && d.Pinned && d.URL == "" && plainVersion.MatchString(d.Version) {
			return d.Version, d.From
		}
	}
	return "", ""
}

func urlAdvice(d facts.RepoDependency) string {
	if d.Pinned {
		return fmt.Sprintf("%s (%s, pinned: add the line %q to requirements.txt by hand)", d.Name, d.From, d.Line)
	}
	return fmt.Sprintf("%s (%s, not pinned to a commit)", d.Name, d.From)
}

func warnRequirements(p *plan.Plan, q *reqs, o Options, set recipes.KnownGood) {
	if len(q.fromRepo) > 0 {
		p.Warn("pinned from versions the repository states elsewhere: " + strings.Join(q.fromRepo, ", "))
	}
	if len(q.fromSet) > 0 {
		p.Warn(fmt.Sprintf("the repository gives no version for %s: pinned from cogport's known-good set %s; check that the code works with them",
			strings.Join(q.fromSet, ", "), set.Name))
	}
	if len(q.unpinned) > 0 {
		p.Warn(fmt.Sprintf("%s left out of requirements.txt: the repository gives no version and cogport never invents one; add each as name==version (the version you run it with, e.g. from `pip freeze`)",
			strings.Join(q.unpinned, ", ")))
	}
	if len(q.urls) > 0 {
		p.Warn("URL and git requirements left out (requirements.txt holds name==version pins only): " + strings.Join(q.urls, "; "))
	}
	if len(q.extras) > 0 {
		p.Warn(fmt.Sprintf("extras dropped from %s: pin the packages the extras pull in by hand", strings.Join(q.extras, ", ")))
	}
}

// systemPackages are the apt packages the source found, in its order.
func systemPackages(r *facts.Repo) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range r.SystemPackages {
		if !seen[s.Name] && plainVersion.MatchString(s.Name) {
			seen[s.Name] = true
			out = append(out, s.Name)
		}
	}
	return out
}

// importProjects maps import names to the PyPI projects that provide them,
// where they differ.
var importProjects = map[string][]string{
	"cv2": {"opencv-python", "opencv-python-headless", "opencv-contrib-python", "opencv-contrib-python-headless"},
	"PIL": {"pillow"}, "yaml": {"pyyaml"}, "sklearn": {"scikit-learn"}, "skimage": {"scikit-image"},
	"attr": {"attrs"}, "dateutil": {"python-dateutil"}, "bs4": {"beautifulsoup4"}, "Crypto": {"pycryptodome"},
	"fitz": {"pymupdf"}, "OpenGL": {"pyopengl"}, "dotenv": {"python-dotenv"}, "jwt": {"pyjwt"},
	"google": {"protobuf"}, "gradio_client": {"gradio"}, "safetensors": {"safetensors"},
	"tensorflow": {"tensorflow", "tensorflow-cpu"}, "onnxruntime": {"onnxruntime", "onnxruntime-gpu"},
}

// bundled are projects a requirement installs with it, so that importing
// them needs no line of its own.
var bundled = map[string][]string{
	"gradio":       {"pillow", "numpy", "pandas", "huggingface-hub", "pyyaml", "gradio-client", "fastapi", "pydantic"},
	"torchvision":  {"pillow", "numpy"},
	"transformers": {"numpy", "huggingface-hub", "tokenizers", "safetensors", "pyyaml", "tqdm", "requests", "regex"},
	"diffusers":    {"pillow", "numpy", "huggingface-hub", "safetensors", "requests", "regex"},
	"accelerate":   {"numpy", "pyyaml", "huggingface-hub", "safetensors"},
	"scipy":        {"numpy"}, "pandas": {"numpy"}, "matplotlib": {"numpy", "pillow"},
	"scikit-image": {"numpy", "scipy", "pillow"}, "librosa": {"numpy", "scipy", "soundfile"},
	"opencv-python": {"numpy"}, "opencv-python-headless": {"numpy"},
}

// warnImports names modules the code imports that no requirement provides.
func warnImports(p *plan.Plan, r *facts.Repo, deps []facts.RepoDependency) {
	have := map[string]bool{}
	for _, d := range r.Dependencies {
		have[d.Name] = true
		for _, b := range bundled[d.Name] {
			have[b] = true
		}
	}
	var missing []string
	for _, m := range r.Imports {
		projects := importProjects[m]
		if projects == nil {
			projects = []string{normalize(m)}
		}
		found := false
		for _, pr := range projects {
			found = found || have[pr] || torchFamily[pr]
		}
		if !found {
			missing = append(missing, m)
		}
	}
	if len(missing) > 0 {
		p.Warn(fmt.Sprintf("the code imports %s, which no requirement names: add the ones the entry point needs (name==version)",
			strings.Join(missing, ", ")))
	}
}
