package hf

import "strings"

// nonLiteral stands for an expression the reader cannot evaluate (a name, a
// call, arithmetic): it keeps the shape of lists and dicts around it.
type nonLiteral struct{}

// torchDTypes maps torch dtype attribute names to the dtype they denote.
var torchDTypes = map[string]string{
	"float16": "float16", "half": "float16", "bfloat16": "bfloat16",
	"float32": "float32", "float": "float32", "float64": "float64", "double": "float64",
	"float8_e4m3fn": "float8_e4m3fn", "float8_e5m2": "float8_e5m2",
	"int8": "int8", "uint8": "uint8", "int4": "int4", "uint4": "uint4",
}

// parseValue reads the expression at toks[i] and returns its value (string,
// int64, float64, bool, nil for None, []any, map[string]any, or nonLiteral)
// and the index just past it: a ',', a closing bracket, ':' or a newline.
func parseValue(toks []token, i int) (any, int) {
	v, j := parseAtom(toks, i)
	if j < len(toks) && !endsValue(toks[j]) {
		return nonLiteral{}, skipExpr(toks, j)
	}
	return v, j
}

// endsValue reports whether tk may follow a complete value.
func endsValue(tk token) bool {
	if tk.kind == tNewline {
		return true
	}
	return tk.kind == tOp && (tk.text == "," || tk.text == ")" || tk.text == "]" || tk.text == "}" || tk.text == ":")
}

// skipExpr advances past the rest of an expression, over nested brackets.
func skipExpr(toks []token, i int) int {
	depth := 0
	for ; i < len(toks); i++ {
		tk := toks[i]
		if tk.kind == tNewline && depth == 0 {
			return i
		}
		if tk.kind != tOp {
			continue
		}
		switch tk.text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			if depth == 0 {
				return i
			}
			depth--
		case ",", ":":
			if depth == 0 {
				return i
			}
		}
	}
	return i
}

// pastClose returns the index just past the bracket that closes the display
// the reader is inside of at toks[i].
func pastClose(toks []token, i int) int {
	depth := 0
	for ; i < len(toks); i++ {
		if toks[i].kind != tOp {
			continue
		}
		switch toks[i].text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			if depth == 0 {
				return i + 1
			}
			depth--
		}
	}
	return i
}

// parseAtom reads one primary: strings (adjacent ones joined), a signed
// number, True/False/None, a dotted name, or a bracketed display.
func parseAtom(toks []token, i int) (any, int) {
	if i >= len(toks) {
		return nonLiteral{}, i
	}
	tk := toks[i]
	switch {
	case tk.kind == tString:
		return parseStrings(toks, i)
	case tk.kind == tNumber:
		if tk.num == nil {
			return nonLiteral{}, i + 1
		}
		return tk.num, i + 1
	case tk.kind == tOp && (tk.text == "-" || tk.text == "+") && i+1 < len(toks) && toks[i+1].kind == tNumber:
		return negate(toks[i+1].num, tk.text == "-"), i + 2
	case tk.kind == tName:
		return parseName(toks, i)
	case tk.kind == tOp && (tk.text == "[" || tk.text == "("):
		return parseSeq(toks, i)
	case tk.kind == tOp && tk.text == "{":
		return parseDict(toks, i)
	}
	return nonLiteral{}, i
}

func parseStrings(toks []token, i int) (any, int) {
	var b strings.Builder
	lit := true
	for ; i < len(toks) && toks[i].kind == tString; i++ {
		b.WriteString(toks[i].str)
		lit = lit && toks[i].lit
	}
	if !lit {
		return nonLiteral{}, i
	}
	return b.String(), i
}

func negate(n any, neg bool) any {
	switch v := n.(type) {
	case int64:
		if neg {
			return -v
		}
		return v
	case float64:
		if neg {
			return -v
		}
		return v
	}
	return nonLiteral{}
}

// parseName reads True/False/None, or a dotted name: torch.<dtype> becomes
// the dtype string, anything else is not a literal.
func parseName(toks []token, i int) (any, int) {
	switch toks[i].text {
	case "True":
		return true, i + 1
	case "False":
		return false, i + 1
	case "None":
		return nil, i + 1
	}
	parts := []string{toks[i].text}
	j := i + 1
	for j+1 < len(toks) && toks[j].kind == tOp && toks[j].text == "." && toks[j+1].kind == tName {
		parts = append(parts, toks[j+1].text)
		j += 2
	}
	if len(parts) == 2 && parts[0] == "torch" {
		if dt, ok := torchDTypes[parts[1]]; ok {
			return dt, j
		}
	}
	return nonLiteral{}, j
}

// parseSeq reads a list or tuple display.
func parseSeq(toks []token, i int) (any, int) {
	closer := map[string]string{"[": "]", "(": ")"}[toks[i].text]
	out := []any{}
	j := i + 1
	for j < len(toks) && !isOp(toks[j], closer) {
		var v any
		v, j = parseValue(toks, j)
		out = append(out, v)
		if j < len(toks) && isOp(toks[j], ",") {
			j++
		} else if j >= len(toks) || !isOp(toks[j], closer) {
			return nonLiteral{}, pastClose(toks, j) // a comprehension, say
		}
	}
	if j >= len(toks) {
		return nonLiteral{}, j // unterminated
	}
	if closer == ")" && len(out) == 1 && !isOp(toks[j-1], ",") {
		return out[0], j + 1 // parenthesised expression, not a tuple
	}
	return out, j + 1
}

// parseDict reads a dict display with string keys; others are dropped.
func parseDict(toks []token, i int) (any, int) {
	out := map[string]any{}
	j := i + 1
	for j < len(toks) && !isOp(toks[j], "}") {
		k, next := parseValue(toks, j)
		if next >= len(toks) || !isOp(toks[next], ":") {
			return nonLiteral{}, pastClose(toks, next) // a set, or **spread
		}
		var v any
		v, j = parseValue(toks, next+1)
		if ks, ok := k.(string); ok {
			out[ks] = v
		}
		if j < len(toks) && isOp(toks[j], ",") {
			j++
		} else if j >= len(toks) || !isOp(toks[j], "}") {
			return nonLiteral{}, pastClose(toks, j)
		}
	}
	if j >= len(toks) {
		return nonLiteral{}, j // unterminated
	}
	return out, j + 1
}

func isOp(tk token, op string) bool { return tk.kind == tOp && tk.text == op }
