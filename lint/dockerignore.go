package lint

import (
	"path"
	"regexp"
	"strings"
)

// ignoreRule is one .dockerignore pattern, compiled.
type ignoreRule struct {
	re     *regexp.Regexp
	negate bool
}

// parseDockerignore compiles .dockerignore the way Docker reads it
// (moby/patternmatcher): one pattern per line, # comments, ! to re-include,
// paths cleaned and relative to the context root, * and ? within one path
// element, ** across elements.
func parseDockerignore(raw string) []ignoreRule {
	var rules []ignoreRule
	for _, line := range strings.Split(raw, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		r := ignoreRule{}
		if strings.HasPrefix(line, "!") {
			r.negate, line = true, strings.TrimSpace(line[1:])
		}
		line = strings.TrimPrefix(path.Clean("/"+line), "/")
		if line == "" {
			continue
		}
		if re, err := regexp.Compile(globRegexp(line)); err == nil {
			r.re = re
			rules = append(rules, r)
		}
	}
	return rules
}

// globRegexp translates a Docker glob into an anchored regexp.
func globRegexp(glob string) string {
	var sb strings.Builder
	sb.WriteString("^")
	for i := 0; i < len(glob); i++ {
		c := glob[i]
		switch {
		case strings.HasPrefix(glob[i:], "**/"):
			sb.WriteString("(.*/)?")
			i += 2
		case strings.HasPrefix(glob[i:], "**"):
			sb.WriteString(".*")
			i++
		case c == '*':
			sb.WriteString("[^/]*")
		case c == '?':
			sb.WriteString("[^/]")
		case c == '[':
			j := strings.IndexByte(glob[i:], ']')
			if j < 0 {
				sb.WriteString(`\[`)
				continue
			}
			class := glob[i+1 : i+j]
			if strings.HasPrefix(class, "!") {
				class = "^" + class[1:]
			}
			sb.WriteString("[" + class + "]")
			i += j
		case c == '\\' && i+1 < len(glob):
			i++
			sb.WriteString(regexp.QuoteMeta(glob[i : i+1]))
		default:
			sb.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	sb.WriteString("$")
	return sb.String()
}

// ignored reports whether the rules leave rel (slash-separated, relative to
// the context) out of the build context: the last pattern that matches it
// or one of its parent directories decides.
func ignored(rules []ignoreRule, rel string) bool {
	rel = strings.TrimPrefix(path.Clean("/"+rel), "/")
	out := false
	for _, r := range rules {
		if matchesOrParent(r.re, rel) {
			out = !r.negate
		}
	}
	return out
}

func matchesOrParent(re *regexp.Regexp, rel string) bool {
	for p := rel; p != "." && p != ""; p = path.Dir(p) {
		if re.MatchString(p) {
			return true
		}
		if !strings.Contains(p, "/") {
			break
		}
	}
	return false
}
