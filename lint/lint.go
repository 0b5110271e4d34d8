// Package lint judges a Cog package directory, generated or hand-written, the
// way the Cog ecosystem will: cog v0.22's own config loader and static schema
// generator, the cog.yaml JSON schemas of cog 0.16 and 0.22, cog-safe-push's
// config rules, and the failure modes cog lets through silently (DESIGN.md
// §0, §1.5): bounds written as names, defaults computed from the
// environment, typos in cog.yaml keys.
//
// The design follows replicate/cog's pkg/doctor: a Package is loaded once,
// then an ordered registry of checks (AllChecks) each look at it and return
// findings. Every finding names a rule (Rules lists them), a severity, the
// file and line it is about, and how to fix it.
package lint

import (
	"cmp"
	"fmt"
	"slices"
)

// Severity says whether a finding fails the package.
type Severity string

const (
	// Error findings break the build, the container start or the push.
	Error Severity = "error"
	// Warning findings are legal but fragile or against Replicate's guidance.
	Warning Severity = "warning"
)

// Rule is one kind of problem a check reports.
type Rule struct {
	ID       string   `json:"id"`
	Severity Severity `json:"severity"`
	// Summary says in one line what the rule catches.
	Summary string `json:"summary"`
}

// at makes a finding of this rule.
func (r Rule) at(file string, line int, fix, format string, args ...any) Finding {
	return Finding{
		Rule: r.ID, Severity: r.Severity, File: file, Line: line,
		Message: fmt.Sprintf(format, args...), Fix: fix,
	}
}

// Finding is one problem found in a package.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	// File is relative to the package directory; Line is 1-based, 0 when
	// the finding is about the whole file.
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
	Fix     string `json:"fix,omitempty"`
}

// Check is one step of the lint: it declares the rules it reports and
// inspects a loaded package.
type Check struct {
	ID    string
	Rules []Rule
	Run   func(p *Package) []Finding
}

// AllChecks returns every check in the order they run: cog.yaml first, then
// what cog derives from it, the Python code, cog-safe-push and the build
// context.
func AllChecks() []Check {
	return []Check{
		cogYAMLCheck(),
		cogConfigCheck(),
		pythonVersionCheck(),
		requirementsCheck(),
		torchCheck(),
		entryPointCheck(),
		schemaCheck(),
		inputsCheck(),
		sourceCheck(),
		safePushCheck(),
		buildContextCheck(),
	}
}

// Rules lists the rules of every check, in check order.
func Rules() []Rule {
	var rs []Rule
	for _, c := range AllChecks() {
		rs = append(rs, c.Rules...)
	}
	return rs
}

// Report is the result of linting one package.
type Report struct {
	Dir      string    `json:"dir"`
	Findings []Finding `json:"findings"`
}

// Count returns the number of error and warning findings.
func (r Report) Count() (errors, warnings int) {
	for _, f := range r.Findings {
		if f.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// HasErrors reports whether any finding is an error.
func (r Report) HasErrors() bool {
	n, _ := r.Count()
	return n > 0
}

// Lint loads the package in dir and runs every check on it. The error is
// only about dir itself (missing, not a directory); problems in the package
// are findings.
func Lint(dir string) (Report, error) {
	p, err := Load(dir)
	if err != nil {
		return Report{}, err
	}
	return p.Run(AllChecks()), nil
}

// Run applies the checks to the package and returns their findings sorted
// by file and line, keeping check order among equals.
func (p *Package) Run(checks []Check) Report {
	r := Report{Dir: p.Dir, Findings: []Finding{}}
	for _, c := range checks {
		r.Findings = append(r.Findings, c.Run(p)...)
	}
	slices.SortStableFunc(r.Findings, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
	})
	return r
}
