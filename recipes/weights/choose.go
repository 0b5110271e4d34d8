package weights

import (
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"
)

// chooseAll picks one copy of the tensors in every component.
func (s *selector) chooseAll() error {
	s.variants = map[string]string{}
	groups := map[string][]*entry{}
	for _, e := range s.kept() {
		if e.weight || e.index {
			groups[e.comp] = append(groups[e.comp], e)
		}
	}
	comps := make([]string, 0, len(groups))
	for c := range groups {
		comps = append(comps, c)
	}
	slices.Sort(comps)
	for _, c := range comps {
		if s.o.Format == FormatONNX {
			s.chooseONNX(groups[c])
			continue
		}
		es := dropConsolidated(groups[c])
		es = preferSafetensors(es)
		es = s.pickVariant(c, es)
		if err := s.applyIndexes(es); err != nil {
			return err
		}
	}
	return nil
}

// skip marks e skipped and reports whether it was; filter helpers use it to
// drop entries from the working list.
func skip(e *entry, reason string) bool {
	e.reason = reason
	return true
}

// dropConsolidated skips Meta/Mistral consolidated checkpoints when the same
// folder holds Hugging Face weights; alone (params.json + consolidated*,
// Mistral's native layout) they are the model.
func dropConsolidated(es []*entry) []*entry {
	isConsolidated := func(e *entry) bool { return strings.HasPrefix(e.name.stem, "consolidated") }
	hf := slices.ContainsFunc(es, func(e *entry) bool { return e.weight && !isConsolidated(e) })
	if !hf {
		return es
	}
	return slices.DeleteFunc(es, func(e *entry) bool {
		return isConsolidated(e) && skip(e, "consolidated checkpoint (HF shards exist)")
	})
}

// preferSafetensors skips pickles (and their indexes) in a component that
// has safetensors; pickles stay only where a component has nothing else.
func preferSafetensors(es []*entry) []*entry {
	if !slices.ContainsFunc(es, func(e *entry) bool { return e.weight && e.fw == "safetensors" }) {
		return es
	}
	return slices.DeleteFunc(es, func(e *entry) bool {
		return e.fw == "pytorch" && skip(e, fmt.Sprintf("pytorch .%s duplicate of safetensors", e.name.ext))
	})
}

// pickVariant keeps one variant of the component's weights (see
// Options.Variant) and skips the others with their indexes.
func (s *selector) pickVariant(comp string, es []*entry) []*entry {
	var have []string
	for _, e := range es {
		if e.weight && !slices.Contains(have, e.name.variant) {
			have = append(have, e.name.variant)
		}
	}
	v := preferredVariant(have, s.o.Variant)
	s.variants[comp] = v
	return slices.DeleteFunc(es, func(e *entry) bool {
		switch {
		case e.name.variant == v:
			return false
		case e.name.variant == "":
			return skip(e, fmt.Sprintf("fp32 duplicate of %s variant", v))
		}
		return skip(e, fmt.Sprintf("%s variant not selected", e.name.variant))
	})
}

// preferredVariant picks from the variants a component has: the requested
// one, else fp16, bf16, full precision, then the first other in name order.
// "none" and "fp32" ask for full precision first.
func preferredVariant(have []string, want string) string {
	order := []string{"fp16", "bf16", ""}
	switch want {
	case "":
	case "none", "fp32":
		order = []string{"", "fp16", "bf16"}
	default:
		order = []string{want, "", "fp16", "bf16"}
	}
	for _, v := range order {
		if slices.Contains(have, v) {
			return v
		}
	}
	slices.Sort(have)
	if len(have) == 0 {
		return ""
	}
	return have[0]
}

// applyIndexes keeps, next to each fetched weight index, exactly the shards
// its weight_map names. A shard the index names but the repository lacks is
// an error: the download would fail half way.
func (s *selector) applyIndexes(es []*entry) error {
	for _, idx := range es {
		if !idx.index || idx.reason != "" {
			continue
		}
		raw, ok := s.o.Configs[idx.Path]
		if !ok {
			s.warn("%s was not fetched; every %s shard next to it is kept", idx.Path, idx.name.ext)
			continue
		}
		shards, err := s.indexShards(idx, raw)
		if err != nil {
			return err
		}
		for _, e := range es {
			if e.weight && e.fw == idx.fw && e.name.stem == idx.name.stem &&
				e.name.variant == idx.name.variant && !shards[e.Path] {
				e.reason = "not in " + idx.base
			}
		}
	}
	return nil
}

// indexShards reads weight_map and checks every shard it names is a kept
// file of the repository.
func (s *selector) indexShards(idx *entry, raw []byte) (map[string]bool, error) {
	var doc struct {
		WeightMap map[string]string `json:"weight_map"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("%w: parse %s: %w", ErrBadIndex, idx.Path, err)
	}
	if len(doc.WeightMap) == 0 {
		return nil, fmt.Errorf("%w: %s has no weight_map", ErrBadIndex, idx.Path)
	}
	shards := map[string]bool{}
	for _, name := range doc.WeightMap {
		p := path.Join(idx.dir(), name)
		if checkPath(name) != nil || checkPath(p) != nil {
			return nil, fmt.Errorf("%w: %s names shard %q, which is not a repository path", ErrBadIndex, idx.Path, name)
		}
		e := s.byPath[p]
		switch {
		case e == nil:
			return nil, fmt.Errorf("%w: %s names shard %q, which is not in the repository", ErrBadIndex, idx.Path, name)
		case e.reason != "":
			return nil, fmt.Errorf("%w: %s names shard %q, which was skipped (%s)", ErrBadIndex, idx.Path, name, e.reason)
		}
		shards[p] = true
	}
	return shards, nil
}
