package github

import (
	"strconv"
	"strings"

	"github.com/cogport/cogport/recipes"
)

// satisfies reports whether version meets a PEP 440 specifier set
// (">=1.7,<2", "~=2.1", "==2.*"). Clauses it cannot read allow everything:
// the specifier only steers a choice among versions cogport already trusts.
func satisfies(spec, version string) bool {
	for _, clause := range strings.Split(spec, ",") {
		clause = strings.TrimSpace(clause)
		if clause == "" {
			continue
		}
		if !clauseHolds(clause, version) {
			return false
		}
	}
	return true
}

func clauseHolds(clause, version string) bool {
	op := ""
	for _, o := range []string{"===", "==", "!=", "~=", ">=", "<=", ">", "<"} {
		if strings.HasPrefix(clause, o) {
			op = o
			break
		}
	}
	if op == "" {
		return true
	}
	want := strings.TrimSpace(clause[len(op):])
	if strings.HasSuffix(want, ".*") {
		prefix := strings.TrimSuffix(want, ".*")
		match := version == prefix || strings.HasPrefix(version, prefix+".")
		return (op == "==") == match
	}
	c := compare(version, want)
	switch op {
	case "==", "===":
		return c == 0
	case "!=":
		return c != 0
	case ">=":
		return c >= 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	case "<":
		return c < 0
	case "~=":
		parts := strings.Split(want, ".")
		if len(parts) < 2 {
			return c >= 0
		}
		upper := strings.Join(parts[:len(parts)-1], ".")
		return c >= 0 && (version == upper || strings.HasPrefix(version, upper+"."))
	}
	return true
}

// compare orders dotted versions numerically, ignoring a local "+cu118"
// suffix and pre-release letters ("2.1.0rc1" compares as 2.1.0).
func compare(a, b string) int {
	as, bs := numbers(a), numbers(b)
	for i := 0; i < len(as) || i < len(bs); i++ {
		x, y := 0, 0
		if i < len(as) {
			x = as[i]
		}
		if i < len(bs) {
			y = bs[i]
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

func numbers(v string) []int {
	v = strings.SplitN(v, "+", 2)[0]
	var out []int
	for _, part := range strings.Split(v, ".") {
		end := 0
		for end < len(part) && part[end] >= '0' && part[end] <= '9' {
			end++
		}
		n, _ := strconv.Atoi(part[:end])
		out = append(out, n)
		if end < len(part) {
			break // "0rc1": the rest is a pre-release tag
		}
	}
	return out
}

// nearestTorch is the torch release cog v0.22 knows that is closest to v:
// the newest patch of the same minor, else the newest release when v is
// newer than all, else the oldest release newer than v.
func nearestTorch(v string) string {
	known := recipes.CogTorchVersions()
	best := ""
	for _, k := range known {
		if sameMinor(k, v) {
			best = k
		}
	}
	if best != "" {
		return best
	}
	if compare(v, known[len(known)-1]) > 0 {
		return known[len(known)-1]
	}
	for _, k := range known {
		if compare(k, v) > 0 {
			return k
		}
	}
	return known[len(known)-1]
}

// torchFor picks the release for an unpinned torch: preferred (the
// known-good set's) when the specifier allows it, else the newest release
// cog knows that does, else preferred anyway (ok false).
func torchFor(spec, preferred string) (string, bool) {
	if satisfies(spec, preferred) {
		return preferred, true
	}
	known := recipes.CogTorchVersions()
	for i := len(known) - 1; i >= 0; i-- {
		if satisfies(spec, known[i]) {
			return known[i], true
		}
	}
	return preferred, false
}

func sameMinor(a, b string) bool {
	x, y := numbers(a), numbers(b)
	return len(x) >= 2 && len(y) >= 2 && x[0] == y[0] && x[1] == y[1]
}
