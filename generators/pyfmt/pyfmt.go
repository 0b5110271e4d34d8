// Package pyfmt writes Python source fragments the way black formats them, so
// that generated code passes `black --check` without running black: string
// literals with black's quote preference, literals for plain values, and the
// line-splitting rules black applies to assignments and call arguments.
package pyfmt

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// LineLength is black's default maximum line length.
const LineLength = 88

// Str returns a Python string literal for s. Like black, it prefers double
// quotes unless that would need more escapes than single quotes. Control
// characters, NUL and invalid UTF-8 are escaped, so the literal is always one
// line and can never end early: no input can inject code.
func Str(s string) string {
	quote := byte('"')
	if strings.Count(s, `"`) > strings.Count(s, "'") {
		quote = '\''
	}
	var b strings.Builder
	b.WriteByte(quote)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			fmt.Fprintf(&b, `\x%02x`, s[i])
			i++
			continue
		}
		i += size
		writeRune(&b, r, quote)
	}
	b.WriteByte(quote)
	return b.String()
}

func writeRune(b *strings.Builder, r rune, quote byte) {
	switch {
	case r == '\\':
		b.WriteString(`\\`)
	case r == rune(quote):
		b.WriteByte('\\')
		b.WriteByte(quote)
	case r == '\n':
		b.WriteString(`\n`)
	case r == '\r':
		b.WriteString(`\r`)
	case r == '\t':
		b.WriteString(`\t`)
	case r < 0x20 || r == 0x7f:
		fmt.Fprintf(b, `\x%02x`, r)
	case r >= 0x80 && r <= 0x9f, r == 0x2028, r == 0x2029, r == 0xfeff:
		// C1 controls and Unicode line separators: legal in a literal, but
		// they confuse editors and diff tools, so spell them out.
		fmt.Fprintf(b, `\u%04x`, r)
	case r >= 0xd800 && r <= 0xdfff:
		fmt.Fprintf(b, `\u%04x`, r)
	default:
		b.WriteRune(r)
	}
}

// Lit returns the Python literal for a plain Go value: nil, bool, string,
// integers, floats, and slices of those.
func Lit(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "None", nil
	case bool:
		if x {
			return "True", nil
		}
		return "False", nil
	case string:
		return Str(x), nil
	case int:
		return strconv.Itoa(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case float64:
		return Float(x)
	case []string:
		items := make([]any, len(x))
		for i, s := range x {
			items[i] = s
		}
		return Lit(items)
	case []any:
		parts := make([]string, len(x))
		for i, item := range x {
			s, err := Lit(item)
			if err != nil {
				return "", err
			}
			parts[i] = s
		}
		return "[" + strings.Join(parts, ", ") + "]", nil
	}
	return "", fmt.Errorf("no python literal for %T", v)
}

// Float returns a float literal that always reads as a float (7.0, not 7).
func Float(f float64) (string, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "", fmt.Errorf("no python literal for %v", f)
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if strings.ContainsAny(s, "e") {
		// black writes exponents in lower case, with the sign kept: 1e-05.
		return s, nil
	}
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s, nil
}

// MustLit is Lit for values a caller has already checked.
func MustLit(v any) string {
	s, err := Lit(v)
	if err != nil {
		panic(err)
	}
	return s
}

// Assign formats `name = value` at the given indent the way black does: when
// the line is too long but the value alone would fit on its own line, black
// wraps it in parentheses; otherwise it leaves the line as it is.
func Assign(indent int, name, value string) string {
	pad := strings.Repeat(" ", indent)
	line := pad + name + " = " + value
	if width(line) <= LineLength || isBracketed(value) {
		return line
	}
	if width(pad)+4+width(value) <= LineLength {
		return pad + name + " = (\n" + pad + "    " + value + "\n" + pad + ")"
	}
	return line
}

// isBracketed reports whether black would split value at its own brackets
// rather than wrap it in parentheses.
func isBracketed(value string) bool {
	return strings.HasPrefix(value, "[") || strings.HasPrefix(value, "{") || strings.HasPrefix(value, "(")
}

// Call formats `head(args...)` + tail at the given indent, where head is
// everything up to the opening bracket (`prompt: str = Input`) and tail
// follows the closing one (`,` for a parameter, ` -> None:` for a def). It
// applies black's right hand split: one line when it fits; else the
// arguments on one indented line when that fits; else one argument per line
// with a trailing comma.
func Call(indent int, head string, args []string, tail string) string {
	return split(indent, head+"(", args, ")"+tail, false)
}

// Collection formats a list or dict display (`NAME = [` ... `]`). Black
// never puts a too-long collection's items on one shared line: it explodes
// them one per line with a trailing comma.
func Collection(indent int, head, open string, items []string, close string) string {
	return split(indent, head+open, items, close, true)
}

