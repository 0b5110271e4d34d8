package pydeps

import (
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/cogport/cogport/facts"
)

// condaToPip maps conda package names whose PyPI name differs.
var condaToPip = map[string]string{
	"pytorch":     "torch",
	"pytorch-cpu": "torch",
	"py-opencv":   "opencv-python",
	"opencv":      "opencv-python",
	"pyyaml":      "pyyaml",
	"ffmpeg":      "",
	"cudatoolkit": "",
	"cudnn":       "",
	"pip":         "",
	"python":      "",
}

var condaSpecRE = regexp.MustCompile(`^([A-Za-z0-9_.-]+)\s*(.*)$`)

// Environment reads a conda environment.yml: conda packages (Conda set,
// mapped to PyPI names where they differ), the pip: section, the Python
// version and the CUDA version of pytorch-cuda or cudatoolkit.
func Environment(p string, data []byte) *Result {
	r := &Result{}
	var env struct {
		Dependencies []any `yaml:"dependencies"`
	}
	if err := yaml.Unmarshal(data, &env); err != nil {
		r.warn("%s: cannot read YAML: %v", p, err)
		return r
	}
	for i, item := range env.Dependencies {
		from := fmt.Sprintf("%s dependencies[%d]", p, i)
		switch x := item.(type) {
		case string:
			r.condaPackage(from, x)
		case map[string]any:
			pips, _ := x["pip"].([]any)
			for j, pi := range pips {
				if s, ok := pi.(string); ok {
					r.pipLine(fmt.Sprintf("%s pip[%d]", from, j), s)
				}
			}
		}
	}
	return r
}

func (r *Result) pipLine(from, s string) {
	s = stripComment(s)
	if strings.HasPrefix(s, "-") {
		flag, arg := splitOption(s)
		switch flag {
		case "-r", "--requirement":
			r.Files = appendNew(r.Files, arg)
		case "-i", "--index-url", "--extra-index-url", "-f", "--find-links":
			r.IndexURLs = appendNew(r.IndexURLs, flag+" "+arg)
		case "-e", "--editable":
			if !isLocalPath(arg) {
				r.pipLine(from, arg)
			}
		}
		return
	}
	if isLocalPath(s) {
		r.warn("%s: local package %q is not a PyPI requirement", from, s)
		return
	}
	d, err := ParseRequirement(s)
	if err != nil {
		r.warn("%s: %v", from, err)
		return
	}
	d.From = from
	r.Deps = append(r.Deps, d)
}

// condaPackage reads "channel::name=1.2=build" style specs.
func (r *Result) condaPackage(from, spec string) {
	spec = strings.TrimSpace(spec)
	if i := strings.Index(spec, "::"); i >= 0 {
		spec = spec[i+2:]
	}
	m := condaSpecRE.FindStringSubmatch(spec)
	if m == nil {
		r.warn("%s: cannot read conda spec %q", from, spec)
		return
	}
	name, version := strings.ToLower(m[1]), condaVersion(m[2])
	switch {
	case name == "python":
		if version != "" {
			r.Python = append(r.Python, facts.RepoVersionHint{Spec: version, From: from + " python"})
		}
		return
	case name == "pytorch-cuda" || name == "cudatoolkit" || name == "cuda-toolkit" || name == "cuda":
		if r.CondaCUDA == "" {
			r.CondaCUDA = strings.TrimPrefix(strings.TrimPrefix(version, "=="), "=")
			r.CondaCUDA = strings.TrimSuffix(r.CondaCUDA, ".*")
		}
		return
	}
	pipName, mapped := condaToPip[name]
	if mapped && pipName == "" {
		return
	}
	if !mapped {
		pipName = name
	}
	d := facts.RepoDependency{Name: Normalize(pipName), From: from, Conda: true, Line: spec}
	if err := setSpecifier(&d, version, spec); err != nil {
		r.warn("%s: %v", from, err)
		return
	}
	r.Deps = append(r.Deps, d)
}

// condaVersion turns conda's "=1.2" (prefix match) into "==1.2.*", keeps
// "==1.2" and ">=1.2", and drops a build string.
func condaVersion(v string) string {
	v = strings.ReplaceAll(strings.TrimSpace(v), " ", "")
	if v == "" {
		return ""
	}
	if strings.HasPrefix(v, "=") && !strings.HasPrefix(v, "==") {
		v = strings.SplitN(v[1:], "=", 2)[0]
		if strings.HasSuffix(v, "*") {
			return "==" + v
		}
		return "==" + v + ".*"
	}
	if strings.HasPrefix(v, "==") {
		return "==" + strings.SplitN(v[2:], "=", 2)[0]
	}
	if specOpsRE.MatchString(v) {
		return v
	}
	return "==" + strings.SplitN(v, "=", 2)[0] // "numpy 1.2" style
}
