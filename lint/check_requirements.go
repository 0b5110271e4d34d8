package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

var (
	ruleReqUnpinned = Rule{"requirements-unpinned", Error,
		"a requirement not pinned as name==version: builds stop being reproducible (and torch>=x picks the wrong CUDA)"}
	ruleReqURLUnpinned = Rule{"requirements-url-unpinned", Error,
		"a URL requirement not pinned to a commit (@<sha>), a #sha256= or a .whl file"}
)

// Requirements is a pip requirements file, line by line.
type Requirements struct {
	// File is relative to the package directory.
	File  string
	Lines []Requirement
	// Err is set when the file cannot be read (cog-config-error reports a
	// missing one).
	Err error
}

// Requirement is one requirement line.
type Requirement struct {
	Line int
	// Text is the requirement without its comment.
	Text string
	// Name is the normalised project name ("" on URL lines); Version the
	// pinned version when the line is name==version.
	Name, Version string
	URL           bool
}

var (
	reqName   = regexp.MustCompile(`^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$`)
	reqPin    = regexp.MustCompile(`^==\s*([A-Za-z0-9_.+!-]+)\s*(;.*)?$`)
	urlPinned = regexp.MustCompile(`@[0-9a-fA-F]{7,40}\b|#sha256=|\.whl\b`)
	nameSeps  = regexp.MustCompile(`[-_.]+`)
)

func readRequirements(dir, rel string) *Requirements {
	if rel == "" {
		return nil
	}
	r := &Requirements{File: filepath.ToSlash(filepath.Clean(rel))}
	raw, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		r.Err = err
		return r
	}
	for i, line := range strings.Split(string(raw), "\n") {
		if req, ok := parseRequirement(line); ok {
			req.Line = i + 1
			r.Lines = append(r.Lines, req)
		}
	}
	return r
}

// parseRequirement reads one line; ok is false for blanks, comments and
// pip options (-r, --extra-index-url ...).
func parseRequirement(line string) (Requirement, bool) {
	if i := strings.Index(line, " #"); i >= 0 {
		line = line[:i]
	}
	line = strings.TrimSpace(line)
	if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "-") {
		return Requirement{}, false
	}
	r := Requirement{Text: line}
	m := reqName.FindStringSubmatch(line)
	switch {
	case strings.HasPrefix(line, "git+") || (m == nil && strings.Contains(line, "://")):
		r.URL = true // a bare URL
	case m == nil:
	case strings.HasPrefix(m[3], "@"):
		r.Name, r.URL = normalizeName(m[1]), true // name @ url
	case strings.HasPrefix(m[3], "://"):
		r.URL = true // the "name" was a scheme
	default:
		r.Name = normalizeName(m[1])
		if pin := reqPin.FindStringSubmatch(m[3]); pin != nil {
			r.Version = pin[1]
		}
	}
	return r, true
}

// normalizeName applies PEP 503: case and runs of -_. do not matter.
func normalizeName(name string) string {
	return strings.ToLower(nameSeps.ReplaceAllString(name, "-"))
}

// find returns the line that requires the named project.
func (r *Requirements) find(name string) (Requirement, bool) {
	if r == nil {
		return Requirement{}, false
	}
	for _, l := range r.Lines {
		if l.Name == name {
			return l, true
		}
	}
	return Requirement{}, false
}

func requirementsCheck() Check {
	return Check{ID: "requirements", Rules: []Rule{ruleReqUnpinned, ruleReqURLUnpinned}, Run: checkRequirements}
}

func checkRequirements(p *Package) []Finding {
	var out []Finding
	if r := p.Requirements; r != nil {
		for _, l := range r.Lines {
			out = append(out, judgeRequirement(r.File, l)...)
		}
	}
	// the deprecated python_packages list holds requirements too
	if p.CogYAML != nil {
		if v := lookup(p.CogYAML.Root, "build", "python_packages"); v != nil && v.Kind == yaml.SequenceNode {
			for _, item := range v.Content {
				if req, ok := parseRequirement(item.Value); ok {
					req.Line = item.Line
					out = append(out, judgeRequirement("cog.yaml", req)...)
				}
			}
		}
	}
	return out
}

func judgeRequirement(file string, r Requirement) []Finding {
	switch {
	case r.URL && !urlPinned.MatchString(r.Text):
		return []Finding{ruleReqURLUnpinned.at(file, r.Line,
			"pin it: git+https://…@<commit sha>, a URL ending in .whl, or add #sha256=<hash>",
			"%q is a URL that is not pinned to a commit or file", r.Text)}
	case !r.URL && r.Version == "":
		fix := "pin an exact version: name==x.y.z"
		if r.Name != "" {
			fix = fmt.Sprintf("pin an exact version: %s==x.y.z", r.Name)
		}
		return []Finding{ruleReqUnpinned.at(file, r.Line, fix, "%q is not pinned with ==", r.Text)}
	}
	return nil
}
