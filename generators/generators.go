// Package generators renders a plan into the files of a Cog package, in
// memory. Writing, --dry-run, diffs and template refresh all consume the list
// of files it returns; nothing here touches the disk.
package generators

import (
	"bytes"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"

	"github.com/cogport/cogport/plan"
	"github.com/cogport/cogport/templates"
)

// Policy says how `cogport template refresh` treats a file the user may have
// edited.
type Policy string

const (
	// Managed files are overwritten when the user left them as generated,
	// else merged.
	Managed Policy = "managed"
	// Merge files are merged three ways: pristine, the user's, the new render.
	Merge Policy = "merge"
	// SkipIfExists files are never touched once they exist.
	SkipIfExists Policy = "skip-if-exists"
)

// File is one generated file.
type File struct {
	Path   string
	Mode   uint32
	Body   []byte
	Policy Policy
}

// spec ties a package path to the template that renders it.
type spec struct {
	path     string
	template string
	mode     uint32
	policy   Policy
	// when limits the file to some plans; nil means always.
	when func(*plan.Plan) bool
}

// specs is the ordered list of files every package has.
func specs(p *plan.Plan) []spec {
	return []spec{
		{path: "cog.yaml", template: "cog.yaml.tmpl", mode: 0o644, policy: Merge},
		{path: entryFile(p), template: "predict/" + p.Template + ".py.tmpl", mode: 0o644, policy: Merge},
		{path: "weights.py", template: "weights.py.tmpl", mode: 0o644, policy: Merge, when: hasWeights},
		{path: "weights.json", template: "weights.json.tmpl", mode: 0o644, policy: Managed, when: hasWeights},
		{path: "requirements.txt", template: "requirements.txt.tmpl", mode: 0o644, policy: Merge},
		{path: ".dockerignore", template: "dockerignore.tmpl", mode: 0o644, policy: Managed},
		{path: "README.md", template: "README.md.tmpl", mode: 0o644, policy: Merge},
		// cog-safe-push cannot lint a run: entry point (DESIGN §1.1): run-API
		// packages push with cog push after cogport lint instead.
		{path: "cog-safe-push-configs/default.yaml", template: "safe-push.yaml.tmpl", mode: 0o644, policy: Managed,
			when: func(p *plan.Plan) bool { return !runAPI(p) }},
		{path: ".github/workflows/ci.yaml", template: "ci.yaml.tmpl", mode: 0o644, policy: Managed},
		{path: "script/lint", template: "script/lint.tmpl", mode: 0o755, policy: Managed},
		{path: "script/test", template: "script/test.tmpl", mode: 0o755, policy: Managed},
		{path: "script/push", template: "script/push.tmpl", mode: 0o755, policy: Managed},
	}
}

func hasWeights(p *plan.Plan) bool { return p.Weights.Strategy != "" }

// Renderer renders plans with one parsed template set.
type Renderer struct {
	set *templates.Set
}

// New parses the embedded templates (plus overrides, a folder laid out like
// templates/files, or "") once.
func New(set *templates.Set) *Renderer { return &Renderer{set: set} }

// Load parses the embedded templates with the generator functions.
func Load() (*Renderer, error) { return LoadWith(nil) }

// LoadWith parses the embedded templates, each replaced by the file of the
// same path in overrides when it has one (a team's own templates).
func LoadWith(overrides fs.FS) (*Renderer, error) {
	set, err := templates.Load(Funcs(), overrides)
	if err != nil {
		return nil, err
	}
	return New(set), nil
}

// Templates exposes the parsed set (for hashing into the provenance).
func (r *Renderer) Templates() *templates.Set { return r.set }

