package pysrc

import "strings"

// maxDepth bounds bracket nesting the parser recurses into; deeper
// expressions become Other, so hostile input cannot exhaust the stack.
const maxDepth = 64

// parser reads expressions from a token slice.
type parser struct {
	src  string
	toks []Token
	// match holds, for each opening bracket, the index of its closing one
	// (-1 when unmatched), so skipping a bracketed run is O(1).
	match []int
	pos   int
	depth int
}

// matchBrackets pairs brackets with a stack; mismatched closers are ignored.
func matchBrackets(toks []Token) []int {
	match := make([]int, len(toks))
	var stack []int
	for i, t := range toks {
		match[i] = -1
		if t.Kind != Op {
			continue
		}
		switch t.Text {
		case "(", "[", "{":
			stack = append(stack, i)
		case ")", "]", "}":
			if n := len(stack); n > 0 && closerOf(toks[stack[n-1]].Text) == t.Text {
				match[stack[n-1]] = i
				stack = stack[:n-1]
			}
		}
	}
	return match
}

func closerOf(open string) string {
	switch open {
	case "(":
		return ")"
	case "[":
		return "]"
	}
	return "}"
}

func (p *parser) tok() Token {
	if p.pos >= len(p.toks) {
		return Token{Kind: EOF, Off: len(p.src)}
	}
	return p.toks[p.pos]
}

func (p *parser) peek(n int) Token {
	if p.pos+n >= len(p.toks) {
		return Token{Kind: EOF, Off: len(p.src)}
	}
	return p.toks[p.pos+n]
}

func (p *parser) isOp(t Token, ops ...string) bool {
	if t.Kind != Op {
		return false
	}
	for _, o := range ops {
		if t.Text == o {
			return true
		}
	}
	return false
}

// text returns the source between token indexes [from, to).
func (p *parser) text(from, to int) string {
	if from >= len(p.toks) || from >= to {
		return ""
	}
	start := p.toks[from].Off
	last := p.toks[min(to, len(p.toks))-1]
	end := last.Off + len(last.Text)
	if start > end || end > len(p.src) {
		return ""
	}
	return strings.TrimSpace(p.src[start:end])
}

// atEnd reports whether the current token ends an expression inside
// brackets (or a statement).
func (p *parser) atEnd(colonEnds bool) bool {
	t := p.tok()
	if t.Kind == EOF || t.Kind == Newline {
		return true
	}
	if p.isOp(t, ",", ")", "]", "}") {
		return true
	}
	return colonEnds && p.isOp(t, ":")
}

// skipToEnd consumes tokens, balancing brackets, until an expression end.
func (p *parser) skipToEnd(colonEnds bool) {
	for {
		t := p.tok()
		if t.Kind == EOF || t.Kind == Newline {
			return
		}
		if p.atEnd(colonEnds) {
			return
		}
		if p.isOp(t, "(", "[", "{") {
			p.skipBalanced()
			continue
		}
		p.pos++
	}
}

// expr parses one expression; anything beyond a primary becomes Other.
func (p *parser) expr(colonEnds bool) Expr {
	start := p.pos
	line := p.tok().Line
	e := p.unary()
	if p.atEnd(colonEnds) && p.pos > start {
		return e
	}
	p.skipToEnd(colonEnds)
	out := Expr{Kind: Other, Text: p.text(start, p.pos), Line: line}
	if e.Kind == Str || (e.Kind == Other && e.Str != "") {
		out.Str = e.Str // keep the leading string of "..." % x or "..." + x for help texts
	}
	return out
}

func (p *parser) unary() Expr {
	t := p.tok()
	if p.isOp(t, "-", "+") && p.peek(1).Kind == Number {
		p.pos += 2
		e := literalToken(p.toks[p.pos-1])
		e.Text = p.text(p.pos-2, p.pos)
		if t.Text == "-" {
			e.Int, e.Float = -e.Int, -e.Float
		}
		return e
	}
	return p.primary()
}

func (p *parser) primary() Expr {
	start := p.pos
	t := p.tok()
	var e Expr
	switch {
	case t.Kind == String:
		e = p.strings()
	case t.Kind == Number:
		p.pos++
		e = literalToken(t)
	case t.Kind == Name && !isKeyword(t.Text):
		p.pos++
		e = literalToken(t)
	case p.isOp(t, "(", "[", "{"):
		e = p.bracketed()
	default:
		return Expr{Kind: Other, Line: t.Line}
	}
	return p.trailers(e, start)
}

// strings joins adjacent string literals; an f-string makes the result
// Other (with Str holding the raw text for use as a description).
func (p *parser) strings() Expr {
	start := p.pos
	var b strings.Builder
	formatted := false
	for p.tok().Kind == String {
		t := p.tok()
		b.WriteString(t.Value)
		formatted = formatted || strings.ContainsAny(t.Prefix, "ft")
		p.pos++
	}
	e := Expr{Kind: Str, Str: b.String(), Text: p.text(start, p.pos), Line: p.toks[start].Line}
	if formatted {
		e.Kind = Other
	}
	return e
}

// trailers reads ".name", "(args)" and "[index]" after the primary e that
// starts at token start.
func (p *parser) trailers(e Expr, start int) Expr {
	for {
		t := p.tok()
		switch {
		case p.isOp(t, ".") && p.peek(1).Kind == Name:
			p.pos += 2
			if e.Kind == Ident {
				e.Name += "." + p.toks[p.pos-1].Text
				e.Text = e.Name
			} else {
				e = Expr{Kind: Other, Text: p.text(start, p.pos), Line: e.Line}
			}
		case p.isOp(t, "("):
			e = p.call(e, start)
		case p.isOp(t, "["):
			p.skipBalanced()
			e = Expr{Kind: Other, Text: p.text(start, p.pos), Line: e.Line}
		default:
			return e
		}
	}
}

