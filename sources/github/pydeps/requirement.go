// Package pydeps reads the Python requirements and Python version of a
// repository: requirements*.txt (with -r includes), pyproject.toml (PEP 621
// and Poetry), setup.py and setup.cfg (statically) and conda's
// environment.yml.
package pydeps

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/cogport/cogport/facts"
)

var (
	nameRE    = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?`)
	normRE    = regexp.MustCompile(`[-_.]+`)
	eggRE     = regexp.MustCompile(`[#&]egg=([A-Za-z0-9._-]+)`)
	commitRE  = regexp.MustCompile(`@[0-9a-fA-F]{7,40}(?:[#&]|$)`)
	wheelRE   = regexp.MustCompile(`^(?:.*/)?([A-Za-z0-9_.]+?)-\d[^/]*\.whl(?:[#?].*)?$`)
	specOpsRE = regexp.MustCompile(`^(~=|===|==|!=|<=|>=|<|>)\s*`)
)

// Normalize returns the PEP 503 normalised form of a project name.
func Normalize(name string) string {
	return strings.ToLower(normRE.ReplaceAllString(name, "-"))
}

// ParseRequirement parses one PEP 508 requirement ("torch[cuda]>=2.0;
// python_version>'3.8'", "pkg @ https://...") or a bare direct reference
// ("git+https://github.com/o/r@sha#egg=pkg", a wheel URL).
func ParseRequirement(line string) (facts.RepoDependency, error) {
	s := strings.TrimSpace(line)
	d := facts.RepoDependency{Line: s}
	if s == "" {
		return d, fmt.Errorf("empty requirement")
	}
	if isURL(s) {
		return directReference(d, s)
	}
	if semi := strings.Index(s, ";"); semi >= 0 {
		d.Marker = strings.TrimSpace(s[semi+1:])
		s = strings.TrimSpace(s[:semi])
	}
	name := nameRE.FindString(s)
	if name == "" {
		return d, fmt.Errorf("cannot read requirement %q", line)
	}
	d.Name = Normalize(name)
	rest := strings.TrimSpace(s[len(name):])
	if strings.HasPrefix(rest, "[") {
		end := strings.Index(rest, "]")
		if end < 0 {
			return d, fmt.Errorf("unclosed extras in %q", line)
		}
		for _, e := range strings.Split(rest[1:end], ",") {
			if e = strings.TrimSpace(e); e != "" {
				d.Extras = append(d.Extras, e)
			}
		}
		rest = strings.TrimSpace(rest[end+1:])
	}
	if at, ok := strings.CutPrefix(rest, "@"); ok {
		d.URL = strings.TrimSpace(at)
		d.Pinned = urlPinned(d.URL)
		return d, nil
	}
	return d, setSpecifier(&d, rest, line)
}

// setSpecifier validates and stores a version specifier ("(>=1, <2)").
func setSpecifier(d *facts.RepoDependency, spec, line string) error {
	spec = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(spec, "("), ")"))
	if spec == "" {
		return nil
	}
	var clauses []string
	for _, c := range strings.Split(spec, ",") {
		c = strings.TrimSpace(c)
		op := specOpsRE.FindString(c)
		if op == "" || strings.TrimSpace(c[len(op):]) == "" {
			return fmt.Errorf("cannot read version specifier %q in %q", c, line)
		}
		clauses = append(clauses, strings.TrimSpace(op)+strings.TrimSpace(c[len(op):]))
	}
	d.Specifier = strings.Join(clauses, ",")
	if len(clauses) == 1 {
		v, exact := strings.CutPrefix(clauses[0], "==")
		if !exact {
			v, exact = strings.CutPrefix(clauses[0], "===")
		}
		if exact && !strings.Contains(v, "*") {
			d.Pinned, d.Version = true, strings.TrimPrefix(v, "=")
		}
	}
	return nil
}

// directReference reads a bare URL requirement: the name comes from
// "#egg=" or the wheel's file name.
func directReference(d facts.RepoDependency, s string) (facts.RepoDependency, error) {
	d.URL = s
	if m := eggRE.FindStringSubmatch(s); m != nil {
		d.Name = Normalize(m[1])
	} else if m := wheelRE.FindStringSubmatch(s); m != nil {
		d.Name = Normalize(m[1])
	} else if name := repoNameFromURL(s); name != "" {
		d.Name = Normalize(name)
	}
	d.Pinned = urlPinned(s)
	if d.Name == "" {
		return d, fmt.Errorf("cannot tell the project name of %q", s)
	}
	return d, nil
}

// repoNameFromURL guesses a VCS URL's project from its repository name.
func repoNameFromURL(s string) string {
	if !strings.HasPrefix(s, "git+") {
		return ""
	}
	s = strings.SplitN(s, "#", 2)[0]
	if i := strings.LastIndex(s, "@"); i > strings.LastIndex(s, "/") {
		s = s[:i]
	}
	s = strings.TrimSuffix(strings.TrimSuffix(s, "/"), ".git")
	return s[strings.LastIndex(s, "/")+1:]
}

func isURL(s string) bool {
	for _, p := range []string{"git+", "hg+", "svn+", "bzr+", "http://", "https://", "file:"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// urlPinned reports whether a direct reference names immutable content.
func urlPinned(u string) bool {
	return commitRE.MatchString(u) || strings.Contains(u, "#sha256=") ||
		strings.HasSuffix(strings.SplitN(u, "#", 2)[0], ".whl")
}
