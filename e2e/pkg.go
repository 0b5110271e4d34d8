package e2e

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"gopkg.in/yaml.v3"
)

// Package is what the stage needs to know of a generated package: its
// cog.yaml entries and Python, its weights strategy and its cog-safe-push
// test cases.
type Package struct {
	Dir           string
	PythonVersion string
	Predict       string
	Train         string
	GPU           bool
	Strategy      string
	SafePush      SafePush
}

// SafePush is the part of cog-safe-push-configs/default.yaml the stage
// replays.
type SafePush struct {
	Predict struct {
		TestCases []TestCase `yaml:"test_cases"`
	} `yaml:"predict"`
	Train struct {
		TestCases []TestCase `yaml:"test_cases"`
	} `yaml:"train"`
}

// TestCase is one cog-safe-push test case: inputs and at most one checker.
type TestCase struct {
	Inputs       map[string]any `yaml:"inputs"`
	ExactString  *string        `yaml:"exact_string"`
	MatchURL     *string        `yaml:"match_url"`
	MatchPrompt  *string        `yaml:"match_prompt"`
	JQQuery      *string        `yaml:"jq_query"`
	ErrorContain *string        `yaml:"error_contains"`
}

// ReadPackage reads the generated package in dir.
func ReadPackage(dir string) (*Package, error) {
	var cog struct {
		Build struct {
			GPU           bool   `yaml:"gpu"`
			PythonVersion string `yaml:"python_version"`
		} `yaml:"build"`
		Predict string `yaml:"predict"`
		Train   string `yaml:"train"`
		Run     string `yaml:"run"`
	}
	if err := readYAML(filepath.Join(dir, "cog.yaml"), &cog); err != nil {
		return nil, err
	}
	p := &Package{Dir: dir, PythonVersion: cog.Build.PythonVersion, Predict: cog.Predict,
		Train: cog.Train, GPU: cog.Build.GPU}
	if p.Predict == "" {
		// The run API (cog >= 0.20) names its entry run: instead.
		p.Predict = cog.Run
	}
	var w struct {
		Strategy string `yaml:"strategy"`
	}
	if err := readYAML(filepath.Join(dir, "weights.json"), &w); err == nil {
		p.Strategy = w.Strategy
	}
	// The run API has no cog-safe-push config: cog-safe-push lints only
	// predict: packages.
	err := readYAML(filepath.Join(dir, "cog-safe-push-configs", "default.yaml"), &p.SafePush)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return p, nil
}

func readYAML(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := yaml.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
