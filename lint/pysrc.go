package lint

import (
	"context"
	"regexp"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"
	tspython "github.com/smacker/go-tree-sitter/python"
)

// The source checks read Python through tree-sitter, the parser cog's own
// schema generator is built on (so it is linked in already, cgo and all).
// A line scan would be fooled by signatures spread over many lines, by
// strings and comments that mention "predict" or "from_pretrained", and it
// could not tell a call inside predict() from one inside setup(); the
// syntax tree answers those exactly and keeps line numbers.

// pyNode is a node of a Python syntax tree.
type pyNode = sitter.Node

// PyFile is a Python file and its syntax tree.
type PyFile struct {
	// Path is relative to the package directory.
	Path string
	Src  []byte
	root *sitter.Node
	// inputNames are the local names of cog.Input ("Input", an alias).
	inputNames map[string]bool
}

// parsePython parses src; a file with syntax errors still has a tree, with
// ERROR nodes where the parser gave up.
func parsePython(path string, src []byte) *PyFile {
	p := sitter.NewParser()
	defer p.Close()
	p.SetLanguage(tspython.GetLanguage())
	tree, err := p.ParseCtx(context.Background(), nil, src)
	if err != nil {
		return nil
	}
	f := &PyFile{Path: path, Src: src, root: tree.RootNode()}
	f.inputNames = f.cogInputNames()
	return f
}

var inputAlias = regexp.MustCompile(`\bInput\s+as\s+(\w+)`)

// cogInputNames finds what cog's Input is called in this file.
func (f *PyFile) cogInputNames() map[string]bool {
	names := map[string]bool{"Input": true, "cog.Input": true}
	for _, n := range namedChildren(f.root) {
		if n.Type() != "import_from_statement" {
			continue
		}
		if m := inputAlias.FindStringSubmatch(f.text(n)); m != nil {
			names[m[1]] = true
		}
	}
	return names
}

func (f *PyFile) text(n *sitter.Node) string { return n.Content(f.Src) }

func (f *PyFile) line(n *sitter.Node) int { return int(n.StartPoint().Row) + 1 }

// syntaxError returns the line of the first place the parser could not
// make sense of: an ERROR node or a token it had to invent.
func (f *PyFile) syntaxError() (int, bool) {
	n := f.root
	if !n.HasError() {
		return 0, false
	}
	for !n.IsError() && !n.IsMissing() {
		next := (*sitter.Node)(nil)
		for i := 0; i < int(n.ChildCount()); i++ {
			if c := n.Child(i); c.HasError() || c.IsMissing() {
				next = c
				break
			}
		}
		if next == nil {
			break
		}
		n = next
	}
	return f.line(n), true
}

// definition returns the top-level class or function called name.
func (f *PyFile) definition(name string) *sitter.Node {
	for _, n := range namedChildren(f.root) {
		n = undecorate(n)
		if t := n.Type(); t == "class_definition" || t == "function_definition" {
			if f.name(n) == name {
				return n
			}
		}
	}
	return nil
}

// methods returns the functions defined directly in a class body, by name.
func (f *PyFile) methods(class *sitter.Node) map[string]*sitter.Node {
	out := map[string]*sitter.Node{}
	body := class.ChildByFieldName("body")
	if body == nil {
		return out
	}
	for _, n := range namedChildren(body) {
		if n = undecorate(n); n.Type() == "function_definition" {
			out[f.name(n)] = n
		}
	}
	return out
}

// target finds the function an entry point runs: a method of the class
// symbol (the first of methods it defines) or a top-level function.
func (f *PyFile) target(symbol string, methods ...string) *sitter.Node {
	def := f.definition(symbol)
	if def == nil {
		return nil
	}
	if def.Type() == "function_definition" {
		return def
	}
	ms := f.methods(def)
	for _, m := range methods {
		if fn := ms[m]; fn != nil {
			return fn
		}
	}
	return nil
}

func (f *PyFile) name(def *sitter.Node) string {
	if n := def.ChildByFieldName("name"); n != nil {
		return f.text(n)
	}
	return ""
}

