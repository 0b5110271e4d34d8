package github

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/sources/github/pydeps"
	"github.com/cogport/cogport/sources/github/readme"
)

// maxTextBytes caps each text file cogport reads for inspection.
const maxTextBytes = 2 << 20

var (
	requirementsRE = regexp.MustCompile(`^requirements[\w.-]*\.txt$`)
	environmentRE  = regexp.MustCompile(`^(environment|env|conda)[\w.-]*\.ya?ml$`)
)

// dependencies reads every dependency file at the root (and
// requirements/), then the files they point to, then the README's pip
// install lines (group "readme").
func dependencies(snap *Snapshot, doc *readme.Doc) *pydeps.Result {
	r := &pydeps.Result{}
	read := func(p string) ([]byte, error) { return snap.ReadFile(p, maxTextBytes) }
	if data, err := read(".python-version"); err == nil {
		r.Python = append(r.Python, pydeps.PythonVersionFile(".python-version", data)...)
	}
	reader := &pydeps.RequirementsReader{Read: read}
	for _, p := range requirementFiles(snap) {
		if err := reader.Parse(p, pydeps.GroupOf(p), r); err != nil {
			r.Warnings = append(r.Warnings, fmt.Sprintf("%s: %v", p, err))
		}
	}
	for _, m := range []struct {
		name  string
		parse func(string, []byte) *pydeps.Result
	}{{"pyproject.toml", pydeps.Pyproject}, {"setup.py", pydeps.SetupPy}, {"setup.cfg", pydeps.SetupCfg}} {
		if data, err := read(m.name); err == nil {
			r.Merge(m.parse(m.name, data))
		} else if !errors.Is(err, fs.ErrNotExist) {
			r.Warnings = append(r.Warnings, fmt.Sprintf("%s: %v", m.name, err))
		}
	}
	for _, p := range rootFiles(snap, environmentRE) {
		if data, err := read(p); err == nil {
			r.Merge(pydeps.Environment(p, data))
		}
	}
	for _, p := range r.Files { // named by pyproject, setup.py or environment.yml
		p = path.Clean(strings.TrimPrefix(p, "./"))
		if err := reader.Parse(p, "", r); err != nil {
			r.Warnings = append(r.Warnings, fmt.Sprintf("%s is named as a requirements file but cannot be read: %v", p, err))
		}
	}
	if doc != nil {
		readmeRequirements(doc.Readme.Path, doc.Commands, "readme", reader, r)
	}
	for _, p := range installScripts(snap) {
		if data, err := read(p); err == nil {
			readmeRequirements(p, readme.Commands(string(data), 1), "script", reader, r)
		}
	}
	return r
}

// installScripts are the shell scripts at the root that may install
// packages (setup.sh, install.sh, ...).
func installScripts(snap *Snapshot) []string {
	var out []string
	for _, f := range snap.Files {
		if !strings.Contains(f.Path, "/") && strings.HasSuffix(f.Path, ".sh") {
			out = append(out, f.Path)
		}
	}
	return out
}

// requirementFiles lists requirements.txt first, then the other
// requirements*.txt at the root, then requirements/*.txt.
func requirementFiles(snap *Snapshot) []string {
	var root, sub []string
	for _, f := range snap.Files {
		dir, base := path.Split(f.Path)
		switch {
		case dir == "" && requirementsRE.MatchString(base):
			root = append(root, f.Path)
		case dir == "requirements/" && strings.HasSuffix(base, ".txt"):
			sub = append(sub, f.Path)
		}
	}
	sort.SliceStable(root, func(i, j int) bool { return root[i] == "requirements.txt" && root[j] != "requirements.txt" })
	return append(root, sub...)
}

func rootFiles(snap *Snapshot, re *regexp.Regexp) []string {
	var out []string
	for _, f := range snap.Files {
		if !strings.Contains(f.Path, "/") && re.MatchString(f.Path) {
			out = append(out, f.Path)
		}
	}
	return out
}

// readmeRequirements adds the "pip install x==1" lines of the README (group
// "readme") or of an install script (group "script").
func readmeRequirements(name string, cmds []readme.Command, group string, reader *pydeps.RequirementsReader, r *pydeps.Result) {
	for _, c := range cmds {
		reqs, files, opts := readme.PipInstall(c)
		from := fmt.Sprintf("%s:%d", name, c.Line)
		for _, f := range files {
			if err := reader.Parse(path.Clean(f), group, r); err != nil {
				r.Warnings = append(r.Warnings, fmt.Sprintf("%s: pip install -r %s: %v", from, f, err))
			}
		}
		for _, o := range opts {
			r.IndexURLs = appendUnique(r.IndexURLs, o)
		}
		for _, s := range reqs {
			if s == "." || strings.HasPrefix(s, "./") || strings.HasPrefix(s, "-") {
				continue
			}
			d, err := pydeps.ParseRequirement(s)
			if err != nil {
				continue // "pip install torch torchvision" spans are words, not all requirements
			}
			d.From, d.Group = from, group
			r.Deps = append(r.Deps, d)
		}
	}
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// pythonHints orders the version hints: .python-version, pyproject,
// setup.py, setup.cfg, environment.yml, then an existing cog.yaml.
func pythonHints(r *pydeps.Result, cog *facts.RepoCog) []facts.RepoVersionHint {
	hints := append([]facts.RepoVersionHint(nil), r.Python...)
	if cog != nil && cog.PythonVersion != "" {
		hints = append(hints, facts.RepoVersionHint{Spec: cog.PythonVersion, From: cog.Config + " build.python_version"})
	}
	return hints
}
