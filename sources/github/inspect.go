package github

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/config"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/sources/github/entry"
	"github.com/cogport/cogport/sources/github/pydeps"
	"github.com/cogport/cogport/sources/github/pysrc"
	"github.com/cogport/cogport/sources/github/readme"
)

// maxPythonFiles caps how many .py and .ipynb files are parsed.
const maxPythonFiles = 3000

// warnTopEntryPoints is how many ranked candidates' reading warnings are
// kept; the others would only be noise.
const warnTopEntryPoints = 3

// Inspect reads a snapshot into facts. It never fails: what it cannot
// read becomes a warning.
func Inspect(snap *Snapshot, src Source) *facts.Repo {
	r := &facts.Repo{Source: src.Raw, URL: src.URL, Owner: src.Owner, Name: src.Name, Ref: src.Ref,
		SHA: snap.SHA, LocalDir: snap.LocalDir, Files: snap.Files, Warnings: append([]string(nil), snap.Warnings...)}
	for _, f := range snap.Files {
		r.TotalBytes += f.Size
	}
	links := &linkSet{}
	doc := readmeDoc(snap, r)
	deps := dependencies(snap, doc)
	usage := readmeUsage(snap, doc, links, deps.Scripts) // README links first: they are the documented weights
	scan, eps, epWarns := scanPython(snap, links, r, doc)
	usage = append(usage, notebookUsage(snap, scan, links, deps.Scripts)...)
	shUsage, w := shellUsage(snap, links, deps.Scripts)
	r.Usage, r.Warnings = append(usage, shUsage...), append(r.Warnings, w...)

	r.Dependencies, r.IndexURLs = deps.Deps, deps.IndexURLs
	r.Warnings = append(r.Warnings, deps.Warnings...)
	r.Torch = torchFacts(deps)
	cog, w := cogFiles(snap, scan.predictor)
	r.Cog, r.Warnings = cog, append(r.Warnings, w...)
	r.Python = pythonHints(deps, cog)

	imports := thirdPartyImports(snap, scan.imports)
	r.Imports = sortedKeys(imports)
	var apt []string
	if doc != nil {
		apt = doc.Readme.AptPackages
	}
	r.SystemPackages = systemPackages(imports, r.Dependencies, scan.ffmpeg, apt)

	ranked := delegateUsage(r.Usage, eps, scan.localImports)
	r.EntryPoints = entry.Rank(eps, ranked, func(p string) bool { _, ok := snap.File(p); return ok })
	r.Warnings = append(r.Warnings, topWarnings(r.EntryPoints, epWarns)...)
	argparseHubDefaults(snap, r.EntryPoints, links)
	r.Weights, r.HubRefs = links.weights, links.refs
	r.Submodules, w = submodules(snap)
	r.Warnings = append(r.Warnings, w...)
	r.Warnings = append(r.Warnings, summaryWarnings(r)...)
	return r
}

// readmeDoc parses the root README and feeds its links and Python
// snippets to the link set.
func readmeDoc(snap *Snapshot, r *facts.Repo) *readme.Doc {
	name := findReadme(snap)
	if name == "" {
		return nil
	}
	data, err := snap.ReadFile(name, maxTextBytes)
	if err != nil {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%s: %v", name, err))
		return nil
	}
	doc, err := parseReadme(name, data)
	if err != nil {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%s: %v", name, err))
		return nil
	}
	r.Readme = &doc.Readme
	return doc
}

// parseReadme guards against a panic in the third-party Markdown parser:
// a README cogport cannot read must not stop the inspection.
func parseReadme(name string, data []byte) (doc *readme.Doc, err error) {
	defer func() {
		if p := recover(); p != nil {
			doc, err = nil, fmt.Errorf("the Markdown parser failed (%v); the README was skipped", p)
		}
	}()
	return readme.Parse(name, data), nil
}

// findReadme prefers README.md, then any README* at the root.
func findReadme(snap *Snapshot) string {
	best := ""
	for _, f := range snap.Files {
		if strings.Contains(f.Path, "/") || !strings.HasPrefix(strings.ToLower(f.Path), "readme") {
			continue
		}
		if strings.EqualFold(f.Path, "README.md") {
			return f.Path
		}
		if best == "" {
			best = f.Path
		}
	}
	return best
}

func readmeUsage(snap *Snapshot, doc *readme.Doc, links *linkSet, scripts map[string]string) []facts.RepoUsage {
	if doc == nil {
		return nil
	}
	name := doc.Readme.Path
	for _, l := range doc.Links {
		links.addURL(l.URL, fmt.Sprintf("%s:%d", name, l.Line), "", false)
	}
	from := func(c readme.Command) string { return fmt.Sprintf("%s:%d", name, c.Line) }
	return usageFrom(snap, doc.Commands, from, links, scripts)
}