// skipBalanced consumes an opening bracket and everything up to its match
// (the rest of the file when it has none).
func (p *parser) skipBalanced() {
	if p.pos >= len(p.toks) {
		return
	}
	if m := p.match[p.pos]; m > p.pos {
		p.pos = m + 1
		return
	}
	p.pos = len(p.toks) - 1 // EOF
}

// unmatched reports whether the bracket at the current token never closes.
func (p *parser) unmatched() bool {
	return p.pos < len(p.toks) && p.match[p.pos] < 0
}

// call parses "(args)" after the callee fn, which starts at token start.
func (p *parser) call(fn Expr, start int) Expr {
	e := Expr{Kind: Call, Name: fn.Name, Line: fn.Line}
	if fn.Kind != Ident {
		e.Name = fn.Text
	}
	if p.depth >= maxDepth || p.unmatched() {
		p.skipBalanced()
		return Expr{Kind: Other, Text: p.text(start, p.pos), Line: fn.Line}
	}
	p.depth++
	defer func() { p.depth-- }()
	p.pos++ // (
	for !p.isOp(p.tok(), ")") && p.tok().Kind != EOF {
		before := p.pos
		e.Args = append(e.Args, p.arg())
		if p.isOp(p.tok(), ",") {
			p.pos++
		} else if !p.isOp(p.tok(), ")") {
			p.skipToEnd(false) // stray tokens (a generator argument, a syntax error)
		}
		if p.pos == before {
			p.pos++ // never loop without progress on malformed input
		}
	}
	if p.isOp(p.tok(), ")") {
		p.pos++
	}
	e.Text = p.text(start, p.pos)
	return e
}

func (p *parser) arg() Arg {
	t := p.tok()
	if p.isOp(t, "*", "**") {
		p.pos++
		return Arg{Star: t.Text, Value: p.expr(false)}
	}
	if t.Kind == Name && p.isOp(p.peek(1), "=") {
		p.pos += 2
		return Arg{Keyword: t.Text, Value: p.expr(false)}
	}
	return Arg{Value: p.expr(false)}
}

// bracketed parses a parenthesised expression, tuple, list, set or dict.
func (p *parser) bracketed() Expr {
	open := p.pos
	line := p.tok().Line
	if p.depth >= maxDepth || p.unmatched() {
		p.skipBalanced()
		return Expr{Kind: Other, Text: p.text(open, p.pos), Line: line}
	}
	p.depth++
	defer func() { p.depth-- }()
	closer := map[string]string{"(": ")", "[": "]", "{": "}"}[p.tok().Text]
	p.pos++
	e := Expr{Line: line}
	comma, colon := false, false
	for !p.isOp(p.tok(), closer) && p.tok().Kind != EOF {
		if p.isOp(p.tok(), ")", "]", "}") { // mismatched closer
			break
		}
		before := p.pos
		el := p.element(closer == "}", &e, &colon)
		e.Elems = append(e.Elems, el)
		if p.isOp(p.tok(), ",") {
			comma = true
			p.pos++
		} else if !p.isOp(p.tok(), closer) {
			p.skipToEnd(false)
		}
		if p.pos == before {
			p.pos++ // never loop without progress on malformed input
		}
	}
	if p.isOp(p.tok(), closer) {
		p.pos++
	}
	e.Text = p.text(open, p.pos)
	return p.classify(e, closer, comma, colon)
}

// element parses one element; in braces it also reads "key: value".
func (p *parser) element(braces bool, e *Expr, colon *bool) Expr {
	if p.isOp(p.tok(), "*", "**") {
		p.pos++
		v := p.expr(braces)
		return Expr{Kind: Other, Text: v.Text, Line: v.Line}
	}
	v := p.expr(braces)
	if braces && p.isOp(p.tok(), ":") {
		*colon = true
		p.pos++
		e.Keys = append(e.Keys, v)
		return p.expr(true)
	}
	return v
}

func (p *parser) classify(e Expr, closer string, comma, colon bool) Expr {
	switch closer {
	case "]":
		e.Kind = List
	case "}":
		e.Kind = Set
		if colon || len(e.Elems) == 0 {
			e.Kind = Dict
		}
		if colon && len(e.Keys) != len(e.Elems) {
			e.Kind, e.Keys, e.Elems = Other, nil, nil
		}
	default:
		if len(e.Elems) == 1 && !comma {
			inner := e.Elems[0]
			inner.Text = e.Text
			return inner
		}
		e.Kind = Tuple
	}
	return e
}

var keywords = map[string]bool{
	"False": false, "None": false, "True": false, // literals are fine as primaries
	"and": true, "as": true, "assert": true, "async": true, "await": true, "break": true,
	"class": true, "continue": true, "def": true, "del": true, "elif": true, "else": true,
	"except": true, "finally": true, "for": true, "from": true, "global": true, "if": true,
	"import": true, "in": true, "is": true, "lambda": true, "nonlocal": true, "not": true,
	"or": true, "pass": true, "raise": true, "return": true, "try": true, "while": true,
	"with": true, "yield": true,
}

// isKeyword reports whether s is a Python keyword other than the literals.
func isKeyword(s string) bool { return keywords[s] }

// IsKeyword reports whether s is a reserved word of Python 3 (including
// True, False and None).
func IsKeyword(s string) bool {
	_, ok := keywords[s]
	return ok
}
