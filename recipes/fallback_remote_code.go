package recipes

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// ErrRemoteCode means the model runs Python from its own repository and the
// user has not allowed it (--trust-remote-code).
var ErrRemoteCode = errors.New("the model runs code from its repository")

// remoteCode lists the classes a model loads from its own repository: the
// auto_map of config.json (as the model info reports it, or fetched), of
// tokenizer_config.json, and its custom pipelines. Empty means none.
func remoteCode(m *facts.Model) []string {
	seen := map[string]bool{}
	add := func(r gjson.Result) {
		r.ForEach(func(_, v gjson.Result) bool {
			switch {
			case v.IsArray():
				// A tokenizer's auto_map pairs a slow and a fast class.
				for _, x := range v.Array() {
					if s := x.String(); s != "" {
						seen[s] = true
					}
				}
			case v.IsObject():
				// custom_pipelines: {"task": {"impl": "module.Class", ...}}
				if s := v.Get("impl").String(); s != "" {
					seen[s] = true
				}
			case v.String() != "":
				seen[v.String()] = true
			}
			return true
		})
	}
	add(gjson.GetBytes(m.Config, "auto_map"))
	add(cfg(m, "config.json", "auto_map"))
	add(cfg(m, "config.json", "custom_pipelines"))
	add(cfg(m, "tokenizer_config.json", "auto_map"))
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// useRemoteCode records whether the package passes trust_remote_code=True:
// only for a model that needs it, and only when the user allowed it.
func useRemoteCode(p *plan.Plan, m *facts.Model, o Options) bool {
	code := remoteCode(m)
	trust := len(code) > 0 && o.TrustRemoteCode
	p.Vars["TrustRemoteCode"] = trust
	if trust {
		p.Warn(fmt.Sprintf("the model runs code from its repository (%s), pinned to the packaged commit: you allowed it with --trust-remote-code", strings.Join(code, ", ")))
	}
	return trust
}

// remoteCodeGuard comes before every recipe a model with custom code could
// match. Without --trust-remote-code it refuses, naming the code and the
// flag; with it, it hands the model to the next recipe that matches, which
// must pass trust_remote_code=True (a recipe that cannot is refused too).
type remoteCodeGuard struct {
	next []Recipe
}

func (remoteCodeGuard) Info() Info {
	return Info{Name: "trust-remote-code", Libraries: []string{"transformers", "sentence-transformers"},
		Summary: "models whose code lives in their repository: refused unless --trust-remote-code, then packaged by the recipe for their task"}
}

func (g remoteCodeGuard) Match(m *facts.Model, c Class) bool {
	switch c.Library {
	case "", "transformers", "sentence-transformers":
		return len(remoteCode(m)) > 0
	}
	return false
}

func (g remoteCodeGuard) Needs(m *facts.Model, c Class) []string {
	needs := []string{"config.json", "tokenizer_config.json"}
	if rc := g.delegate(m, c); rc != nil {
		needs = append(needs, rc.Needs(m, c)...)
	}
	return needs
}

func (g remoteCodeGuard) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	code := strings.Join(remoteCode(m), ", ")
	if !o.TrustRemoteCode {
		return nil, fmt.Errorf("%w: %s runs Python from its own repository (%s); read that code, then pass --trust-remote-code to package it",
			ErrRemoteCode, displayID(m), code)
	}
	rc := g.delegate(m, c)
	if rc == nil {
		return nil, fmt.Errorf("%w for task %s (library %s) yet, with or without --trust-remote-code", ErrNoRecipe, orUnknown(c.Task), orUnknown(c.Library))
	}
	p, err := rc.Plan(m, c, o)
	if err != nil {
		return nil, fmt.Errorf("recipe %s: %w", rc.Info().Name, err)
	}
	if trust, _ := p.Vars["TrustRemoteCode"].(bool); !trust {
		return nil, fmt.Errorf("%w: %s runs Python from its repository (%s), and recipe %s cannot load such models yet",
			ErrRemoteCode, displayID(m), code, rc.Info().Name)
	}
	return p, nil
}

// delegate is the recipe that packages the model once its code is trusted.
func (g remoteCodeGuard) delegate(m *facts.Model, c Class) Recipe {
	for _, rc := range g.next {
		if rc.Match(m, c) {
			return rc
		}
	}
	return nil
}
