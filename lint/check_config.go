package lint

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/replicate/cog/pkg/config"
	"gopkg.in/yaml.v3"
)

var (
	ruleConfigError   = Rule{"cog-config-error", Error, "cog v0.22's config.Load rejects cog.yaml"}
	ruleConfigWarning = Rule{"cog-config-warning", Warning,
		"cog v0.22 deprecates a field (other than predict and concurrency.max, which cog 0.16-0.21 and cog-safe-push need)"}
	ruleCogSaid = Rule{"cog-stderr-warning", Warning, "cog printed a warning while loading the config or generating the schema"}

	rulePythonUnpinned = Rule{"python-version-unpinned", Error,
		"build.python_version is missing or not a minor version like \"3.12\""}
	rulePythonUnquoted = Rule{"python-version-unquoted", Warning,
		"build.python_version is a YAML number: older cogs read 3.10 as 3.1"}
)

func cogConfigCheck() Check {
	return Check{ID: "cog-config", Rules: []Rule{ruleConfigError, ruleConfigWarning, ruleCogSaid}, Run: checkCogConfig}
}

func checkCogConfig(p *Package) []Finding {
	if p.CogYAML == nil || p.CogYAML.Err != nil {
		return nil
	}
	var out []Finding
	for _, err := range splitErrors(p.ConfigErr) {
		if coveredConfigError(p, err) {
			continue
		}
		out = append(out, ruleConfigError.at("cog.yaml", lineOf(p.CogYAML.Root, errorField(err)),
			"change cog.yaml until `cog build` accepts it", "cog v0.22 rejects cog.yaml: %v", err))
	}
	for _, w := range p.ConfigWarnings {
		switch w.Field {
		case "predict", "concurrency.max": // the forms cog 0.16-0.21 and cog-safe-push understand
		case "build.python_packages", "build.pre_install": // cog-yaml-deprecated-key
		default:
			fix := "follow cog's advice"
			if w.Replacement != "" {
				fix = "use " + w.Replacement
			}
			out = append(out, ruleConfigWarning.at("cog.yaml", lineOf(p.CogYAML.Root, w.Field), fix, "cog v0.22: %s", w.Error()))
		}
	}
	return append(out, cogSaidFindings(p)...)
}

// cogSaidFindings turns what cog printed into findings; a "Try X instead?"
// line becomes the fix of the warning before it.
func cogSaidFindings(p *Package) []Finding {
	var out []Finding
	skipped := false
	for _, said := range p.CogSaid {
		if strings.HasPrefix(said, "Try ") {
			if !skipped && len(out) > 0 {
				out[len(out)-1].Fix = "cog suggests: " + said
			}
			continue
		}
		if skipped = coveredCogSaid(said); skipped {
			continue
		}
		line := 0
		if strings.Contains(said, "CUDA") {
			line = lineOf(p.CogYAML.Root, "build.cuda")
		}
		out = append(out, ruleCogSaid.at("cog.yaml", line, "act on cog's warning", "cog says: %s", said))
	}
	return out
}

// splitErrors undoes errors.Join, which config.Load uses for all
// validation errors at once.
func splitErrors(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// errorField returns the dotted cog.yaml field an error of cog's is about.
func errorField(err error) string {
	var v *config.ValidationError
	var s *config.SchemaError
	switch {
	case errors.As(err, &v):
		return v.Field
	case errors.As(err, &s):
		return s.Field
	}
	return ""
}

// coveredConfigError drops cog's errors that a dedicated rule reports with
// a better location and fix.
func coveredConfigError(p *Package, err error) bool {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "compatible with torch=="):
		return true // torch-unknown-version
	case strings.Contains(msg, "only one of run or predict"),
		strings.Contains(msg, "Must not validate") && bothRunAndPredict(p):
		return true // run-and-predict (the v0.22 schema says it with "not")
	case errorField(err) == "build.python_version":
		_, _, bad := pythonVersionProblem(p)
		return bad
	}
	return false
}

// coveredCogSaid drops what cog prints that cogport decides otherwise or
// reports itself: predict() is the default API on purpose (DESIGN §1.1),
// and a CUDA outside the torch row is cuda-outside-torch-row.
func coveredCogSaid(line string) bool {
	return strings.Contains(line, "predict() is deprecated") ||
		strings.Contains(line, "is compatible with PyTorch")
}

func pythonVersionCheck() Check {
	return Check{ID: "python-version", Rules: []Rule{rulePythonUnpinned, rulePythonUnquoted}, Run: checkPythonVersion}
}

var minorVersion = regexp.MustCompile(`^3\.\d+$`)

// pythonVersionProblem says what is wrong with build.python_version.
func pythonVersionProblem(p *Package) (node *yaml.Node, problem string, bad bool) {
	if p.CogYAML == nil || p.CogYAML.Root == nil {
		return nil, "", false
	}
	k, v := mapGet(lookup(p.CogYAML.Root, "build"), "python_version")
	switch {
	case v == nil:
		return nil, "build.python_version is not set, so the Python version changes with the cog version", true
	case v.Kind != yaml.ScalarNode || !minorVersion.MatchString(v.Value):
		return k, fmt.Sprintf("build.python_version %q is not a minor version like \"3.12\"", v.Value), true
	}
	return v, "", false
}

func checkPythonVersion(p *Package) []Finding {
	if p.CogYAML == nil || p.CogYAML.Root == nil || p.CogYAML.Root.Kind != yaml.MappingNode {
		return nil
	}
	n, problem, bad := pythonVersionProblem(p)
	if bad {
		line := lineOf(p.CogYAML.Root, "build")
		if n != nil {
			line = n.Line
		}
		return []Finding{rulePythonUnpinned.at("cog.yaml", line, `set build.python_version: "3.12"`, "%s", problem)}
	}
	if !isQuoted(n) {
		return []Finding{rulePythonUnquoted.at("cog.yaml", n.Line, fmt.Sprintf("write python_version: %q", n.Value),
			"python_version %s is not quoted: YAML reads it as a number, and cog before 0.17 turns 3.10 into 3.1", n.Value)}
	}
	return nil
}

func bothRunAndPredict(p *Package) bool {
	_, run := mapGet(p.CogYAML.Root, "run")
	_, predict := mapGet(p.CogYAML.Root, "predict")
	return run != nil && predict != nil
}
