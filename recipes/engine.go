package recipes

import (
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// Recipe turns the facts of one kind of model into a plan.
type Recipe interface {
	// Info says what the recipe covers.
	Info() Info
	// Match reports whether the recipe fits a model whose library and task
	// are already classified.
	Match(m *facts.Model, c Class) bool
	// Needs lists the repository files (configs) Plan wants to read.
	Needs(m *facts.Model, c Class) []string
	// Plan builds the package plan. It does no I/O.
	Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error)
}

// Info describes a recipe for `cogport recipes`.
type Info struct {
	Name      string   `json:"name"`
	Tasks     []string `json:"tasks"`
	Libraries []string `json:"libraries"`
	Summary   string   `json:"summary"`
}

// Options are the user's answers that shape a plan.
type Options struct {
	// Model is the Replicate destination "owner/name"; empty derives one.
	Model string
	// Weights overrides the download strategy: bake, pget or hub.
	Weights string
	// WeightsURL replaces the Hub as the base URL pget downloads from.
	WeightsURL string
	// DiffusersOptions are the answers only diffusers recipes read.
	DiffusersOptions
	// ProductionOptions choose the serving engine, training and the cog API.
	ProductionOptions
	// Base holds the facts of an adapter's base model (a diffusers LoRA, a
	// PEFT adapter): the package loads the base and applies the adapter.
	// The caller fetches it when BaseModel names one; recipes do no I/O.
	Base *facts.Model
	// TrustRemoteCode allows models that run code from their own repository.
	TrustRemoteCode bool
}

// ErrNoRecipe means no recipe covers the model.
var ErrNoRecipe = errors.New("no recipe")

// Registry is the ordered list of recipes: the first that matches wins, so
// specific recipes come before general ones.
type Registry struct {
	recipes []Recipe
}

// NewRegistry returns a registry of the given recipes, in order.
func NewRegistry(rs ...Recipe) *Registry { return &Registry{recipes: rs} }

// Default is the registry of every recipe cogport ships: each family lists
// its recipes, specific before general, and the generic fallback comes last.
func Default() *Registry {
	var all []Recipe
	for _, family := range [][]Recipe{
		diffusersRecipes(),
		vllmRecipes(),
		transformersRecipes(),
		embeddingRecipes(),
		timmRecipes(),
		fallbackRecipes(),
	} {
		all = append(all, family...)
	}
	return NewRegistry(all...)
}

// Infos lists the recipes, in order.
func (r *Registry) Infos() []Info {
	out := make([]Info, len(r.recipes))
	for i, rc := range r.recipes {
		out[i] = rc.Info()
	}
	return out
}

// Select classifies the model and finds its recipe.
func (r *Registry) Select(m *facts.Model) (Recipe, Class, error) {
	c := Classify(m)
	for _, rc := range r.recipes {
		if rc.Match(m, c) {
			return rc, c, nil
		}
	}
	return nil, c, fmt.Errorf("%w for task %s (library %s) yet: cogport covers %s",
		ErrNoRecipe, orUnknown(c.Task), orUnknown(c.Library), r.coverage())
}

// coverage names the task families the registry covers, for error messages.
func (r *Registry) coverage() string {
	seen := map[string]bool{}
	var tasks []string
	for _, rc := range r.recipes {
		for _, t := range rc.Info().Tasks {
			if !seen[t] {
				seen[t] = true
				tasks = append(tasks, t)
			}
		}
	}
	sort.Strings(tasks)
	return strings.Join(tasks, ", ") + " (see `cogport recipes`)"
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// Needs is the union of the files the matching recipe and Classify read.
// Called before the configs are fetched, it only uses the model info.
func (r *Registry) Needs(m *facts.Model) []string {
	needs := classifyNeeds(m)
	rc, c, err := r.Select(m)
	if err != nil {
		// Classify may decide once it reads config.json.
		return needs
	}
	return append(append(needs, rc.Needs(m, c)...), weightIndexes(m)...)
}

// weightIndexes are the files the weights selection reads: the shard
// indexes that say which shards a model loads, and the pipeline and module
// lists that say which folders it loads.
func weightIndexes(m *facts.Model) []string {
	var out []string
	for _, f := range m.Files {
		base := path.Base(f.Path)
		if strings.HasSuffix(base, ".index.json") || base == "model_index.json" || base == "modules.json" {
			out = append(out, f.Path)
		}
	}
	return out
}

// Build selects the recipe and builds the plan.
func (r *Registry) Build(m *facts.Model, o Options) (*plan.Plan, error) {
	rc, c, err := r.Select(m)
	if err != nil {
		return nil, err
	}
	p, err := rc.Plan(m, c, o)
	if err != nil {
		return nil, fmt.Errorf("recipe %s: %w", rc.Info().Name, err)
	}
	if err := finishProduction(p, o); err != nil {
		return nil, fmt.Errorf("recipe %s: %w", rc.Info().Name, err)
	}
	return p, nil
}
