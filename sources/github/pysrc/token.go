// Package pysrc reads Python source statically: a small tokenizer, a parser
// for call expressions with literal arguments, and helpers that find calls,
// imports, assignments and function signatures.
//
// It is deliberately not a Python parser. cogport only needs the arguments of
// calls like parser.add_argument(...) or gr.Slider(...), and a tokenizer of
// our own is pure Go (no cgo, unlike tree-sitter), tolerant of Python 2 and
// of syntax errors, and easy to fuzz. Everything it cannot read comes back as
// an Other expression with its source text, never as a panic.
package pysrc

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is a token's kind.
type Kind int

// Token kinds.
const (
	Name Kind = iota
	Number
	String
	Op
	// Newline ends a logical line (brackets and backslashes join lines).
	Newline
	EOF
)

// Token is one lexical token.
type Token struct {
	Kind Kind
	// Text is the token as written (a string with its prefix and quotes).
	Text string
	// Value is a string literal's decoded value.
	Value string
	// Prefix holds a string's lowercased prefix letters ("", "r", "f", "rb").
	Prefix string
	Line   int
	// Col is the byte column on its line, from 0; Indent is the column of the
	// first token of its logical line.
	Col    int
	Indent int
	// Off is the byte offset of the token in the source.
	Off int
}

// threeCharOps and twoCharOps are Python's multi-character operators.
var threeCharOps = []string{"**=", "//=", ">>=", "<<=", "..."}
var twoCharOps = []string{"**", "//", "<<", ">>", "<=", ">=", "==", "!=", "->", ":=",
	"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@="}

// Tokenize splits src into tokens. It never fails: an unterminated string
// runs to the end of its line (or of the file when triple-quoted) and an
// unknown byte becomes a one-byte Op.
func Tokenize(src []byte) []Token {
	lx := lexer{src: string(src), line: 1, indent: -1, toks: make([]Token, 0, len(src)/4+1)}
	for lx.next() {
	}
	lx.emit(Token{Kind: EOF, Line: lx.line, Off: len(lx.src)})
	return lx.toks
}

type lexer struct {
	src    string
	pos    int
	line   int
	lineAt int // offset of the current line's first byte
	depth  int // bracket depth
	indent int // indent of the current logical line, -1 before its first token
	toks   []Token
}

func (lx *lexer) emit(t Token) {
	if t.Kind != Newline && t.Kind != EOF {
		if lx.indent < 0 {
			lx.indent = t.Col
		}
		t.Indent = lx.indent
	}
	lx.toks = append(lx.toks, t)
}

func (lx *lexer) newline() {
	lx.line++
	lx.lineAt = lx.pos
}

// next lexes one token (or skips blanks); it reports false at the end.
func (lx *lexer) next() bool {
	if lx.pos >= len(lx.src) {
		lx.endLogicalLine()
		return false
	}
	c := lx.src[lx.pos]
	start := lx.pos
	col := start - lx.lineAt
	switch {
	case c == '\n':
		lx.pos++
		lx.newline()
		if lx.depth == 0 {
			lx.endLogicalLine()
		}
	case c == ' ' || c == '\t' || c == '\r' || c == '\f':
		lx.pos++
	case c == '#':
		for lx.pos < len(lx.src) && lx.src[lx.pos] != '\n' {
			lx.pos++
		}
	case c == '\\' && lx.pos+1 < len(lx.src) && (lx.src[lx.pos+1] == '\n' || lx.src[lx.pos+1] == '\r'):
		lx.pos++
		if lx.src[lx.pos] == '\r' {
			lx.pos++
		}
		if lx.pos < len(lx.src) && lx.src[lx.pos] == '\n' {
			lx.pos++
		}
		lx.newline()
	case c == '"' || c == '\'':
		lx.lexString(start, col, "")
	case isDigit(c) || (c == '.' && lx.pos+1 < len(lx.src) && isDigit(lx.src[lx.pos+1])):
		lx.lexNumber(start, col)
	case isNameStart(lx.src[lx.pos:]):
		lx.lexName(start, col)
	default:
		lx.lexOp(start, col)
	}
	return true
}

func (lx *lexer) endLogicalLine() {
	if n := len(lx.toks); n > 0 && lx.toks[n-1].Kind != Newline {
		lx.toks = append(lx.toks, Token{Kind: Newline, Line: lx.line, Off: lx.pos})
	}
	lx.indent = -1
}

func (lx *lexer) lexName(start, col int) {
	for lx.pos < len(lx.src) {
		r, n := utf8.DecodeRuneInString(lx.src[lx.pos:])
		if r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		lx.pos += n
	}
	text := lx.src[start:lx.pos]
	if isStringPrefix(text) && lx.pos < len(lx.src) && (lx.src[lx.pos] == '"' || lx.src[lx.pos] == '\'') {
		lx.lexString(start, col, strings.ToLower(text))
		return
	}
	lx.emit(Token{Kind: Name, Text: text, Line: lx.line, Col: col, Off: start})
}

func isStringPrefix(s string) bool {
	switch strings.ToLower(s) {
	case "r", "u", "b", "f", "br", "rb", "fr", "rf", "t", "tr", "rt":
		return true
	}
	return false
}

func (lx *lexer) lexNumber(start, col int) {
	for lx.pos < len(lx.src) {
		c := lx.src[lx.pos]
		switch {
		case isDigit(c) || c == '_' || c == '.' || isLetter(c):
			lx.pos++
		case (c == '+' || c == '-') && (lx.src[lx.pos-1] == 'e' || lx.src[lx.pos-1] == 'E') &&
			!strings.HasPrefix(strings.ToLower(lx.src[start:lx.pos]), "0x"):
			lx.pos++
		default:
			lx.emit(Token{Kind: Number, Text: lx.src[start:lx.pos], Line: lx.line, Col: col, Off: start})
			return
		}
	}
	lx.emit(Token{Kind: Number, Text: lx.src[start:lx.pos], Line: lx.line, Col: col, Off: start})
}

func (lx *lexer) lexOp(start, col int) {
	rest := lx.src[lx.pos:]
	n := 1
	// Every multi-character operator has one of these as its second byte.
	multi := len(rest) > 1 && strings.IndexByte("=*/<>.", rest[1]) >= 0
	for _, set := range [][]string{threeCharOps, twoCharOps} {
		if !multi {
			break
		}
		for _, op := range set {
			if strings.HasPrefix(rest, op) {
				n = len(op)
				break
			}
		}
		if n > 1 {
			break
		}
	}
	if n == 1 {
		if _, size := utf8.DecodeRuneInString(rest); size > 1 {
			n = size
		}
	}
	text := rest[:n]
	switch text {
	case "(", "[", "{":
		lx.depth++
	case ")", "]", "}":
		if lx.depth > 0 {
			lx.depth--
		}
	}
	lx.pos += n
	lx.emit(Token{Kind: Op, Text: text, Line: lx.line, Col: col, Off: start})
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isNameStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r == '_' || unicode.IsLetter(r)
}
