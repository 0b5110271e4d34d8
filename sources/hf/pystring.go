package hf

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// stringPrefixLen returns the length of a string prefix (r, b, u, f and
// their two-letter mixes, any case) at src[i] when a quote follows it, or -1.
func stringPrefixLen(src string, i int) int {
	j := i
	for j < len(src) && j-i < 2 && strings.IndexByte("rRbBuUfF", src[j]) >= 0 {
		j++
	}
	if j < len(src) && (src[j] == '"' || src[j] == '\'') {
		p := strings.ToLower(src[i:j])
		if p == "" || p == "r" || p == "b" || p == "u" || p == "f" || p == "rb" || p == "br" || p == "fr" || p == "rf" {
			return j - i
		}
	}
	return -1
}

func isStringStart(src string, i int) bool {
	if i > 0 && (isNameByte(src[i-1])) {
		return false // the tail of a name such as "bf" in "buf'"
	}
	return stringPrefixLen(src, i) >= 0
}

func isNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// scanString reads one string literal starting at src[i], decoding escapes
// unless it is raw. An unterminated string runs to the end of its line (or
// of the source, for triple quotes).
func scanString(src string, i int) (token, int) {
	pl := stringPrefixLen(src, i)
	prefix := strings.ToLower(src[i : i+pl])
	j := i + pl
	q := src[j : j+1]
	if strings.HasPrefix(src[j:], q+q+q) {
		q = q + q + q
	}
	j += len(q)
	start := j
	for j < len(src) && !strings.HasPrefix(src[j:], q) {
		if src[j] == '\\' && j+1 < len(src) {
			j += 2
			continue
		}
		if src[j] == '\n' && len(q) == 1 {
			break
		}
		j++
	}
	raw := src[start:min(j, len(src))]
	if strings.HasPrefix(src[j:], q) {
		j += len(q)
	}
	tk := token{kind: tString, text: src[i:j], lit: !strings.ContainsAny(prefix, "bf")}
	if strings.Contains(prefix, "r") {
		tk.str = raw
	} else {
		tk.str = unescape(raw)
	}
	return tk, j - i
}

// unescape decodes Python's backslash escapes; unknown ones stay as written.
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		n := writeEscape(&b, s[i+1:])
		if n == 0 {
			b.WriteByte('\\')
			continue
		}
		i += n
	}
	return b.String()
}

// simpleEscapes are Python's one-letter escapes.
var simpleEscapes = map[byte]string{
	'n': "\n", 't': "\t", 'r': "\r", '\\': `\`, '\'': "'", '"': `"`,
	'a': "\a", 'b': "\b", 'f': "\f", 'v': "\v", '\n': "",
}

// writeEscape writes the escape that starts at s (just after the
// backslash) and returns how many bytes of s it used; 0 when unknown.
func writeEscape(b *strings.Builder, s string) int {
	if v, ok := simpleEscapes[s[0]]; ok {
		b.WriteString(v)
		return 1
	}
	switch s[0] {
	case 'x':
		return writeCodePoint(b, s, 2)
	case 'u':
		return writeCodePoint(b, s, 4)
	case 'U':
		return writeCodePoint(b, s, 8)
	}
	if s[0] >= '0' && s[0] <= '7' {
		n := 1
		for n < 3 && n < len(s) && s[n] >= '0' && s[n] <= '7' {
			n++
		}
		v, _ := strconv.ParseUint(s[:n], 8, 32)
		b.WriteRune(rune(v))
		return n
	}
	return 0
}

// writeCodePoint decodes \xhh, \uhhhh or \Uhhhhhhhh (digits hex digits).
func writeCodePoint(b *strings.Builder, s string, digits int) int {
	if len(s) < 1+digits {
		return 0
	}
	v, err := strconv.ParseUint(s[1:1+digits], 16, 32)
	if err != nil || !utf8.ValidRune(rune(v)) {
		return 0
	}
	b.WriteRune(rune(v))
	return 1 + digits
}
