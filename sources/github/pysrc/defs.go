package pysrc

// Assignments returns the module-level "NAME = expr" statements (the last
// one wins), so that a call argument naming a constant can be resolved.
func (f *File) Assignments() map[string]Expr { return f.assignments(false) }

// Bindings is Assignments at any indentation (inside functions and with
// blocks too): looser, for names local to a block, like Gradio's
// "inputs = [a, b]".
func (f *File) Bindings() map[string]Expr { return f.assignments(true) }

func (f *File) assignments(anyIndent bool) map[string]Expr {
	out := map[string]Expr{}
	for i := 0; i+2 < len(f.Toks); i++ {
		t := f.Toks[i]
		if t.Kind != Name || isKeyword(t.Text) || t.Col != t.Indent || (!anyIndent && t.Indent != 0) {
			continue
		}
		if i > 0 && f.Toks[i-1].Kind != Newline {
			continue
		}
		j := i + 1
		if isOpTok(f.Toks[j], ":") { // NAME: annotation = value
			for j < len(f.Toks) && f.Toks[j].Kind != Newline && !isOpTok(f.Toks[j], "=") {
				j++
			}
		}
		if j >= len(f.Toks) || !isOpTok(f.Toks[j], "=") {
			continue
		}
		p := f.parser(j + 1)
		out[t.Text] = p.expr(false)
	}
	return out
}

// Func is one "def" statement.
type Func struct {
	Name   string
	Params []Param
	Line   int
	// Indent is the def's column: 0 for module-level functions.
	Indent int
	// Decorators are the dotted names of the decorators above it.
	Decorators []string
}

// Param is one function parameter.
type Param struct {
	Name string
	// Star is "*" or "**" for *args and **kwargs.
	Star string
	// Annotation is the annotation's source text.
	Annotation string
	// Default is the default value; HasDefault tells None from absent.
	Default    Expr
	HasDefault bool
}

// Funcs returns every function definition of the file.
func (f *File) Funcs() []Func {
	var out []Func
	for i := 0; i+2 < len(f.Toks); i++ {
		if f.Toks[i].Kind != Name || f.Toks[i].Text != "def" || f.Toks[i+1].Kind != Name ||
			!isOpTok(f.Toks[i+2], "(") {
			continue
		}
		fn := Func{Name: f.Toks[i+1].Text, Line: f.Toks[i].Line, Indent: f.Toks[i].Indent}
		fn.Params = f.params(i + 3)
		fn.Decorators = f.decorators(i)
		out = append(out, fn)
	}
	return out
}

// params parses a parameter list starting after its "(".
func (f *File) params(i int) []Param {
	p := f.parser(i)
	var out []Param
	for !p.isOp(p.tok(), ")") && p.tok().Kind != EOF && p.tok().Kind != Newline {
		before := p.pos
		var prm Param
		if p.isOp(p.tok(), "*", "**") {
			prm.Star = p.tok().Text
			p.pos++
		}
		if p.tok().Kind == Name {
			prm.Name = p.tok().Text
			p.pos++
		}
		if p.isOp(p.tok(), ":") {
			p.pos++
			start := p.pos
			p.skipAnnotation()
			prm.Annotation = p.text(start, p.pos)
		}
		if p.isOp(p.tok(), "=") {
			p.pos++
			prm.Default, prm.HasDefault = p.expr(false), true
		}
		if prm.Name != "" {
			out = append(out, prm)
		}
		if !p.isOp(p.tok(), ")") {
			p.skipToEnd(false)
			if p.isOp(p.tok(), ",") {
				p.pos++
			}
		}
		if p.pos == before {
			p.pos++
		}
	}
	return out
}

// decorators reads the "@name" lines directly above the def at token i.
func (f *File) decorators(i int) []string {
	var out []string
	start := f.lineStart(i)
	for start >= 2 && f.Toks[start-1].Kind == Newline {
		prev := f.lineStart(start - 2)
		if !isOpTok(f.Toks[prev], "@") {
			break
		}
		name, _ := f.dotted(prev+1, false)
		out = append([]string{name}, out...)
		start = prev
	}
	return out
}

// lineStart returns the index of the first token of j's logical line.
func (f *File) lineStart(j int) int {
	for j > 0 && f.Toks[j-1].Kind != Newline {
		j--
	}
	return j
}

// skipAnnotation consumes a parameter annotation, stopping at "=", "," or
// ")" outside brackets.
func (p *parser) skipAnnotation() {
	for t := p.tok(); t.Kind != EOF; t = p.tok() {
		if p.isOp(t, "=", ",", ")", "]", "}") || t.Kind == Newline {
			return
		}
		if p.isOp(t, "(", "[", "{") {
			p.skipBalanced()
			continue
		}
		p.pos++
	}
}
