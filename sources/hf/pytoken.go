package hf

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The Python reader below is deliberately small: it tokenizes example code
// from model cards well enough to read literal arguments. It never runs
// anything and never fails: text it does not understand becomes operator
// tokens that match nothing.

type tokKind int

const (
	tName tokKind = iota
	tNumber
	tString
	tOp
	tNewline // end of a logical line (outside brackets)
)

type token struct {
	kind tokKind
	text string // name, operator, or the source text of a number
	str  string // decoded value of a string
	num  any    // int64 or float64 for a number; nil when not a plain number
	// lit is false for f-strings and bytes: they are not literal text.
	lit bool
}

// threeOps and twoOps are the multi-character operators, longest first.
var (
	threeOps = []string{"**=", "//=", ">>=", "<<=", "..."}
	twoOps   = []string{"**", "//", "==", "!=", "<=", ">=", "->", ":=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", "<<", ">>"}
)

// tokenize splits Python source into tokens, dropping comments and
// indentation and emitting tNewline only at depth 0.
func tokenize(src string) []token {
	var toks []token
	depth := 0
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\n':
			if depth == 0 && len(toks) > 0 && toks[len(toks)-1].kind != tNewline {
				toks = append(toks, token{kind: tNewline})
			}
			i++
		case c == ' ' || c == '\t' || c == '\r' || c == '\f':
			i++
		case c == '\\' && i+1 < len(src) && src[i+1] == '\n':
			i += 2 // explicit line joining
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case isStringStart(src, i):
			tk, n := scanString(src, i)
			toks = append(toks, tk)
			i += n
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9':
			tk, n := scanNumber(src, i)
			toks = append(toks, tk)
			i += n
		case isNameStart(src, i):
			n := scanName(src, i)
			toks = append(toks, token{kind: tName, text: src[i : i+n]})
			i += n
		default:
			op := scanOp(src, i)
			depth = trackDepth(depth, op)
			toks = append(toks, token{kind: tOp, text: op})
			i += len(op)
		}
	}
	return toks
}

func trackDepth(depth int, op string) int {
	switch op {
	case "(", "[", "{":
		return depth + 1
	case ")", "]", "}":
		return max(depth-1, 0)
	}
	return depth
}

func scanOp(src string, i int) string {
	for _, set := range [][]string{threeOps, twoOps} {
		for _, op := range set {
			if strings.HasPrefix(src[i:], op) {
				return op
			}
		}
	}
	_, n := utf8.DecodeRuneInString(src[i:])
	return src[i : i+n]
}

func isNameStart(src string, i int) bool {
	r, _ := utf8.DecodeRuneInString(src[i:])
	return r == '_' || unicode.IsLetter(r)
}

func scanName(src string, i int) int {
	j := i
	for j < len(src) {
		r, n := utf8.DecodeRuneInString(src[j:])
		if r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		j += n
	}
	return j - i
}

// scanNumber reads an int, float or imaginary literal (underscores allowed).
func scanNumber(src string, i int) (token, int) {
	j := i
	if strings.HasPrefix(src[i:], "0x") || strings.HasPrefix(src[i:], "0X") ||
		strings.HasPrefix(src[i:], "0o") || strings.HasPrefix(src[i:], "0O") ||
		strings.HasPrefix(src[i:], "0b") || strings.HasPrefix(src[i:], "0B") {
		j += 2
		for j < len(src) && (isHexDigit(src[j]) || src[j] == '_') {
			j++
		}
	} else {
		j = scanDecimal(src, j)
	}
	if j < len(src) && (src[j] == 'j' || src[j] == 'J') {
		j++ // imaginary: not a plain number
		return token{kind: tNumber, text: src[i:j]}, j - i
	}
	text := src[i:j]
	return token{kind: tNumber, text: text, num: parseNumber(text)}, j - i
}

// scanDecimal reads digits, an optional fraction and an optional exponent.
func scanDecimal(src string, j int) int {
	digits := func() {
		for j < len(src) && (src[j] >= '0' && src[j] <= '9' || src[j] == '_') {
			j++
		}
	}
	digits()
	if j < len(src) && src[j] == '.' {
		j++
		digits()
	}
	if j < len(src) && (src[j] == 'e' || src[j] == 'E') {
		k := j + 1
		if k < len(src) && (src[k] == '+' || src[k] == '-') {
			k++
		}
		if k < len(src) && src[k] >= '0' && src[k] <= '9' {
			j = k
			digits()
		}
	}
	return j
}

// parseNumber converts Python number text to int64 or float64; nil when it
// does not fit.
func parseNumber(text string) any {
	lower := strings.ToLower(text)
	var v any
	var err error
	switch {
	case len(lower) > 1 && lower[0] == '0' && strings.ContainsRune("xob", rune(lower[1])):
		v, err = strconv.ParseInt(lower, 0, 64) // base 0 reads the prefix and underscores
	case !strings.ContainsAny(lower, ".e"):
		v, err = strconv.ParseInt(strings.ReplaceAll(lower, "_", ""), 10, 64)
	default:
		v, err = strconv.ParseFloat(strings.ReplaceAll(lower, "_", ""), 64)
	}
	if err != nil {
		return nil
	}
	return v
}

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
