package comfy

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// pythonReserved are names a predict() parameter cannot take: keywords,
// soft keywords, and self.
var pythonReserved = map[string]bool{
	"false": true, "none": true, "true": true, "and": true, "as": true, "assert": true, "async": true,
	"await": true, "break": true, "class": true, "continue": true, "def": true, "del": true, "elif": true,
	"else": true, "except": true, "finally": true, "for": true, "from": true, "global": true, "if": true,
	"import": true, "in": true, "is": true, "lambda": true, "nonlocal": true, "not": true, "or": true,
	"pass": true, "raise": true, "return": true, "try": true, "while": true, "with": true, "yield": true,
	"match": true, "case": true, "type": true, "self": true, "_": true,
}

// secretName is the referee's rule: such a name must be a cog.Secret, which
// a workflow value never is.
var secretName = regexp.MustCompile(`(?i)(^|_)(token|api_?key|secret|password|passwd|credentials?)$`)

// Sanitize turns a title or name into a valid, non-reserved, lower-case
// Python identifier ("KSampler (Advanced) - BASE" → "ksampler_advanced_base").
func Sanitize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	gap := false
	for _, r := range strings.ToLower(s) {
		if r >= utf8.RuneSelf || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			gap = true // runs of anything else become one underscore
			continue
		}
		if gap && b.Len() > 0 {
			b.WriteByte('_')
		}
		b.WriteRune(r)
		gap = false
	}
	out := b.String()
	switch {
	case out == "":
		return "input"
	case out[0] >= '0' && out[0] <= '9':
		out = "input_" + out
	}
	if pythonReserved[out] {
		out += "_"
	}
	if secretName.MatchString(out) {
		out += "_value"
	}
	return out
}

// namer hands out unique names in the order it is asked.
type namer struct {
	taken map[string]bool
	next  map[string]int // next number to try per base, so numbering stays linear
}

func newNamer() *namer { return &namer{taken: map[string]bool{}, next: map[string]int{}} }

// claim takes the first free name of prefs (each sanitised), or numbers
// the first one: "image", "image_2", "image_3".
func (n *namer) claim(prefs ...string) string {
	var first string
	for _, p := range prefs {
		if p == "" {
			continue
		}
		s := Sanitize(p)
		if first == "" {
			first = s
		}
		if !n.taken[s] {
			n.taken[s] = true
			return s
		}
	}
	if first == "" {
		first = "input"
	}
	for i := max(2, n.next[first]); ; i++ {
		s := first + "_" + strconv.Itoa(i)
		if !n.taken[s] {
			n.taken[s] = true
			n.next[first] = i + 1
			return s
		}
	}
}

// qualify prefixes base with a title unless the title already says it:
// ("Load Image - Face", "image") → "load_image_face_image"; ("Negative
// Prompt", "negative_prompt") → "negative_prompt".
func qualify(title, base string) string {
	if title == "" {
		return ""
	}
	t := Sanitize(title)
	if strings.Contains(t, base) {
		return t
	}
	return t + "_" + base
}
