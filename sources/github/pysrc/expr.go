package pysrc

import (
	"math"
	"strconv"
	"strings"
)

// ExprKind is the kind of a parsed expression.
type ExprKind int

// Expression kinds. Other is anything the parser does not model (operators,
// lambdas, comprehensions, f-strings, subscripts); its Text is the source.
const (
	Other ExprKind = iota
	Str
	Int
	Float
	Bool
	None
	// Ident is a dotted name: int, argparse.FileType, args.model.
	Ident
	Call
	List
	Tuple
	Set
	Dict
)

// Expr is a parsed expression.
type Expr struct {
	Kind ExprKind
	// Text is the expression's source text.
	Text  string
	Str   string
	Int   int64
	Float float64
	Bool  bool
	// Name is the dotted name of an Ident, or a Call's callee.
	Name string
	// Elems are the elements of a List, Tuple or Set, or a Dict's values.
	Elems []Expr
	// Keys are a Dict's keys.
	Keys []Expr
	// Args are a Call's arguments.
	Args []Arg
	Line int
}

// Arg is one argument of a call.
type Arg struct {
	// Keyword is the name of a keyword argument.
	Keyword string
	// Star is "*" or "**" for unpacked arguments.
	Star  string
	Value Expr
}

// Literal returns the Go value of a literal expression: string, int64,
// float64, bool, nil (None) or []any for lists and tuples of literals. ok
// is false when e is not a literal.
func (e Expr) Literal() (v any, ok bool) {
	switch e.Kind {
	case Str:
		return e.Str, true
	case Int:
		return e.Int, true
	case Float:
		return e.Float, true
	case Bool:
		return e.Bool, true
	case None:
		return nil, true
	case List, Tuple, Set:
		out := make([]any, 0, len(e.Elems))
		for _, el := range e.Elems {
			x, ok := el.Literal()
			if !ok {
				return nil, false
			}
			out = append(out, x)
		}
		return out, true
	}
	return nil, false
}

// Keyword returns the call argument named name.
func (e Expr) Keyword(name string) (Expr, bool) {
	for _, a := range e.Args {
		if a.Keyword == name && a.Star == "" {
			return a.Value, true
		}
	}
	return Expr{}, false
}

// Positional returns the call's positional arguments (no keywords, no stars).
func (e Expr) Positional() []Expr {
	var out []Expr
	for _, a := range e.Args {
		if a.Keyword == "" && a.Star == "" {
			out = append(out, a.Value)
		}
	}
	return out
}

// HasStar reports whether the call unpacks *args or **kwargs.
func (e Expr) HasStar() bool {
	for _, a := range e.Args {
		if a.Star != "" {
			return true
		}
	}
	return false
}

// literalToken parses a single-token literal (numbers, names) into an Expr.
func literalToken(t Token) Expr {
	e := Expr{Text: t.Text, Line: t.Line}
	switch t.Kind {
	case Number:
		return parseNumber(e, t.Text)
	case Name:
		switch t.Text {
		case "True", "False":
			e.Kind, e.Bool = Bool, t.Text == "True"
		case "None":
			e.Kind = None
		default:
			e.Kind, e.Name = Ident, t.Text
		}
	}
	return e
}

func parseNumber(e Expr, text string) Expr {
	clean := strings.ReplaceAll(text, "_", "")
	lower := strings.ToLower(clean)
	if strings.HasSuffix(lower, "j") || strings.HasSuffix(lower, "l") && len(lower) > 1 &&
		!strings.HasPrefix(lower, "0x") {
		return e // complex or a Python 2 long: not modelled
	}
	if len(clean) > 1 && clean[0] == '0' && isDecimalInt(clean) && strings.Trim(clean, "0") != "" {
		return e // Python 2 octal ("0755"): not modelled
	}
	if i, err := strconv.ParseInt(clean, 0, 64); err == nil {
		e.Kind, e.Int = Int, i
		return e
	}
	if isDecimalInt(clean) { // too large for int64
		return e
	}
	if f, err := strconv.ParseFloat(clean, 64); err == nil && !math.IsInf(f, 0) &&
		!strings.HasPrefix(lower, "0x") {
		e.Kind, e.Float = Float, f
	}
	return e
}

func isDecimalInt(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}
