package github

import (
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/cogport/cogport/facts"
)

// cogYAML is the part of cog.yaml cogport reads.
type cogYAML struct {
	Build struct {
		GPU                bool     `yaml:"gpu"`
		PythonVersion      any      `yaml:"python_version"`
		CUDA               any      `yaml:"cuda"`
		SystemPackages     []string `yaml:"system_packages"`
		PythonRequirements string   `yaml:"python_requirements"`
		PythonPackages     []string `yaml:"python_packages"`
	} `yaml:"build"`
	Predict string `yaml:"predict"`
	Run     string `yaml:"run"`
	Train   string `yaml:"train"`
}

// cogFiles reads an existing cog.yaml and lists the predictor files.
func cogFiles(snap *Snapshot, predictors []string) (*facts.RepoCog, []string) {
	var warns []string
	cf := &facts.RepoCog{Predictors: predictors}
	for _, name := range []string{"cog.yaml", "cog.yml"} {
		data, err := snap.ReadFile(name, maxTextBytes)
		if err != nil {
			continue
		}
		cf.Config = name
		var y cogYAML
		if err := yaml.Unmarshal(data, &y); err != nil {
			warns = append(warns, fmt.Sprintf("%s: cannot read YAML: %v", name, err))
			break
		}
		cf.Predict, cf.Train = y.Predict, y.Train
		if cf.Predict == "" {
			cf.Predict = y.Run
		}
		cf.GPU, cf.SystemPackages = y.Build.GPU, y.Build.SystemPackages
		cf.PythonRequirements, cf.PythonPackages = y.Build.PythonRequirements, y.Build.PythonPackages
		cf.PythonVersion = scalarString(y.Build.PythonVersion)
		cf.CUDA = scalarString(y.Build.CUDA)
		if len(cf.PythonPackages) > 0 {
			warns = append(warns, name+": build.python_packages is deprecated; cogport moves them to requirements.txt")
		}
		if f, ok := y.Build.PythonVersion.(float64); ok && fmt.Sprint(f) == "3.1" {
			cf.PythonVersion = "3.10" // nobody means Python 3.1
			warns = append(warns, name+": python_version 3.10 is unquoted and YAML reads it as 3.1; taken as 3.10")
		}
		break
	}
	if cf.Config == "" && len(cf.Predictors) == 0 {
		return nil, nil
	}
	return cf, warns
}

// scalarString renders a YAML scalar as written (3.10 unquoted is a float).
func scalarString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return fmt.Sprint(x)
	}
	return fmt.Sprint(v)
}
