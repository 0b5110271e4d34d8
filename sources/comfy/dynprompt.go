package comfy

import (
	"regexp"
	"strings"
)

// comments matches the C-style comments the frontend strips from dynamic
// prompts (its regexp, /\/\*[\s\S]*?\*\/|\/\/.*/g: "//" runs to the line end).
var comments = regexp.MustCompile(`/\*[\s\S]*?\*/|//.*`)

// resolveDynamicPrompt does what the frontend does to a STRING widget with
// dynamicPrompts before queueing (step 6): strip comments and replace each
// {a|b|...} group by one option. The frontend picks at random; cogport
// picks the first option so that conversion is deterministic, and reports
// whether anything changed.
func resolveDynamicPrompt(s string) (string, bool) {
	if !strings.ContainsAny(s, "{/") {
		return s, false
	}
	text := comments.ReplaceAllString(s, "")
	var b strings.Builder
	i := 0
	for i < len(text) {
		ch := text[i]
		i++
		switch ch {
		case '\\':
			b.WriteByte(ch)
			if i < len(text) {
				b.WriteByte(text[i])
				i++
			}
		case '{':
			var opt string
			opt, i = firstOption(text, i)
			r, _ := resolveDynamicPrompt(opt)
			b.WriteString(r)
		default:
			b.WriteByte(ch)
		}
	}
	return b.String(), b.String() != s
}

// firstOption reads a {…} group starting after its brace and returns its
// first top-level option and the index after the closing brace.
func firstOption(text string, i int) (string, int) {
	var cur strings.Builder
	var first *string
	depth := 0
	for i < len(text) {
		ch := text[i]
		i++
		switch {
		case ch == '\\':
			cur.WriteByte(ch)
			if i < len(text) {
				cur.WriteByte(text[i])
				i++
			}
			continue
		case ch == '{':
			depth++
		case ch == '}' && depth == 0:
			return firstOf(first, cur.String()), i
		case ch == '}':
			depth--
		case ch == '|' && depth == 0:
			if first == nil {
				s := cur.String()
				first = &s
			}
			cur.Reset()
			continue
		}
		cur.WriteByte(ch)
	}
	return firstOf(first, cur.String()), i
}

func firstOf(first *string, last string) string {
	if first != nil {
		return *first
	}
	return last
}
