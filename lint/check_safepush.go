package lint

import (
	"fmt"
	"regexp"
	"slices"
	"sort"

	"gopkg.in/yaml.v3"
)

var (
	ruleSafePushSyntax  = Rule{"safe-push-syntax", Error, "a cog-safe-push config is not a YAML mapping"}
	ruleSafePushUnknown = Rule{"safe-push-unknown-key", Error, "a key cog-safe-push's config model forbids (extra keys are errors)"}
	ruleSafePushModel   = Rule{"safe-push-model-name", Error, "model (or test_model) is missing or not owner/name"}
	ruleSafePushChecks  = Rule{"safe-push-multiple-checkers", Error,
		"a test case with more than one of exact_string, match_url, match_prompt, jq_query, error_contains"}
	ruleSafePushMapping = Rule{"safe-push-mapping-input", Error, "a test input given as a mapping (only scalars and lists)"}
	ruleSafePushInput   = Rule{"safe-push-unknown-input", Error,
		"a test case or fuzz setting names an input that predict() (or train()) does not take"}
	ruleSafePushFuzz = Rule{"safe-push-fuzz-overlap", Error, "an input both in fuzz.fixed_inputs and fuzz.disabled_inputs"}
)

// safePushKeys are the fields of cog-safe-push's pydantic config models
// (replicate/cog-safe-push cog_safe_push/config.py, which forbids extra
// keys; DESIGN.md §2), by section. "case" is a test case.
var safePushKeys = map[string][]string{
	"": {"model", "test_model", "test_hardware", "predict", "train", "deployment", "dockerfile", "parallel",
		"fast_push", "use_cog_base_image", "ignore_schema_compatibility", "official_model"},
	"predict":    {"compare_outputs", "predict_timeout", "test_cases", "fuzz"},
	"train":      {"destination", "destination_hardware", "train_timeout", "test_cases", "fuzz"},
	"fuzz":       {"fixed_inputs", "disabled_inputs", "iterations", "prompt"},
	"case":       {"inputs", "exact_string", "match_url", "match_prompt", "jq_query", "error_contains"},
	"deployment": {"owner", "name", "hardware"},
}

// checkers are the test-case keys of which at most one may be set.
var checkers = safePushKeys["case"][1:]

var modelName = regexp.MustCompile(`^[a-z0-9_.-]+/[a-z0-9_.-]+$`)

func safePushCheck() Check {
	return Check{
		ID: "safe-push",
		Rules: []Rule{ruleSafePushSyntax, ruleSafePushUnknown, ruleSafePushModel, ruleSafePushChecks,
			ruleSafePushMapping, ruleSafePushInput, ruleSafePushFuzz},
		Run: checkSafePush,
	}
}

func checkSafePush(p *Package) []Finding {
	var out []Finding
	for _, f := range p.SafePush {
		sp := safePushLint{file: f.Path}
		switch {
		case f.Err != nil:
			out = append(out, ruleSafePushSyntax.at(f.Path, errLine(f.Err), "fix the YAML syntax", "%s does not parse: %v", f.Path, f.Err))
			continue
		case f.Root == nil || f.Root.Kind != yaml.MappingNode:
			out = append(out, ruleSafePushSyntax.at(f.Path, 0, "write the config as a mapping with at least model:", "%s is not a mapping", f.Path))
			continue
		}
		sp.keys(f.Root, "")
		sp.model(f.Root)
		for _, e := range []struct {
			section string
			entry   *Entry
		}{{"predict", p.Predict}, {"train", p.Train}} {
			inputs, known := e.entry.inputNames()
			sp.section(lookup(f.Root, e.section), e.section, inputs, known)
		}
		if d := lookup(f.Root, "deployment"); d != nil {
			sp.keys(d, "deployment")
		}
		out = append(out, sp.out...)
	}
	return out
}

// safePushLint collects the findings of one config file.
type safePushLint struct {
	file string
	out  []Finding
}