// Render renders every file of the package described by p, sorted by path.
func (r *Renderer) Render(p *plan.Plan) ([]File, error) {
	if err := Validate(p); err != nil {
		return nil, err
	}
	var files []File
	for _, s := range withExtraFiles(specs(p), extraFiles(p)) {
		if s.when != nil && !s.when(p) {
			continue
		}
		body, err := r.set.Execute(s.template, p)
		if err != nil {
			return nil, err
		}
		if s.path == "run.py" && runAPI(p) {
			if body, err = toRunAPI(body); err != nil {
				return nil, err
			}
		}
		files = append(files, File{Path: s.path, Mode: s.mode, Body: tidy(body), Policy: s.policy})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

// extraFiles are recipe-specific files named in the plan's Vars["ExtraFiles"]
// as "path=template" pairs (train.py, workflow.json, ...).
func extraFiles(p *plan.Plan) []spec {
	var out []spec
	for _, pair := range stringsVar(p, "ExtraFiles") {
		path, tmpl, ok := cut(pair, "=")
		if !ok {
			continue
		}
		out = append(out, spec{path: path, template: tmpl, mode: 0o644, policy: Merge})
	}
	return out
}

// withExtraFiles appends the extra files to the standard ones. An extra
// file at a standard file's path renders that file with its own template
// instead (a ComfyUI package's weights.py and README.md), keeping the
// standard file's mode, policy and condition.
func withExtraFiles(std, extra []spec) []spec {
	out := append([]spec(nil), std...)
	for _, e := range extra {
		replaced := false
		for i := range out {
			if out[i].path == e.path {
				out[i].template, replaced = e.template, true
			}
		}
		if !replaced {
			out = append(out, e)
		}
	}
	return out
}

func cut(s, sep string) (string, string, bool) {
	i := bytes.Index([]byte(s), []byte(sep))
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// tidy ends every file with exactly one newline and strips trailing spaces,
// so templates can be written for readability.
func tidy(b []byte) []byte {
	lines := bytes.Split(b, []byte("\n"))
	for i, l := range lines {
		lines[i] = bytes.TrimRight(l, " \t")
	}
	out := bytes.TrimRight(bytes.Join(lines, []byte("\n")), "\n")
	return append(out, '\n')
}

// Validate checks what the templates rely on, so that a recipe bug is a
// clear error rather than a broken package.
func Validate(p *plan.Plan) error {
	if p.Template == "" {
		return fmt.Errorf("plan for %s names no predict template", p.Recipe)
	}
	if err := validateFields(p); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, in := range p.Inputs {
		if !isIdentifier(in.Name) || plan.ReservedName(in.Name) {
			return fmt.Errorf("input name %q is not a usable python identifier", in.Name)
		}
		if seen[in.Name] {
			return fmt.Errorf("two inputs are called %q", in.Name)
		}
		seen[in.Name] = true
		if in.Description == "" {
			return fmt.Errorf("input %s has no description", in.Name)
		}
	}
	return nil
}

func isIdentifier(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isIdent(s[i]) {
			return false
		}
	}
	return true
}

var (
	safeWord    = regexp.MustCompile(`^[A-Za-z0-9_.+-]*$`)
	modelName   = regexp.MustCompile(`^[a-z0-9_.-]+/[a-z0-9_.-]+$`)
	pythonMinor = regexp.MustCompile(`^3\.\d+$`)
	relDir      = regexp.MustCompile(`^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$`)
)

// validateFields checks the fields templates write without quoting: they
// come from recipes, but a recipe must never pass a stranger's text there.
func validateFields(p *plan.Plan) error {
	for name, v := range map[string]string{
		"recipe": p.Recipe, "template": p.Template, "cuda": p.CUDA, "test hardware": p.TestHardware,
		"weights strategy": p.Weights.Strategy,
	} {
		if !safeWord.MatchString(v) {
			return fmt.Errorf("plan %s %q has unexpected characters", name, v)
		}
	}
	if !modelName.MatchString(p.Model) {
		return fmt.Errorf("plan model %q is not owner/name", p.Model)
	}
	if !pythonMinor.MatchString(p.PythonVersion) {
		return fmt.Errorf("plan python_version %q is not 3.N", p.PythonVersion)
	}
	if p.Weights.Strategy != "" && (!relDir.MatchString(p.Weights.Dir) || strings.Contains(p.Weights.Dir, "..")) {
		return fmt.Errorf("plan weights folder %q is not a plain relative folder", p.Weights.Dir)
	}
	for _, r := range p.Requirements {
		if !safeWord.MatchString(r.Name) || !safeWord.MatchString(r.Version) || r.Name == "" || r.Version == "" {
			return fmt.Errorf("requirement %q==%q is not a plain pin", r.Name, r.Version)
		}
	}
	for _, in := range p.Inputs {
		if !safeWord.MatchString(strings.NewReplacer("[", "", "]", "").Replace(in.Type)) {
			return fmt.Errorf("input %s has type %q", in.Name, in.Type)
		}
	}
	return nil
}