func notebookUsage(snap *Snapshot, scan *codeScan, links *linkSet, scripts map[string]string) []facts.RepoUsage {
	var out []facts.RepoUsage
	for i, c := range scan.commands {
		where := scan.cmdFrom[i]
		out = append(out, usageFrom(snap, []readme.Command{c}, func(readme.Command) string { return where }, links, scripts)...)
	}
	return out
}

// scanPython parses the repository's Python files and notebooks, and the
// README's Python snippets.
func scanPython(snap *Snapshot, links *linkSet, r *facts.Repo, doc *readme.Doc) (*codeScan, []facts.RepoEntryPoint, map[string][]string) {
	scan := &codeScan{snap: snap, links: links, imports: map[string]string{}, localImports: map[string][]string{}}
	var eps []facts.RepoEntryPoint
	epWarns := map[string][]string{}
	exists := func(p string) bool { _, ok := snap.File(p); return ok }
	n := 0
	for _, f := range snap.Files {
		isPy, isNb := strings.HasSuffix(f.Path, ".py"), strings.HasSuffix(f.Path, ".ipynb")
		if (!isPy && !isNb) || f.Mode == "submodule" || inSkippedDir(f.Path) {
			continue
		}
		if n++; n > maxPythonFiles {
			r.Warnings = append(r.Warnings, fmt.Sprintf("more than %d Python files; the rest were not read", maxPythonFiles))
			break
		}
		data, err := snap.ReadFile(f.Path, maxTextBytes)
		if err != nil {
			r.Warnings = append(r.Warnings, fmt.Sprintf("%s: not read: %v", f.Path, err))
			continue
		}
		if isNb {
			if err := scan.notebook(f.Path, data); err != nil {
				r.Warnings = append(r.Warnings, fmt.Sprintf("%s: not a readable notebook: %v", f.Path, err))
			}
			continue
		}
		py := pysrc.Parse(data)
		scan.scan(f.Path, py, 0)
		scan.localImports[f.Path] = localImports(snap, f.Path, py)
		if hasPredictor(py) {
			scan.predictor = append(scan.predictor, f.Path)
		}
		if mayHaveEntry(py.Src) {
			found, w := entry.Inspect(entry.File{Path: f.Path, Py: py, Exists: exists})
			eps = append(eps, found...)
			epWarns[f.Path] = w
		}
	}
	if doc != nil {
		for _, sn := range doc.Snippets {
			if sn.Lang == "python" || sn.Lang == "py" || strings.Contains(sn.Code, "from_pretrained") ||
				strings.Contains(sn.Code, "hf_hub_download") {
				scan.scan(doc.Readme.Path, pysrc.Parse([]byte(sn.Code)), sn.Line-1)
			}
		}
	}
	return scan, eps, epWarns
}

func mayHaveEntry(src string) bool {
	for _, s := range []string{"add_argument", "add_option", "click", "gradio"} {
		if strings.Contains(src, s) {
			return true
		}
	}
	return false
}

// inSkippedDir reports paths under virtualenvs, caches and VCS folders.
func inSkippedDir(p string) bool {
	for _, part := range strings.Split(path.Dir(p), "/") {
		if skipDirs[part] || part == "site-packages" {
			return true
		}
	}
	return false
}

func torchFacts(r *pydeps.Result) *facts.RepoTorch {
	if t := pydeps.Torch(r); t != nil {
		return t
	}
	// Only the README or an install script installs torch: use that.
	fallback := &pydeps.Result{IndexURLs: r.IndexURLs, CondaCUDA: r.CondaCUDA}
	for _, d := range r.Deps {
		if d.Group == "readme" || d.Group == "script" {
			d.Group = ""
			fallback.Deps = append(fallback.Deps, d)
		}
	}
	return pydeps.Torch(fallback)
}