func (s *safePushLint) keys(m *yaml.Node, section string) {
	allowed := safePushKeys[section]
	pairs(m, func(k, _ *yaml.Node) {
		if slices.Contains(allowed, k.Value) {
			return
		}
		fix := "remove it"
		for _, a := range allowed {
			if editDistance(a, k.Value) <= 2 {
				fix = fmt.Sprintf("did you mean %q?", a)
			}
		}
		where := "at the top level"
		if section != "" {
			where = "in " + section
		}
		s.out = append(s.out, ruleSafePushUnknown.at(s.file, k.Line, fix,
			"unknown key %q %s: cog-safe-push forbids extra keys", k.Value, where))
	})
}

func (s *safePushLint) model(root *yaml.Node) {
	for _, key := range []string{"model", "test_model"} {
		k, v := mapGet(root, key)
		switch {
		case k == nil && key == "model":
			s.out = append(s.out, ruleSafePushModel.at(s.file, 0, "add model: <owner>/<name>", "%s has no model", s.file))
		case k != nil && (v.Kind != yaml.ScalarNode || !modelName.MatchString(v.Value)):
			s.out = append(s.out, ruleSafePushModel.at(s.file, k.Line, "use a lowercase Replicate model id: <owner>/<name>",
				"%s %q is not owner/name", key, v.Value))
		}
	}
}

// section checks predict: or train:, its test cases and its fuzz settings
// against the entry point's inputs (when known).
func (s *safePushLint) section(m *yaml.Node, name string, inputs map[string]bool, known bool) {
	if m == nil {
		return
	}
	s.keys(m, name)
	if cases := lookup(m, "test_cases"); cases != nil && cases.Kind == yaml.SequenceNode {
		for i, c := range cases.Content {
			s.testCase(c, fmt.Sprintf("%s.test_cases[%d]", name, i), name, inputs, known)
		}
	}
	if fz := lookup(m, "fuzz"); fz != nil {
		s.keys(fz, "fuzz")
		s.fuzz(fz, name, inputs, known)
	}
}

func (s *safePushLint) testCase(c *yaml.Node, where, section string, inputs map[string]bool, known bool) {
	s.keys(c, "case")
	var set []string
	for _, k := range checkers {
		if key, _ := mapGet(c, k); key != nil {
			set = append(set, k)
		}
	}
	if len(set) > 1 {
		s.out = append(s.out, ruleSafePushChecks.at(s.file, c.Line, "split it into one test case per checker",
			"%s sets %d checkers (%v); cog-safe-push allows one", where, len(set), set))
	}
	pairs(lookup(c, "inputs"), func(k, v *yaml.Node) {
		if v.Kind == yaml.MappingNode {
			s.out = append(s.out, ruleSafePushMapping.at(s.file, k.Line, "pass a scalar, a list, or a JSON string",
				"%s input %q is a mapping", where, k.Value))
		}
		s.input(k, where, section, inputs, known)
	})
}

func (s *safePushLint) fuzz(fz *yaml.Node, section string, inputs map[string]bool, known bool) {
	fixed := map[string]bool{}
	pairs(lookup(fz, "fixed_inputs"), func(k, _ *yaml.Node) {
		fixed[k.Value] = true
		s.input(k, section+".fuzz.fixed_inputs", section, inputs, known)
	})
	if d := lookup(fz, "disabled_inputs"); d != nil && d.Kind == yaml.SequenceNode {
		for _, item := range d.Content {
			s.input(item, section+".fuzz.disabled_inputs", section, inputs, known)
			if fixed[item.Value] {
				s.out = append(s.out, ruleSafePushFuzz.at(s.file, item.Line, "keep the input in one of the two lists",
					"input %q is both fixed and disabled", item.Value))
			}
		}
	}
}

func (s *safePushLint) input(name *yaml.Node, where, section string, inputs map[string]bool, known bool) {
	if !known || inputs[name.Value] {
		return
	}
	var have []string
	for n := range inputs {
		have = append(have, n)
	}
	sort.Strings(have)
	s.out = append(s.out, ruleSafePushInput.at(s.file, name.Line, fmt.Sprintf("use one of %v", have),
		"%s uses input %q that %s() does not take", where, name.Value, section))
}
