// Package catalog holds what ComfyUI-Manager and replicate/cog-comfyui know
// about the ComfyUI ecosystem: which node pack provides which class, the
// packs' GitHub stars, model download URLs and cog-comfyui's weights CDN.
//
// A compact copy derived from recorded upstream files is embedded (see
// Embedded); LoadDir reads fresh upstream files instead.
package catalog

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
)

// Data is the catalog's serialised form: only the facts cogport uses.
type Data struct {
	// Core lists the classes ComfyUI itself ships.
	Core []string `json:"core"`
	// Packs are ComfyUI-Manager's node packs in extension-node-map order,
	// which is the order Manager itself tries them in.
	Packs []Pack `json:"packs"`
	// Models is ComfyUI-Manager's model-list.json.
	Models []Model `json:"models"`
	// Weights is cog-comfyui's weights.json: TYPE → file names.
	Weights map[string][]string `json:"weights"`
	// Synonyms is cog-comfyui's weight_synonyms.json: alias → file name.
	Synonyms map[string]string `json:"synonyms"`
	// Pins is cog-comfyui's custom_nodes.json: known-good pack commits.
	Pins []Pin `json:"pins"`
}

// Pack is one node pack.
type Pack struct {
	URL         string   `json:"url"`
	Title       string   `json:"title,omitempty"`
	CNRID       string   `json:"cnr,omitempty"`
	Stars       int      `json:"stars,omitempty"`
	Pattern     string   `json:"pattern,omitempty"`
	Preemptions []string `json:"preemptions,omitempty"`
	Classes     []string `json:"classes"`
}

// Model is one entry of ComfyUI-Manager's model list.
type Model struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	SavePath string `json:"save_path"`
	Filename string `json:"filename"`
	URL      string `json:"url"`
	Size     string `json:"size,omitempty"`
}

// Pin is a pack commit cog-comfyui builds with.
type Pin struct {
	Repo   string `json:"repo"`
	Commit string `json:"commit"`
}

// Catalog indexes Data for lookups. It is read-only once built.
type Catalog struct {
	data     Data
	core     map[string]bool
	byClass  map[string][]int
	preempt  map[string]int
	patterns []pattern
	byCNR    map[string]int
	byURL    map[string]int
	models   map[string][]int
	weights  map[string][]string
	pins     map[string]string
}

type pattern struct {
	re   *regexp.Regexp
	pack int
}

//go:embed catalog.json.gz
var embedded []byte

var embeddedCatalog = sync.OnceValues(func() (*Catalog, error) {
	zr, err := gzip.NewReader(bytes.NewReader(embedded))
	if err != nil {
		return nil, fmt.Errorf("embedded catalog: %w", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("embedded catalog: %w", err)
	}
	var d Data
	if err := json.Unmarshal(raw, &d); err != nil {
		return nil, fmt.Errorf("embedded catalog: %w", err)
	}
	return New(d)
})

// Embedded returns the catalog generated from the recorded upstream files.
func Embedded() (*Catalog, error) { return embeddedCatalog() }

// New indexes d. Patterns that do not compile are an error.
func New(d Data) (*Catalog, error) {
	c := &Catalog{data: d, core: map[string]bool{}, byClass: map[string][]int{},
		preempt: map[string]int{}, byCNR: map[string]int{}, byURL: map[string]int{},
		models: map[string][]int{}, weights: map[string][]string{}, pins: map[string]string{}}
	for _, cl := range d.Core {
		c.core[cl] = true
	}
	for i, p := range d.Packs {
		if err := c.indexPack(i, p); err != nil {
			return nil, err
		}
	}
	for i, m := range d.Models {
		c.models[m.Filename] = append(c.models[m.Filename], i)
	}
	for typ, files := range d.Weights {
		for _, f := range files {
			c.weights[f] = append(c.weights[f], typ)
		}
	}
	for _, p := range d.Pins {
		c.pins[NormalizeRepo(p.Repo)] = p.Commit
	}
	return c, nil
}

func (c *Catalog) indexPack(i int, p Pack) error {
	for _, cl := range p.Classes {
		c.byClass[cl] = append(c.byClass[cl], i)
	}
	for _, cl := range p.Preemptions {
		if _, taken := c.preempt[cl]; !taken {
			c.preempt[cl] = i
		}
	}
	if p.Pattern != "" {
		re, err := regexp.Compile(p.Pattern)
		if err != nil {
			return fmt.Errorf("pack %s: nodename_pattern %q: %w", p.URL, p.Pattern, err)
		}
		c.patterns = append(c.patterns, pattern{re, i})
	}
	if p.CNRID != "" {
		c.byCNR[p.CNRID] = i
	}
	c.byURL[NormalizeRepo(p.URL)] = i
	return nil
}

// Data returns the catalog's data.
func (c *Catalog) Data() Data { return c.data }

// IsCore reports whether ComfyUI itself ships class.
func (c *Catalog) IsCore(class string) bool { return c.core[class] }

// PacksFor returns the packs listing class, in extension-node-map order.
func (c *Catalog) PacksFor(class string) []Pack {
	var out []Pack
	for _, i := range c.byClass[class] {
		out = append(out, c.data.Packs[i])
	}
	return out
}

// Preemption returns the pack that claims class ahead of all others.
func (c *Catalog) Preemption(class string) (Pack, bool) {
	i, ok := c.preempt[class]
	if !ok {
		return Pack{}, false
	}
	return c.data.Packs[i], true
}

// PatternMatch returns the first pack whose nodename_pattern matches class.
func (c *Catalog) PatternMatch(class string) (Pack, bool) {
	for _, p := range c.patterns {
		if p.re.MatchString(class) {
			return c.data.Packs[p.pack], true
		}
	}
	return Pack{}, false
}

// PackByCNR returns the pack registered under a Comfy registry id.
func (c *Catalog) PackByCNR(id string) (Pack, bool) {
	i, ok := c.byCNR[id]
	if !ok {
		return Pack{}, false
	}
	return c.data.Packs[i], true
}

// PackByRepo returns the pack cloned from repo (any URL spelling).
func (c *Catalog) PackByRepo(repo string) (Pack, bool) {
	i, ok := c.byURL[NormalizeRepo(repo)]
	if !ok {
		return Pack{}, false
	}
	return c.data.Packs[i], true
}

// Pin returns cog-comfyui's commit for repo, "" when it has none.
func (c *Catalog) Pin(repo string) string { return c.pins[NormalizeRepo(repo)] }

// ModelsNamed returns the model-list entries whose filename is name.
func (c *Catalog) ModelsNamed(name string) []Model {
	var out []Model
	for _, i := range c.models[name] {
		out = append(out, c.data.Models[i])
	}
	return out
}

// NormalizeRepo lower-cases a repository URL and drops a trailing slash and
// ".git", so spellings of the same GitHub repo compare equal.
func NormalizeRepo(u string) string {
	u = strings.ToLower(strings.TrimSpace(u))
	u = strings.TrimSuffix(strings.TrimSuffix(u, "/"), ".git")
	return strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
}
