package pydeps

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/cogport/cogport/facts"
)

// PythonVersionFile reads .python-version ("3.10.4", "3.11", "pypy3.9"
// lines); it returns the first CPython version.
func PythonVersionFile(p string, data []byte) []facts.RepoVersionHint {
	for _, ln := range strings.Split(string(data), "\n") {
		ln = strings.TrimSpace(ln)
		if ln == "" || strings.HasPrefix(ln, "#") {
			continue
		}
		if v := versionRE.FindString(ln); v != "" && strings.HasPrefix(ln, v) {
			return []facts.RepoVersionHint{{Spec: v, From: p}}
		}
	}
	return nil
}

var versionRE = regexp.MustCompile(`^\d+(?:\.\d+)*`)

// Candidates are the Python minors cogport may choose, in preference order:
// DESIGN §1.3's rule "3.12", then newer, then older (cog's minimum is 3.10).
var Candidates = []string{"3.12", "3.13", "3.11", "3.10"}

// ChoosePython returns the first candidate every hint allows, and false
// when none does (the caller then keeps the first candidate and warns).
// A bare version hint ("3.10.4" from .python-version) means that minor.
func ChoosePython(hints []facts.RepoVersionHint) (string, bool) {
	for _, c := range Candidates {
		ok := true
		for _, h := range hints {
			ok = ok && Allows(h.Spec, c)
		}
		if ok {
			return c, true
		}
	}
	return Candidates[0], false
}

// Allows reports whether the constraint spec (PEP 440, Poetry caret/tilde,
// or a bare version) admits the Python minor "3.x". Clauses it cannot read
// are treated as allowing everything.
func Allows(spec, minor string) bool {
	spec = strings.TrimSpace(spec)
	if bare := versionRE.FindString(spec); bare != "" && bare == spec {
		return sameMinor(bare, minor)
	}
	if conv, err := PoetryToPEP440(spec); err == nil && (strings.Contains(spec, "^") ||
		strings.HasPrefix(spec, "~") && !strings.HasPrefix(spec, "~=")) {
		spec = conv
	}
	for _, c := range strings.Split(spec, ",") {
		if !clauseAllows(strings.TrimSpace(c), minor) {
			return false
		}
	}
	return true
}

func sameMinor(v, minor string) bool {
	parts := strings.Split(v, ".")
	if len(parts) < 2 {
		return strings.HasPrefix(minor, parts[0]+".")
	}
	return parts[0]+"."+parts[1] == minor
}

// clauseAllows checks one clause against a minor, comparing at minor
// granularity: ">=3.8.1" admits 3.9 but ">3.10" admits 3.10 only when a
// later patch would do (">3.10" and "<=3.10.2" both admit 3.10).
func clauseAllows(c, minor string) bool {
	op := specOpsRE.FindString(c)
	if op == "" {
		return true
	}
	v := strings.TrimSpace(c[len(op):])
	op = strings.TrimSpace(op)
	wild := strings.HasSuffix(v, ".*")
	v = strings.TrimSuffix(v, ".*")
	want, m := versionParts(v), versionParts(minor)
	if want == nil || m == nil {
		return true
	}
	cmp := compareParts(m, want[:min(2, len(want))])
	patch := len(want) > 2 && want[2] > 0
	switch op {
	case "==", "===":
		return cmp == 0 || (wild && len(want) == 1 && m[0] == want[0])
	case "!=":
		return cmp != 0 || patch || (len(want) > 2 && !wild)
	case ">=":
		return cmp >= 0
	case ">":
		return cmp > 0 || (cmp == 0 && len(want) >= 2)
	case "<=":
		return cmp <= 0
	case "<":
		return cmp < 0 || (cmp == 0 && patch)
	case "~=":
		return cmp >= 0 && (len(want) < 3 && m[0] == want[0] || len(want) >= 3 && cmp == 0)
	}
	return true
}

func versionParts(v string) []int {
	var out []int
	for _, p := range strings.Split(v, ".") {
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil
		}
		out = append(out, n)
	}
	return out
}

func compareParts(a, b []int) int {
	for i := 0; i < max(len(a), len(b)); i++ {
		x, y := 0, 0
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}