func split(indent int, head string, items []string, tail string, explode bool) string {
	pad := strings.Repeat(" ", indent)
	one := pad + head + strings.Join(items, ", ") + tail
	if len(items) == 0 || (width(one) <= LineLength && !strings.Contains(one, "\n")) {
		return one
	}
	inner := pad + "    "
	if !explode {
		body := inner + strings.Join(items, ", ")
		if width(body) <= LineLength && !strings.Contains(body, "\n") {
			return pad + head + "\n" + body + "\n" + pad + tail
		}
	}
	var b strings.Builder
	b.WriteString(pad + head + "\n")
	for _, a := range items {
		b.WriteString(splitItem(inner, a, ",") + "\n")
	}
	b.WriteString(pad + tail)
	return b.String()
}

// splitItem formats one item of an exploded bracket, at pad, followed by
// tail. An item too long for its line that ends in a list or dict display
// (`choices=["euler", ...]`) is split as black's right hand split splits
// it: the display's own items one per line, with a trailing comma.
func splitItem(pad, item, tail string) string {
	line := pad + item + tail
	if width(line) <= LineLength {
		return line
	}
	open := lastDisplay(item)
	if open < 0 {
		return line
	}
	elems := topLevelItems(item[open+1 : len(item)-1])
	if len(elems) == 0 {
		return line
	}
	var b strings.Builder
	b.WriteString(pad + item[:open+1] + "\n")
	for _, e := range elems {
		b.WriteString(splitItem(pad+"    ", e, ",") + "\n")
	}
	b.WriteString(pad + item[len(item)-1:] + tail)
	return b.String()
}

// lastDisplay is the index of the `[` or `{` whose bracket closes s, or -1
// when s does not end with a list or dict display.
func lastDisplay(s string) int {
	var stack []int
	last := -1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\'':
			i = stringEnd(s, i)
		case '[', '{', '(':
			stack = append(stack, i)
		case ']', '}', ')':
			if len(stack) == 0 {
				return -1
			}
			last = stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if i == len(s)-1 && len(stack) == 0 && (s[last] == '[' || s[last] == '{') {
				return last
			}
		}
	}
	return -1
}

// stringEnd is the index of the quote that closes the literal opening at i.
func stringEnd(s string, i int) int {
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case q:
			return j
		}
	}
	return len(s) - 1
}

// topLevelItems splits a display's contents at its own commas.
func topLevelItems(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"', '\'':
			i = stringEnd(s, i)
		case '[', '{', '(':
			depth++
		case ']', '}', ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	if rest := strings.TrimSpace(s[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// width counts characters as black does (it measures str length).
func width(s string) int { return utf8.RuneCountInString(s) }

// Param is one parameter of a def: a plain one (`self`) or one whose
// default is a call (`prompt: str = Input(...)`), which black may split on
// its own when the def is exploded.
type Param struct {
	// Head is the parameter up to the call's opening bracket, or all of it.
	Head string
	// Args are the call's arguments; nil for a plain parameter.
	Args []string
}

func (p Param) flat() string {
	if p.Args == nil {
		return p.Head
	}
	return p.Head + "(" + strings.Join(p.Args, ", ") + ")"
}

// Def formats `def name(params) -> ret:` at indent the way black does.
func Def(indent int, name string, params []Param, ret string) string {
	return DefKeyword(indent, "def", name, params, ret)
}

// DefKeyword is Def with another keyword before the name: "async def"
// lays out like "def", six columns wider.
func DefKeyword(indent int, keyword, name string, params []Param, ret string) string {
	pad := strings.Repeat(" ", indent)
	flat := make([]string, len(params))
	for i, p := range params {
		flat[i] = p.flat()
	}
	tail := ")" + ret + ":"
	one := pad + keyword + " " + name + "(" + strings.Join(flat, ", ") + tail
	if width(one) <= LineLength {
		return one
	}
	body := pad + "    " + strings.Join(flat, ", ")
	if width(body) <= LineLength {
		return pad + keyword + " " + name + "(\n" + body + "\n" + pad + tail
	}
	var b strings.Builder
	b.WriteString(pad + keyword + " " + name + "(\n")
	for _, p := range params {
		if p.Args == nil {
			b.WriteString(pad + "    " + p.Head + ",\n")
			continue
		}
		b.WriteString(Call(indent+4, p.Head, p.Args, ",") + "\n")
	}
	b.WriteString(pad + tail)
	return b.String()
}

// Chain formats `head(args).method(margs)` + tail, such as
// `self.pipe = X.from_pretrained(dir, dtype=d).to("cuda")`. Black first
// tries to split at the last bracket (the method's) and keeps that when the
// line before it fits; otherwise it splits at head's bracket and the method
// call trails the closing one.
func Chain(indent int, head string, args []string, method string, margs []string, tail string) string {
	pad := strings.Repeat(" ", indent)
	inner := head + "(" + strings.Join(args, ", ") + ")" + method
	one := pad + inner + "(" + strings.Join(margs, ", ") + ")" + tail
	if width(one) <= LineLength {
		return one
	}
	if width(pad+inner+"(") <= LineLength {
		return split(indent, inner+"(", margs, ")"+tail, false)
	}
	return Call(indent, head, args, method+"("+strings.Join(margs, ", ")+")"+tail)
}
