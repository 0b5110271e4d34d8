// Package plan is the contract between recipes and generators: everything a
// recipe decided about a package, as plain data. Generators render a Plan and
// nothing else; `--dry-run --json` prints it.
package plan

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Plan describes one Cog package to generate.
type Plan struct {
	// Recipe is the name of the recipe that built the plan.
	Recipe  string `json:"recipe"`
	Task    string `json:"task"`
	Library string `json:"library"`
	Source  Source `json:"source"`

	// Title and Summary describe the model for the package README.
	Title   string  `json:"title"`
	Summary string  `json:"summary,omitempty"`
	License License `json:"license"`

	Inputs []Input `json:"inputs"`
	Output Output  `json:"output"`

	PythonVersion  string        `json:"python_version"`
	GPU            bool          `json:"gpu"`
	CUDA           string        `json:"cuda,omitempty"`
	Requirements   []Requirement `json:"requirements"`
	SystemPackages []string      `json:"system_packages,omitempty"`
	// BuildRun are extra build.run commands (installing pget, say).
	BuildRun []string `json:"build_run,omitempty"`
	// Concurrency is cog.yaml's concurrency.max; 0 leaves it out.
	Concurrency int `json:"concurrency,omitempty"`

	Weights Weights  `json:"weights"`
	Secrets []Secret `json:"secrets,omitempty"`

	// Template names the predict.py template of the recipe; Vars are the
	// recipe's own values for it (pipeline class, dtype, ...).
	Template string         `json:"template"`
	Vars     map[string]any `json:"vars,omitempty"`

	// Tests are example predictions: cog-safe-push test cases and script/test.
	Tests []TestCase `json:"tests,omitempty"`
	// Model is the Replicate destination, "owner/name".
	Model string `json:"model"`
	// TestHardware is the cog-safe-push test hardware (cpu, gpu-l40s, ...).
	TestHardware string `json:"test_hardware"`
	// Deterministic outputs can be compared with the live model's.
	Deterministic bool `json:"deterministic"`
	// PredictTimeout bounds one test prediction, in seconds.
	PredictTimeout int `json:"predict_timeout"`

	Warnings []string `json:"warnings"`
}

// Source says where the model came from.
type Source struct {
	// Kind is "hf", "hf-local", "comfy" or "github".
	Kind string `json:"kind"`
	// ID is the repo id, workflow file name or repository.
	ID string `json:"id"`
	// SHA is the pinned commit; empty when the source has none.
	SHA string `json:"sha,omitempty"`
	// URL is a link a human can open.
	URL string `json:"url,omitempty"`
}

// License is the model's license as the card states it.
type License struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
	Link string `json:"link,omitempty"`
}

// Input is one typed parameter of predict().
type Input struct {
	Name string `json:"name"`
	// Type is the Python annotation without Optional: str, int, float, bool,
	// Path, Secret, list[Path], ...
	Type string `json:"type"`
	// Optional makes the annotation Optional[Type]; with a nil Default the
	// input defaults to None.
	Optional bool `json:"optional,omitempty"`
	// Default is nil for a required input (unless Optional). Values are
	// string, int64, float64 or bool.
	Default     any      `json:"default"`
	Description string   `json:"description"`
	Ge          *float64 `json:"ge,omitempty"`
	Le          *float64 `json:"le,omitempty"`
	Choices     []any    `json:"choices,omitempty"`
}

// Required reports whether the caller must give a value.
func (in Input) Required() bool { return in.Default == nil && !in.Optional }

// Output is predict()'s return annotation.
type Output struct {
	// Type is the Python annotation: Path, list[Path], str, dict, list[float],
	// ConcatenateIterator[str], ...
	Type        string `json:"type"`
	Description string `json:"description,omitempty"`
}

