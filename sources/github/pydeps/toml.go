package pydeps

import (
	"fmt"
	"strconv"
	"strings"
)

// parseTOML reads the subset of TOML that pyproject.toml files use: tables,
// arrays of tables, dotted keys, strings (all four forms), numbers, booleans,
// dates (kept as strings), arrays and inline tables. cogport reads a handful
// of keys from pyproject.toml; a TOML library for that is not worth a new
// dependency, and this reader stops with a line-numbered error instead of
// guessing.
func parseTOML(src string) (map[string]any, error) {
	t := &tomlReader{src: strings.ReplaceAll(src, "\r\n", "\n"), line: 1}
	root := map[string]any{}
	cur := root
	for {
		t.skipBlank()
		if t.pos >= len(t.src) {
			return root, nil
		}
		var err error
		if t.src[t.pos] == '[' {
			cur, err = t.header(root)
		} else {
			err = t.keyValue(cur)
		}
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", t.line, err)
		}
	}
}

type tomlReader struct {
	src  string
	pos  int
	line int
}

// skipBlank skips whitespace, newlines and comments.
func (t *tomlReader) skipBlank() {
	for t.pos < len(t.src) {
		switch c := t.src[t.pos]; {
		case c == '\n':
			t.line++
			t.pos++
		case c == ' ' || c == '\t' || c == '\r':
			t.pos++
		case c == '#':
			t.skipComment()
		default:
			return
		}
	}
}

func (t *tomlReader) skipSpaces() {
	for t.pos < len(t.src) && (t.src[t.pos] == ' ' || t.src[t.pos] == '\t') {
		t.pos++
	}
}

func (t *tomlReader) skipComment() {
	for t.pos < len(t.src) && t.src[t.pos] != '\n' {
		t.pos++
	}
}

// endOfLine checks that only a comment follows a statement.
func (t *tomlReader) endOfLine() error {
	t.skipSpaces()
	if t.pos < len(t.src) && t.src[t.pos] == '#' {
		t.skipComment()
	}
	if t.pos < len(t.src) && t.src[t.pos] != '\n' && t.src[t.pos] != '\r' {
		return fmt.Errorf("unexpected %q after value", t.src[t.pos])
	}
	return nil
}

// header reads "[a.b]" or "[[a.b]]" and returns the table it opens.
func (t *tomlReader) header(root map[string]any) (map[string]any, error) {
	array := strings.HasPrefix(t.src[t.pos:], "[[")
	t.pos++
	if array {
		t.pos++
	}
	keys, err := t.keys()
	if err != nil {
		return nil, err
	}
	closing := "]"
	if array {
		closing = "]]"
	}
	t.skipSpaces()
	if !strings.HasPrefix(t.src[t.pos:], closing) {
		return nil, fmt.Errorf("table header not closed")
	}
	t.pos += len(closing)
	if err := t.endOfLine(); err != nil {
		return nil, err
	}
	parent, err := descend(root, keys[:len(keys)-1])
	if err != nil {
		return nil, err
	}
	last := keys[len(keys)-1]
	if !array {
		return descend(parent, []string{last})
	}
	list, _ := parent[last].([]any)
	table := map[string]any{}
	parent[last] = append(list, table)
	return table, nil
}

// descend walks (creating) nested tables; for an array of tables it enters
// the last element.
func descend(m map[string]any, keys []string) (map[string]any, error) {
	for _, k := range keys {
		switch v := m[k].(type) {
		case nil:
			next := map[string]any{}
			m[k] = next
			m = next
		case map[string]any:
			m = v
		case []any:
			last, ok := lastTable(v)
			if !ok {
				return nil, fmt.Errorf("key %q is not a table", k)
			}
			m = last
		default:
			return nil, fmt.Errorf("key %q is not a table", k)
		}
	}
	return m, nil
}

func lastTable(v []any) (map[string]any, bool) {
	if len(v) == 0 {
		return nil, false
	}
	m, ok := v[len(v)-1].(map[string]any)
	return m, ok
}

// keyValue reads "a.b = value" into m.
func (t *tomlReader) keyValue(m map[string]any) error {
	keys, err := t.keys()
	if err != nil {
		return err
	}
	t.skipSpaces()
	if t.pos >= len(t.src) || t.src[t.pos] != '=' {
		return fmt.Errorf("expected = after key %q", strings.Join(keys, "."))
	}
	t.pos++
	t.skipSpaces()
	v, err := t.value()
	if err != nil {
		return err
	}
	table, err := descend(m, keys[:len(keys)-1])
	if err != nil {
		return err
	}
	table[keys[len(keys)-1]] = v
	return t.endOfLine()
}

// keys reads a dotted key of bare or quoted parts.
func (t *tomlReader) keys() ([]string, error) {
	var out []string
	for {
		t.skipSpaces()
		if t.pos >= len(t.src) {
			return nil, fmt.Errorf("unexpected end of file in key")
		}
		switch c := t.src[t.pos]; {
		case c == '"' || c == '\'':
			s, err := t.str()
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		case isBareKey(c):
			start := t.pos
			for t.pos < len(t.src) && isBareKey(t.src[t.pos]) {
				t.pos++
			}
			out = append(out, t.src[start:t.pos])
		default:
			return nil, fmt.Errorf("unexpected %q in key", c)
		}
		t.skipSpaces()
		if t.pos >= len(t.src) || t.src[t.pos] != '.' {
			return out, nil
		}
		t.pos++
	}
}

func isBareKey(c byte) bool {
	return c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// value reads one value.
func (t *tomlReader) value() (any, error) {
	if t.pos >= len(t.src) {
		return nil, fmt.Errorf("missing value")
	}
	switch c := t.src[t.pos]; c {
	case '"', '\'':
		return t.str()
	case '[':
		return t.array()
	case '{':
		return t.inlineTable()
	}
	start := t.pos
	for t.pos < len(t.src) && !strings.ContainsRune(",]}#\n", rune(t.src[t.pos])) {
		t.pos++
	}
	raw := strings.TrimSpace(t.src[start:t.pos])
	return scalar(raw)
}

func scalar(raw string) (any, error) {
	switch raw {
	case "":
		return nil, fmt.Errorf("missing value")
	case "true", "false":
		return raw == "true", nil
	}
	clean := strings.ReplaceAll(raw, "_", "")
	if i, err := strconv.ParseInt(clean, 0, 64); err == nil {
		return i, nil
	}
	if f, err := strconv.ParseFloat(clean, 64); err == nil {
		return f, nil
	}
	if raw[0] >= '0' && raw[0] <= '9' { // dates and times stay strings
		return raw, nil
	}
	return nil, fmt.Errorf("cannot read value %q", raw)
}
