package pydeps

import (
	"fmt"
	"strconv"
	"strings"
)

// str reads a basic, literal or multi-line string.
func (t *tomlReader) str() (string, error) {
	q := t.src[t.pos]
	triple := strings.Repeat(string(q), 3)
	if strings.HasPrefix(t.src[t.pos:], triple) {
		return t.multiline(q, triple)
	}
	t.pos++
	start := t.pos
	for t.pos < len(t.src) {
		c := t.src[t.pos]
		switch {
		case c == '\n':
			return "", fmt.Errorf("unterminated string")
		case c == '\\' && q == '"':
			t.pos += 2
			continue
		case c == q:
			raw := t.src[start:t.pos]
			t.pos++
			if q == '\'' {
				return raw, nil
			}
			return unescapeTOML(raw)
		}
		t.pos++
	}
	return "", fmt.Errorf("unterminated string")
}

func (t *tomlReader) multiline(q byte, triple string) (string, error) {
	t.pos += 3
	if strings.HasPrefix(t.src[t.pos:], "\n") { // a newline right after the opener is trimmed
		t.pos++
		t.line++
	}
	start := t.pos
	for t.pos < len(t.src) {
		if t.src[t.pos] == '\\' && q == '"' {
			t.pos += 2
			continue
		}
		if strings.HasPrefix(t.src[t.pos:], triple) {
			// Up to two quotes may end the content ("""a"""" is a").
			for strings.HasPrefix(t.src[t.pos+1:], triple) {
				t.pos++
			}
			raw := t.src[start:t.pos]
			t.line += strings.Count(raw, "\n")
			t.pos += 3
			if q == '\'' {
				return raw, nil
			}
			return unescapeTOML(lineEndingBackslashes(raw))
		}
		t.pos++
	}
	return "", fmt.Errorf("unterminated multi-line string")
}

// lineEndingBackslashes removes "\" + newline + leading whitespace, TOML's
// line continuation in basic multi-line strings.
func lineEndingBackslashes(s string) string {
	for {
		i := strings.Index(s, "\\\n")
		if i < 0 || (i > 0 && s[i-1] == '\\') {
			return s
		}
		j := i + 2
		for j < len(s) && strings.ContainsRune(" \t\n", rune(s[j])) {
			j++
		}
		s = s[:i] + s[j:]
	}
}

func unescapeTOML(s string) (string, error) {
	if !strings.Contains(s, `\`) {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch c := s[i]; c {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '"', '\\':
			b.WriteByte(c)
		case 'u', 'U':
			n := 4
			if c == 'U' {
				n = 8
			}
			if i+1+n > len(s) {
				return "", fmt.Errorf("bad escape in %q", s)
			}
			v, err := strconv.ParseUint(s[i+1:i+1+n], 16, 32)
			if err != nil {
				return "", fmt.Errorf("bad escape in %q", s)
			}
			b.WriteRune(rune(v))
			i += n
		default:
			return "", fmt.Errorf("bad escape \\%c", c)
		}
	}
	return b.String(), nil
}

// array reads "[v, v, ...]", newlines and comments allowed.
func (t *tomlReader) array() ([]any, error) {
	t.pos++
	out := []any{}
	for {
		t.skipBlank()
		if t.pos >= len(t.src) {
			return nil, fmt.Errorf("unterminated array")
		}
		if t.src[t.pos] == ']' {
			t.pos++
			return out, nil
		}
		v, err := t.value()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
		t.skipBlank()
		if t.pos < len(t.src) && t.src[t.pos] == ',' {
			t.pos++
		} else if t.pos < len(t.src) && t.src[t.pos] != ']' {
			return nil, fmt.Errorf("expected , or ] in array")
		}
	}
}

// inlineTable reads "{k = v, ...}".
func (t *tomlReader) inlineTable() (map[string]any, error) {
	t.pos++
	out := map[string]any{}
	for {
		t.skipBlank()
		if t.pos >= len(t.src) {
			return nil, fmt.Errorf("unterminated inline table")
		}
		if t.src[t.pos] == '}' {
			t.pos++
			return out, nil
		}
		keys, err := t.keys()
		if err != nil {
			return nil, err
		}
		t.skipSpaces()
		if t.pos >= len(t.src) || t.src[t.pos] != '=' {
			return nil, fmt.Errorf("expected = in inline table")
		}
		t.pos++
		t.skipSpaces()
		v, err := t.value()
		if err != nil {
			return nil, err
		}
		table, err := descend(out, keys[:len(keys)-1])
		if err != nil {
			return nil, err
		}
		table[keys[len(keys)-1]] = v
		t.skipBlank()
		if t.pos < len(t.src) && t.src[t.pos] == ',' {
			t.pos++
		}
	}
}
