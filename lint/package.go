package lint

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/replicate/cog/pkg/config"
	"github.com/replicate/cog/pkg/schema"
	"github.com/replicate/cog/pkg/schema/python"
	"gopkg.in/yaml.v3"
)

// Package is a Cog package directory, loaded once for all checks. Loading
// never fails on a broken package: each part records its own error and the
// checks report it.
type Package struct {
	Dir string
	// CogYAML is cog.yaml with its node tree; nil when the file is missing.
	CogYAML *YAMLFile
	// Config is what cog v0.22's config.Load made of cog.yaml, with its
	// deprecation warnings; nil when Load failed with ConfigErr.
	Config         *config.Config
	ConfigWarnings []config.DeprecationWarning
	ConfigErr      error
	// CogSaid holds the lines cog printed to stderr while loading the
	// config and generating schemas (its warnings are not returned values).
	CogSaid []string
	// Requirements is the python_requirements file; nil without one.
	Requirements *Requirements
	// Predict is the predict (or run) entry point, Train the train one;
	// nil when cog.yaml names none.
	Predict, Train *Entry
	// SafePush holds cog-safe-push.yaml and cog-safe-push-configs/*.y(a)ml.
	SafePush []*YAMLFile
	// Python holds the top-level *.py files and the entry-point files.
	Python []*PyFile
}

// YAMLFile is a YAML file with its yaml.v3 node tree, which keeps lines.
type YAMLFile struct {
	// Path is relative to the package directory.
	Path string
	Raw  []byte
	// Root is the top-level node (a mapping in a valid file); nil when the
	// file is empty or Err is set.
	Root *yaml.Node
	Err  error
}

// Entry is a predict, run or train entry point and what cog makes of it.
type Entry struct {
	// Key is the cog.yaml key: "predict", "run" or "train".
	Key string
	// Ref is its value, e.g. "predict.py:Predictor"; File and Symbol are
	// its two halves.
	Ref, File, Symbol string
	// Line is the line of the key in cog.yaml.
	Line int
	// Source is the parsed Python file; nil when it cannot be read.
	Source *PyFile
	// Info is cog's static extraction of the signature and OpenAPI the
	// schema rendered from it; both nil when generation failed (SchemaErr).
	Info      *schema.PredictorInfo
	OpenAPI   []byte
	SchemaErr error
}

// Load reads the package in dir. The error is only about dir itself.
func Load(dir string) (*Package, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("package directory: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("package directory %q is not a directory", dir)
	}
	p := &Package{Dir: dir}
	p.readPython()
	p.CogYAML = readYAML(dir, "cog.yaml")
	if p.CogYAML != nil && p.CogYAML.Err == nil {
		p.loadConfig()
		p.Requirements = readRequirements(dir, p.requirementsPath())
		p.Predict = p.loadEntry("run", schema.ModePredict)
		if p.Predict == nil {
			p.Predict = p.loadEntry("predict", schema.ModePredict)
		}
		p.Train = p.loadEntry("train", schema.ModeTrain)
	}
	p.SafePush = readSafePush(dir)
	return p, nil
}

func (p *Package) loadConfig() {
	var res *config.LoadResult
	said := quietly(func() {
		res, p.ConfigErr = config.Load(bytes.NewReader(p.CogYAML.Raw), p.Dir)
	})
	p.CogSaid = append(p.CogSaid, said...)
	if p.ConfigErr == nil {
		p.Config, p.ConfigWarnings = res.Config, res.Warnings
	}
}

// requirementsPath reads build.python_requirements from the YAML itself, so
// requirements are checked even when cog rejects the config.
func (p *Package) requirementsPath() string {
	if v := lookup(p.CogYAML.Root, "build", "python_requirements"); v != nil && v.Kind == yaml.ScalarNode {
		return v.Value
	}
	return ""
}

func (p *Package) loadEntry(key string, mode schema.Mode) *Entry {
	k, v := mapGet(p.CogYAML.Root, key)
	if v == nil || v.Kind != yaml.ScalarNode || v.Value == "" {
		return nil
	}
	e := &Entry{Key: key, Ref: v.Value, Line: k.Line}
	if i := strings.LastIndex(e.Ref, ":"); i >= 0 {
		e.File, e.Symbol = e.Ref[:i], e.Ref[i+1:]
	}
	e.Source = p.python(e.File)
	said := quietly(func() {
		e.Info, e.SchemaErr = schema.GenerateInfo(e.Ref, p.Dir, mode, python.ParsePredictor)
	})
	p.CogSaid = append(p.CogSaid, said...)
	if e.SchemaErr == nil {
		e.OpenAPI, e.SchemaErr = schema.GenerateOpenAPISchema(e.Info)
		if e.SchemaErr != nil {
			e.Info = nil
		}
	}
	return e
}

// readPython parses the top-level Python files.
func (p *Package) readPython() {
	files, _ := filepath.Glob(filepath.Join(p.Dir, "*.py"))
	for _, f := range files {
		p.python(filepath.Base(f))
	}
}

// python returns the parsed file at rel, parsing it on first use; nil when
// it cannot be read.
func (p *Package) python(rel string) *PyFile {
	if rel == "" || !filepath.IsLocal(filepath.FromSlash(rel)) {
		return nil // cog refuses entry points outside the package too
	}
	rel = filepath.ToSlash(filepath.Clean(rel))
	for _, f := range p.Python {
		if f.Path == rel {
			return f
		}
	}
	src, err := os.ReadFile(filepath.Join(p.Dir, filepath.FromSlash(rel)))
	if err != nil {
		return nil
	}
	f := parsePython(rel, src)
	if f != nil {
		p.Python = append(p.Python, f)
	}
	return f
}

// readYAML parses dir/rel; nil when the file does not exist.
func readYAML(dir, rel string) *YAMLFile {
	raw, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	f := &YAMLFile{Path: rel, Raw: raw, Err: err}
	if err != nil {
		return f
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		f.Err = err
		return f
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		f.Root = doc.Content[0]
	}
	return f
}

// readSafePush finds cog-safe-push's configs: its default cog-safe-push.yaml
// and the cog-safe-push-configs/ folder Replicate's repos use.
func readSafePush(dir string) []*YAMLFile {
	var rels []string
	for _, pat := range []string{"cog-safe-push-configs/*.yaml", "cog-safe-push-configs/*.yml"} {
		m, _ := filepath.Glob(filepath.Join(dir, filepath.FromSlash(pat)))
		for _, f := range m {
			rel, _ := filepath.Rel(dir, f)
			rels = append(rels, filepath.ToSlash(rel))
		}
	}
	sort.Strings(rels)
	if _, err := os.Stat(filepath.Join(dir, "cog-safe-push.yaml")); err == nil {
		rels = append([]string{"cog-safe-push.yaml"}, rels...)
	}
	var out []*YAMLFile
	for _, rel := range rels {
		if f := readYAML(dir, rel); f != nil {
			out = append(out, f)
		}
	}
	return out
}

// inputNames returns the names of an entry's inputs; ok is false when the
// schema could not be generated, so nothing is known about them.
func (e *Entry) inputNames() (map[string]bool, bool) {
	if e == nil || e.Info == nil || e.Info.Inputs == nil {
		return nil, false
	}
	names := map[string]bool{}
	for _, name := range e.Info.Inputs.Keys() {
		names[name] = true
	}
	return names, true
}