// Requirement is one pinned line of requirements.txt.
type Requirement struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Weights describes what the package downloads and how.
type Weights struct {
	// Strategy is bake, pget or hub.
	Strategy string `json:"strategy"`
	// Repo and Revision pin the source of the files (Hub repo and commit).
	Repo     string `json:"repo,omitempty"`
	Revision string `json:"revision,omitempty"`
	// Dir is where the files land inside the container, relative to /src.
	Dir        string       `json:"dir"`
	Files      []WeightFile `json:"files"`
	TotalBytes int64        `json:"total_bytes"`
	Skipped    []Skipped    `json:"skipped,omitempty"`
	// SnapshotBytes is the size of the whole repository, for comparison.
	SnapshotBytes int64 `json:"snapshot_bytes,omitempty"`
	// Gated means a token is needed to download.
	Gated bool `json:"gated,omitempty"`
	// URLBase replaces the Hub resolve URL base for pget (a CDN mirror).
	URLBase string `json:"url_base,omitempty"`
	// SeparateWeights asks `cog build/push --separate-weights` (large weights).
	SeparateWeights bool `json:"separate_weights,omitempty"`
	// Transfer names the fast download mode of the pinned huggingface_hub:
	// "xet" (HF_XET_HIGH_PERFORMANCE, hub >= 1.0) or "hf_transfer" (hub < 1.0).
	Transfer string `json:"transfer,omitempty"`
}

// WeightFile is one file of the weights manifest.
type WeightFile struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256,omitempty"`
	// URL is where the file comes from, pinned to a commit.
	URL string `json:"url,omitempty"`
	// Archive means URL is a .tar (Replicate's weights CDN) that extracts
	// into Path's folder and holds Path; its sha256 and size are the
	// archive's, so they are left empty.
	Archive bool `json:"archive,omitempty"`
}

// Skipped is a repository file that was left out, with the reason.
type Skipped struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	Reason string `json:"reason"`
}

// Secret is a credential the package needs.
type Secret struct {
	// Name is the environment variable or input name (HF_TOKEN, hf_token).
	Name string `json:"name"`
	// Use says how it is supplied: "input" (a cog.Secret input) or "build"
	// (a build secret mounted in build.run).
	Use string `json:"use"`
	Why string `json:"why"`
}

// TestCase is one example prediction.
type TestCase struct {
	Inputs map[string]any `json:"inputs"`
	// Checker is one of "", match_prompt, exact_string, jq_query, error_contains.
	Checker string `json:"checker,omitempty"`
	Expect  string `json:"expect,omitempty"`
}

// PlaceholderOwner is the Replicate owner used when none is known; the
// package README tells the user to replace it.
const PlaceholderOwner = "your-username"

// InputNamed returns the input called name, if any.
func (p *Plan) InputNamed(name string) (Input, bool) {
	for _, in := range p.Inputs {
		if in.Name == name {
			return in, true
		}
	}
	return Input{}, false
}

// Warn appends a warning.
func (p *Plan) Warn(msg string) { p.Warnings = append(p.Warnings, msg) }

// F returns a pointer to f, for Ge/Le.
func F(f float64) *float64 { return &f }

// String is the requirements.txt line.
func (r Requirement) String() string { return r.Name + "==" + r.Version }

// MarshalJSON writes a requirement as its requirements.txt line, the form
// scripts and people read.
func (r Requirement) MarshalJSON() ([]byte, error) { return json.Marshal(r.String()) }

// UnmarshalJSON reads "name==version".
func (r *Requirement) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	name, version, ok := strings.Cut(s, "==")
	if !ok || name == "" || version == "" {
		return fmt.Errorf("requirement %q is not name==version", s)
	}
	r.Name, r.Version = name, version
	return nil
}

// Decode reads a plan written as JSON (the provenance keeps one), giving
// back integers as int64 and other numbers as float64, as recipes made them.
func Decode(b []byte) (*Plan, error) {
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	var p Plan
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("decode plan: %w", err)
	}
	for k, v := range p.Vars {
		p.Vars[k] = numbers(v)
	}
	for i := range p.Inputs {
		p.Inputs[i].Default = numbers(p.Inputs[i].Default)
		for j, c := range p.Inputs[i].Choices {
			p.Inputs[i].Choices[j] = numbers(c)
		}
	}
	for _, tc := range p.Tests {
		for k, v := range tc.Inputs {
			tc.Inputs[k] = numbers(v)
		}
	}
	return &p, nil
}

// numbers turns json.Numbers inside v into int64 or float64.
func numbers(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil && !strings.ContainsAny(x.String(), ".eE") {
			return i
		}
		f, _ := x.Float64()
		return f
	case []any:
		for i := range x {
			x[i] = numbers(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = numbers(x[k])
		}
	}
	return v
}
