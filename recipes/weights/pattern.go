package weights

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// Match reports whether name matches the shell pattern with the semantics of
// Python's fnmatch.fnmatchcase, which huggingface_hub uses for allow_patterns
// and ignore_patterns: case-sensitive, `*` matches any run of characters
// including `/` (so `*.bin` matches `unet/x.bin`, unlike Go's path.Match),
// `?` matches one character, `[seq]` and `[!seq]` match one character in or
// out of seq, and a `[` without a closing `]` is literal. Backslash is not an
// escape character. The pattern is compiled on every call; Filter compiles
// each pattern once for a whole list.
func Match(pattern, name string) bool {
	return compilePattern(pattern).MatchString(name)
}

// matcher is a compiled pattern: a regexp, or a plain string test for the
// literal, `*lit`, `lit*` and `*lit*` shapes most patterns have, which
// fnmatch gives the same meaning (`*` matches any run, `/` included).
type matcher interface {
	MatchString(string) bool
}

type (
	literal  string
	suffix   string
	prefix   string
	contains string
)

func (l literal) MatchString(s string) bool  { return s == string(l) }
func (l suffix) MatchString(s string) bool   { return strings.HasSuffix(s, string(l)) }
func (l prefix) MatchString(s string) bool   { return strings.HasPrefix(s, string(l)) }
func (l contains) MatchString(s string) bool { return strings.Contains(s, string(l)) }

// compileMatcher picks the plain string test when the pattern allows one.
func compileMatcher(pattern string) matcher {
	const wild = "*?["
	inner := strings.TrimSuffix(strings.TrimPrefix(pattern, "*"), "*")
	if strings.ContainsAny(inner, wild) || inner == "" {
		if !strings.ContainsAny(pattern, wild) {
			return literal(pattern)
		}
		return compilePattern(pattern)
	}
	lead, trail := strings.HasPrefix(pattern, "*"), strings.HasSuffix(pattern, "*")
	switch {
	case lead && trail:
		return contains(inner)
	case lead:
		return suffix(inner)
	case trail:
		return prefix(inner)
	}
	return literal(inner)
}

// Filter ports huggingface_hub's filter_repo_objects: it returns the paths,
// in their input order, that match at least one allow pattern and no ignore
// pattern. As in huggingface_hub, backslashes in patterns and paths count as
// `/`, and a pattern ending in `/` gets `*` appended so that it names a
// folder's contents. One difference: an empty allow list means "no allow
// list" here, where Python's `allow_patterns=[]` would keep nothing.
func Filter(paths, allow, ignore []string) []string {
	allowSet := compilePatterns(allow)
	ignoreSet := compilePatterns(ignore)
	var out []string
	for _, p := range paths {
		name := strings.ReplaceAll(p, `\`, "/")
		if len(allowSet) > 0 && !allowSet.any(name) {
			continue
		}
		if ignoreSet.any(name) {
			continue
		}
		out = append(out, p)
	}
	return out
}

// Escape quotes the wildcard characters of a literal repository path (like
// Python's glob.escape) so that the resulting pattern matches exactly that
// path under Match and Filter.
func Escape(path string) string {
	var b strings.Builder
	for _, r := range path {
		switch r {
		case '*', '?', '[':
			b.WriteByte('[')
			b.WriteRune(r)
			b.WriteByte(']')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// patternSet is a list of compiled patterns; each Select or Filter call
// builds its own, so nothing is cached between calls.
type patternSet []matcher

func compilePatterns(patterns []string) patternSet {
	set := make(patternSet, 0, len(patterns))
	for _, p := range patterns {
		p = strings.ReplaceAll(p, `\`, "/")
		if strings.HasSuffix(p, "/") {
			p += "*"
		}
		set = append(set, compileMatcher(p))
	}
	return set
}

func (s patternSet) any(name string) bool {
	for _, m := range s {
		if m.MatchString(name) {
			return true
		}
	}
	return false
}

// compilePattern translates an fnmatch pattern the way Python's
// fnmatch.translate does. The translation only emits escaped literals,
// `.`, `.*` and explicit character classes, so it always compiles.
func compilePattern(pattern string) *regexp.Regexp {
	return regexp.MustCompile(translate(pattern))
}

func translate(pattern string) string {
	pat := []rune(pattern)
	var b strings.Builder
	b.WriteString(`\A(?s:`)
	for i := 0; i < len(pat); {
		c := pat[i]
		i++
		switch c {
		case '*':
			for i < len(pat) && pat[i] == '*' {
				i++
			}
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		case '[':
			class, next, ok := translateClass(pat, i)
			if !ok {
				b.WriteString(`\[`)
				continue
			}
			b.WriteString(class)
			i = next
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString(`)\z`)
	return b.String()
}

// translateClass reads a bracket expression whose body starts at pat[i]. As in
// Python, a `]` right after `[` or `[!` is a member, `-` between two members
// makes a range, a `-` first, last or right after a range is literal, and a
// reversed range (`z-a`) is dropped. It returns the regexp class, the index
// after the closing `]`, and false when there is no closing `]`.
func translateClass(pat []rune, i int) (string, int, bool) {
	j := i
	if j < len(pat) && pat[j] == '!' {
		j++
	}
	if j < len(pat) && pat[j] == ']' {
		j++
	}
	for j < len(pat) && pat[j] != ']' {
		j++
	}
	if j >= len(pat) {
		return "", i, false
	}
	body := pat[i:j]
	negate := len(body) > 0 && body[0] == '!'
	if negate {
		body = body[1:]
	}
	ranges := classRanges(body)
	switch {
	case len(ranges) == 0 && negate:
		return ".", j + 1, true // Python: a negated empty set matches any character
	case len(ranges) == 0:
		return `[^\x00-\x{10FFFF}]`, j + 1, true // never matches, like Python's (?!)
	}
	var b strings.Builder
	b.WriteByte('[')
	if negate {
		b.WriteByte('^')
	}
	for _, r := range ranges {
		b.WriteString(classRune(r[0]))
		if r[1] != r[0] {
			b.WriteByte('-')
			b.WriteString(classRune(r[1]))
		}
	}
	b.WriteByte(']')
	return b.String(), j + 1, true
}

// classRanges splits a class body into [lo, hi] pairs, dropping reversed
// ranges as Python does.
func classRanges(body []rune) [][2]rune {
	var out [][2]rune
	for k := 0; k < len(body); {
		lo := body[k]
		if k+2 < len(body) && body[k+1] == '-' {
			if hi := body[k+2]; lo <= hi {
				out = append(out, [2]rune{lo, hi})
			}
			k += 3
			continue
		}
		out = append(out, [2]rune{lo, lo})
		k++
	}
	return out
}

// classRune writes one class member; anything but a letter or digit is
// written as a code point so that `]`, `^`, `-` and `\` stay literal.
func classRune(r rune) string {
	if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
		return string(r)
	}
	return fmt.Sprintf(`\x{%x}`, r)
}