// thirdPartyImports drops the standard library and the repository's own
// modules (any .py file or directory name in the tree).
func thirdPartyImports(snap *Snapshot, imports map[string]string) map[string]string {
	local := map[string]bool{}
	for _, f := range snap.Files {
		parts := strings.Split(f.Path, "/")
		for _, d := range parts[:len(parts)-1] {
			local[d] = true
		}
		local[strings.TrimSuffix(parts[len(parts)-1], ".py")] = true
	}
	out := map[string]string{}
	for m, at := range imports {
		if !stdlibModules[m] && !local[m] {
			out[m] = at
		}
	}
	return out
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// topWarnings keeps the reading warnings of the best candidates.
func topWarnings(eps []facts.RepoEntryPoint, byFile map[string][]string) []string {
	var out []string
	seen := map[string]bool{}
	for i := 0; i < len(eps) && i < warnTopEntryPoints; i++ {
		if seen[eps[i].Path] {
			continue
		}
		seen[eps[i].Path] = true
		out = append(out, byFile[eps[i].Path]...)
	}
	return out
}

// argparseHubDefaults records Hub ids that are the default of a model
// argument ("--model_id", default="org/model").
func argparseHubDefaults(snap *Snapshot, eps []facts.RepoEntryPoint, links *linkSet) {
	for _, ep := range eps {
		for _, a := range ep.Args {
			s, ok := a.Default.(string)
			name := strings.ToLower(a.Dest)
			if !ok || !isRepoID(s, snap) || !(strings.Contains(name, "model") || strings.Contains(name, "repo") ||
				strings.Contains(name, "pretrained") || strings.Contains(name, "ckpt") || strings.Contains(name, "checkpoint")) {
				continue
			}
			links.addRef(facts.RepoHubRef{Repo: s, Kind: "model", Via: "argparse-default", From: fmt.Sprintf("%s:%d", ep.Path, a.Line)})
		}
	}
}

// submodules reads .gitmodules; submodules are never fetched.
func submodules(snap *Snapshot) ([]facts.RepoSubmodule, []string) {
	var out []facts.RepoSubmodule
	var warns []string
	declared := map[string]bool{}
	if data, err := snap.ReadFile(".gitmodules", maxTextBytes); err == nil {
		m := config.NewModules()
		if err := m.Unmarshal(data); err != nil {
			warns = append(warns, fmt.Sprintf(".gitmodules: %v", err))
		}
		names := make([]string, 0, len(m.Submodules))
		for name := range m.Submodules {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			s := m.Submodules[name]
			out = append(out, facts.RepoSubmodule{Path: s.Path, URL: s.URL})
			declared[s.Path] = true
			warns = append(warns, fmt.Sprintf("submodule %s (%s) is not fetched; its files were not inspected and the wrapper must vendor or clone it", s.Path, s.URL))
		}
	}
	for _, f := range snap.Files {
		if f.Mode == "submodule" && !declared[f.Path] {
			out = append(out, facts.RepoSubmodule{Path: f.Path})
			warns = append(warns, fmt.Sprintf("%s is a nested repository (no .gitmodules entry); its files were not inspected", f.Path))
		}
	}
	return out, warns
}

// summaryWarnings flags what the recipe will have to refuse or ask about.
func summaryWarnings(r *facts.Repo) []string {
	var out []string
	hasPy := hasPython(r.Files)
	if !hasPy {
		out = append(out, "the repository has no Python files")
	}
	if hasPy && len(r.EntryPoints) == 0 && r.Cog == nil {
		out = append(out, "no inference script, app or usage command found; the entry point must be written by hand")
	}
	if len(r.Dependencies) == 0 && hasPy {
		out = append(out, "no requirements found (requirements.txt, pyproject.toml, setup.py, environment.yml); they must be listed by hand from the imports")
	}
	for _, w := range r.Weights {
		if w.Kind == "gdrive" {
			out = append(out, fmt.Sprintf("%s: Google Drive link %s cannot be fetched reliably; mirror the file", w.From, w.URL))
		}
	}
	var conda []string
	for _, d := range r.Dependencies {
		if d.Conda {
			conda = append(conda, d.Name)
		}
	}
	if len(conda) > 0 {
		out = append(out, fmt.Sprintf("conda packages %s are taken as PyPI projects of the same name; check each exists on PyPI",
			strings.Join(conda, ", ")))
	}
	return out
}

// localImports resolves a file's imports of the repository's own modules
// to their files ("from .cli import cli" in bark/__main__.py → bark/cli.py).
func localImports(snap *Snapshot, file string, f *pysrc.File) []string {
	var out []string
	dir := path.Dir(file)
	for _, im := range f.Imports() {
		mod := im.Module
		base := ""
		if strings.HasPrefix(mod, ".") {
			rel := strings.TrimLeft(mod, ".")
			up := dir
			for i := 1; i < len(mod)-len(rel); i++ {
				up = path.Dir(up)
			}
			base = path.Join(up, strings.ReplaceAll(rel, ".", "/"))
		} else {
			base = strings.ReplaceAll(mod, ".", "/")
		}
		for _, cand := range []string{base + ".py", path.Join(base, im.Name) + ".py", "src/" + base + ".py", base + "/__init__.py"} {
			if _, ok := snap.File(cand); ok && cand != file {
				out = append(out, cand)
				break
			}
		}
	}
	return out
}

// delegateUsage credits a usage command to the module its script hands
// over to, when the script itself reads no arguments (a __main__.py that
// calls cli()).
func delegateUsage(usage []facts.RepoUsage, eps []facts.RepoEntryPoint, imports map[string][]string) []facts.RepoUsage {
	has := map[string]bool{}
	for _, ep := range eps {
		has[ep.Path] = true
	}
	out := make([]facts.RepoUsage, 0, len(usage))
	for _, u := range usage {
		if !has[u.Script] {
			for _, target := range imports[u.Script] {
				if has[target] {
					u.Script = target
					break
				}
			}
		}
		out = append(out, u)
	}
	return out
}
