package lint

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
)

// RenderText writes one line per finding, compiler style, with paths joined
// to the package directory so editors can jump to them:
//
//	pkg/predict.py:12: input-bound-not-literal: le=MAX_SEED is not a number literal … (fix: write le=4294967295)
//
// Warnings say so after the rule id. A last line counts the findings.
func RenderText(w io.Writer, r Report) error {
	for _, f := range r.Findings {
		loc := filepath.ToSlash(filepath.Join(r.Dir, f.File))
		if f.Line > 0 {
			loc = fmt.Sprintf("%s:%d", loc, f.Line)
		}
		msg := f.Message
		if f.Severity == Warning {
			msg = "warning: " + msg
		}
		if f.Fix != "" {
			msg += " (fix: " + f.Fix + ")"
		}
		if _, err := fmt.Fprintf(w, "%s: %s: %s\n", loc, f.Rule, msg); err != nil {
			return err
		}
	}
	errs, warns := r.Count()
	_, err := fmt.Fprintf(w, "%s: %s, %s\n", filepath.ToSlash(filepath.Clean(r.Dir)), plural(errs, "error"), plural(warns, "warning"))
	return err
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// jsonReport is the --json shape: the report plus its counts.
type jsonReport struct {
	Dir      string    `json:"dir"`
	Errors   int       `json:"errors"`
	Warnings int       `json:"warnings"`
	Findings []Finding `json:"findings"`
}

// RenderJSON writes the report as one indented JSON object:
// {"dir", "errors", "warnings", "findings": [{"rule", "severity", "file",
// "line", "message", "fix"}]}.
func RenderJSON(w io.Writer, r Report) error {
	errs, warns := r.Count()
	findings := r.Findings
	if findings == nil {
		findings = []Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(jsonReport{Dir: r.Dir, Errors: errs, Warnings: warns, Findings: findings})
}
