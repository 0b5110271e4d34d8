package pysrc

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// lexString lexes a string literal whose prefix starts at start and whose
// opening quote is at lx.pos.
func (lx *lexer) lexString(start, col int, prefix string) {
	q := lx.src[lx.pos]
	triple := strings.HasPrefix(lx.src[lx.pos:], strings.Repeat(string(q), 3))
	delim := string(q)
	if triple {
		delim = strings.Repeat(string(q), 3)
	}
	line := lx.line
	lx.pos += len(delim)
	bodyStart := lx.pos
	bodyEnd := -1
	for lx.pos < len(lx.src) {
		c := lx.src[lx.pos]
		if c == '\\' && lx.pos+1 < len(lx.src) {
			if lx.src[lx.pos+1] == '\n' {
				lx.pos += 2
				lx.newline()
				continue
			}
			lx.pos += 2
			continue
		}
		if c == '\n' {
			if !triple {
				break // unterminated: stop at the end of the line
			}
			lx.pos++
			lx.newline()
			continue
		}
		if strings.HasPrefix(lx.src[lx.pos:], delim) {
			bodyEnd = lx.pos
			lx.pos += len(delim)
			break
		}
		lx.pos++
	}
	if bodyEnd < 0 {
		bodyEnd = lx.pos
	}
	body := lx.src[bodyStart:bodyEnd]
	value := body
	if !strings.Contains(prefix, "r") {
		value = unescape(body)
	}
	lx.emit(Token{Kind: String, Text: lx.src[start:lx.pos], Value: value, Prefix: prefix,
		Line: line, Col: col, Off: start})
}

// unescape decodes Python's backslash escapes; unknown escapes stay as written.
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch e := s[i]; e {
		case '\n':
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '\\', '\'', '"':
			b.WriteByte(e)
		case 'x', 'u', 'U':
			n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[e]
			if r, ok := hexRune(s, i+1, n); ok {
				b.WriteRune(r)
				i += n
			} else {
				b.WriteByte('\\')
				b.WriteByte(e)
			}
		default:
			b.WriteByte('\\')
			b.WriteByte(e)
		}
	}
	return b.String()
}

func hexRune(s string, at, n int) (rune, bool) {
	if at+n > len(s) {
		return 0, false
	}
	v, err := strconv.ParseUint(s[at:at+n], 16, 32)
	if err != nil || !utf8.ValidRune(rune(v)) {
		return 0, false
	}
	return rune(v), true
}
