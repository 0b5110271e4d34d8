package lint

import (
	"fmt"
	"slices"

	"gopkg.in/yaml.v3"
)

var (
	ruleCogYAMLMissing = Rule{"cog-yaml-missing", Error, "the directory has no cog.yaml"}
	ruleCogYAMLSyntax  = Rule{"cog-yaml-syntax", Error, "cog.yaml is not a YAML mapping"}
	ruleUnknownKey     = Rule{"cog-yaml-unknown-key", Error,
		"a cog.yaml key no cog schema knows (a typo like predictor:): cog 0.16 rejects it, cog ≥0.17 silently drops it"}
	ruleNewerKey = Rule{"cog-yaml-newer-key", Error,
		"a key from cog ≥0.17 (sdk_version) in a cog.yaml that otherwise targets cog 0.16+: cog 0.16's schema rejects it"}
	ruleLegacyKey     = Rule{"cog-yaml-legacy-key", Warning, "a cog 0.16-only key (fast, cog_runtime, python_overrides, tests) that cog ≥0.17 ignores"}
	ruleDeprecatedKey = Rule{"cog-yaml-deprecated-key", Warning, "a deprecated key: python_packages or pre_install"}
)

func cogYAMLCheck() Check {
	return Check{
		ID:    "cog-yaml",
		Rules: []Rule{ruleCogYAMLMissing, ruleCogYAMLSyntax, ruleUnknownKey, ruleNewerKey, ruleLegacyKey, ruleDeprecatedKey},
		Run:   checkCogYAML,
	}
}

func checkCogYAML(p *Package) []Finding {
	f := p.CogYAML
	switch {
	case f == nil:
		return []Finding{ruleCogYAMLMissing.at("cog.yaml", 0,
			"add a cog.yaml with a build section and predict: \"predict.py:Predictor\"", "no cog.yaml in the package")}
	case f.Err != nil:
		return []Finding{ruleCogYAMLSyntax.at("cog.yaml", errLine(f.Err), "fix the YAML syntax", "cog.yaml does not parse: %v", f.Err)}
	case f.Root == nil:
		return nil // an empty cog.yaml: the entry-point check reports it
	case f.Root.Kind != yaml.MappingNode:
		return []Finding{ruleCogYAMLSyntax.at("cog.yaml", f.Root.Line, "write cog.yaml as a mapping of keys", "cog.yaml is not a mapping")}
	}
	modern := false
	for _, k := range modernKeys {
		if key, _ := mapGet(f.Root, k); key != nil {
			modern = true
		}
	}
	var out []Finding
	walkKeys(f.Root, "", func(path string, k *yaml.Node) {
		out = append(out, judgeKey(path, k, modern)...)
	})
	return out
}

// walkKeys calls visit for every mapping key under n at path, descending
// into the values (and list items) that hold keys of their own.
func walkKeys(n *yaml.Node, path string, visit func(path string, k *yaml.Node)) {
	pairs(n, func(k, v *yaml.Node) {
		visit(path, k)
		child := joinPath(path, k.Value)
		if _, known := findKey(path, k.Value); !known || !isContainer(child) {
			return
		}
		switch v.Kind {
		case yaml.MappingNode:
			walkKeys(v, child, visit)
		case yaml.SequenceNode:
			for _, item := range v.Content {
				walkKeys(item, child, visit)
			}
		}
	})
}

func judgeKey(path string, k *yaml.Node, modern bool) []Finding {
	name := joinPath(path, k.Value)
	key, known := findKey(path, k.Value)
	switch {
	case !known:
		fix := "remove it"
		if s := suggestKey(path, k.Value); s != "" {
			fix = fmt.Sprintf("did you mean %q?", s)
		}
		return []Finding{ruleUnknownKey.at("cog.yaml", k.Line, fix,
			"unknown key %q: cog 0.16 rejects cog.yaml and cog ≥0.17 silently ignores the key", name)}
	case key.Replacement != "":
		return []Finding{ruleDeprecatedKey.at("cog.yaml", k.Line, fmt.Sprintf("use %s instead", key.Replacement),
			"%s is deprecated", name)}
	case key.In == v022 && !modern && !slices.Contains(modernKeys, name):
		return []Finding{ruleNewerKey.at("cog.yaml", k.Line,
			"remove it: a predict: package must stay valid for cog 0.16-0.22",
			"%s needs cog ≥0.17, and cog 0.16's schema rejects it next to predict:", name)}
	case key.In == v016:
		return []Finding{ruleLegacyKey.at("cog.yaml", k.Line, "remove it",
			"%s is a cog 0.16 key that cog ≥0.17 ignores", name)}
	}
	return nil
}
