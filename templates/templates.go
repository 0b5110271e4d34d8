// Package templates holds the text/template sources cogport renders packages
// from, embedded in the binary and parsed once. A team may override any of
// them with files of its own (same relative path) at load time.
package templates

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"text/template"
)

//go:embed all:files
var embedded embed.FS

// Set is a parsed set of templates, keyed by their path under files/
// ("cog.yaml.tmpl", "predict/diffusers_text_to_image.py.tmpl").
type Set struct {
	tmpl *template.Template
	// Sources holds the raw text of every template, for hashing.
	Sources map[string]string
}

// Load parses the embedded templates, then any overrides (a folder laid out
// like files/, may be nil), with funcs available to all of them.
func Load(funcs template.FuncMap, overrides fs.FS) (*Set, error) {
	sub, err := fs.Sub(embedded, "files")
	if err != nil {
		return nil, fmt.Errorf("embedded templates: %w", err)
	}
	sources := map[string]string{}
	if err := collect(sub, sources); err != nil {
		return nil, err
	}
	if overrides != nil {
		if err := collect(overrides, sources); err != nil {
			return nil, fmt.Errorf("template overrides: %w", err)
		}
	}
	root := template.New("").Funcs(funcs).Option("missingkey=error")
	for _, name := range sortedKeys(sources) {
		if _, err := root.New(name).Parse(sources[name]); err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
	}
	return &Set{tmpl: root, Sources: sources}, nil
}

func collect(fsys fs.FS, into map[string]string) error {
	return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".tmpl") {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		into[path.Clean(p)] = string(b)
		return nil
	})
}

// Has reports whether the set holds a template called name.
func (s *Set) Has(name string) bool { return s.tmpl.Lookup(name) != nil }

// Execute renders the template name with data.
func (s *Set) Execute(name string, data any) ([]byte, error) {
	t := s.tmpl.Lookup(name)
	if t == nil {
		return nil, fmt.Errorf("no template %q", name)
	}
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return []byte(b.String()), nil
}

// Names lists the templates, sorted.
func (s *Set) Names() []string { return sortedKeys(s.Sources) }