// param is one parameter of a function.
type param struct {
	Name          string
	Line          int
	Type, Default *sitter.Node // nil when absent
}

// params lists a function's parameters except self and cls.
func (f *PyFile) params(fn *sitter.Node) []param {
	list := fn.ChildByFieldName("parameters")
	if list == nil {
		return nil
	}
	var out []param
	for _, n := range namedChildren(list) {
		p := param{Line: f.line(n), Type: n.ChildByFieldName("type"), Default: n.ChildByFieldName("value")}
		switch n.Type() {
		case "identifier":
			p.Name = f.text(n)
		case "typed_parameter":
			if id := firstOfType(n, "identifier"); id != nil {
				p.Name = f.text(id)
			}
		case "default_parameter", "typed_default_parameter":
			if id := n.ChildByFieldName("name"); id != nil {
				p.Name = f.text(id)
			}
		}
		if p.Name != "" && p.Name != "self" && p.Name != "cls" {
			out = append(out, p)
		}
	}
	return out
}

// calls returns every call expression under n, in source order.
func calls(n *sitter.Node) []*sitter.Node {
	var out []*sitter.Node
	walk(n, func(c *sitter.Node) bool {
		if c.Type() == "call" {
			out = append(out, c)
		}
		return true
	})
	return out
}

// callee returns the text of what a call calls: "torch.load", "Input".
func (f *PyFile) callee(call *sitter.Node) string {
	if fn := call.ChildByFieldName("function"); fn != nil {
		return f.text(fn)
	}
	return ""
}

// isInput reports whether call is cog's Input(...).
func (f *PyFile) isInput(call *sitter.Node) bool {
	return call.Type() == "call" && f.inputNames[f.callee(call)]
}

// kwarg is one keyword argument of a call.
type kwarg struct {
	Name  string
	Value *sitter.Node
}

func (f *PyFile) kwargs(call *sitter.Node) []kwarg {
	args := call.ChildByFieldName("arguments")
	if args == nil {
		return nil
	}
	var out []kwarg
	for _, a := range namedChildren(args) {
		if a.Type() != "keyword_argument" {
			continue
		}
		k, v := a.ChildByFieldName("name"), a.ChildByFieldName("value")
		if k != nil && v != nil {
			out = append(out, kwarg{Name: f.text(k), Value: v})
		}
	}
	return out
}

// returns lists the return statements of a function, leaving out those of
// functions nested in it.
func returns(fn *sitter.Node) []*sitter.Node {
	var out []*sitter.Node
	body := fn.ChildByFieldName("body")
	walk(body, func(n *sitter.Node) bool {
		switch n.Type() {
		case "return_statement":
			out = append(out, n)
		case "function_definition", "lambda", "class_definition":
			return false
		}
		return true
	})
	return out
}

// walk visits n and its named descendants depth first; visit returns false
// to skip a node's children.
func walk(n *sitter.Node, visit func(*sitter.Node) bool) {
	if n == nil || !visit(n) {
		return
	}
	for _, c := range namedChildren(n) {
		walk(c, visit)
	}
}

func namedChildren(n *sitter.Node) []*sitter.Node {
	if n == nil {
		return nil
	}
	out := make([]*sitter.Node, 0, n.NamedChildCount())
	for i := 0; i < int(n.NamedChildCount()); i++ {
		out = append(out, n.NamedChild(i))
	}
	return out
}

func firstOfType(n *sitter.Node, typ string) *sitter.Node {
	for _, c := range namedChildren(n) {
		if c.Type() == typ {
			return c
		}
	}
	return nil
}

// undecorate returns the definition inside a decorated_definition.
func undecorate(n *sitter.Node) *sitter.Node {
	if n.Type() == "decorated_definition" {
		if d := n.ChildByFieldName("definition"); d != nil {
			return d
		}
	}
	return n
}

// squash removes all whitespace, to compare annotations as written.
func squash(s string) string {
	return strings.Join(strings.Fields(s), "")
}
