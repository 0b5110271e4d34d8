package pysrc

import "strings"

// File is a tokenized Python file.
type File struct {
	Src   string
	Toks  []Token
	match []int
}

// Parse tokenizes src.
func Parse(src []byte) *File {
	toks := Tokenize(src)
	return &File{Src: string(src), Toks: toks, match: matchBrackets(toks)}
}

func (f *File) parser(pos int) *parser {
	return &parser{src: f.Src, toks: f.Toks, match: f.match, pos: pos}
}

// CallSite is one call found in a file.
type CallSite struct {
	// Call is the parsed call (Kind Call). Call.Name is the dotted callee
	// ("parser.add_argument"); a method called on an expression's result
	// ("gr.Button(...).click") is named by its last part with a leading dot
	// (".click").
	Call Expr
	// Target is the name the result is assigned to ("x = f()") or bound by
	// "with f() as x"; empty otherwise.
	Target string
	// Decorator is true for "@f(...)".
	Decorator bool
	Line      int
}

// Calls returns every call whose callee matches, nested calls included, in
// source order. match receives the dotted callee name.
func (f *File) Calls(match func(name string) bool) []CallSite {
	var out []CallSite
	for i := 0; i < len(f.Toks); i++ {
		name, end, ok := f.calleeAt(i)
		if !ok || !match(name) {
			continue
		}
		if f.match[end] < 0 {
			continue // an unterminated call: a syntax error, nothing to read
		}
		p := f.parser(end)
		fn := Expr{Kind: Ident, Name: name, Text: name, Line: f.Toks[i].Line}
		call := p.call(fn, i)
		out = append(out, CallSite{
			Call:      call,
			Target:    f.target(i, p.pos),
			Decorator: i > 0 && f.Toks[i-1].Kind == Op && f.Toks[i-1].Text == "@",
			Line:      f.Toks[i].Line,
		})
	}
	return out
}

// calleeAt reads a dotted name starting at token i and followed by "(".
// It returns the name and the index of the "(".
func (f *File) calleeAt(i int) (string, int, bool) {
	t := f.Toks[i]
	if t.Kind != Name || isKeyword(t.Text) {
		return "", 0, false
	}
	prefix := ""
	if i > 0 && isOpTok(f.Toks[i-1], ".") {
		if i < 2 || !isOpTok(f.Toks[i-2], ")", "]") {
			return "", 0, false // the middle of a dotted name: found from its start
		}
		prefix = "."
	}
	if i > 0 && f.Toks[i-1].Kind == Name && (f.Toks[i-1].Text == "def" || f.Toks[i-1].Text == "class") {
		return "", 0, false
	}
	parts := []string{t.Text}
	j := i + 1
	for j+1 < len(f.Toks) && isOpTok(f.Toks[j], ".") && f.Toks[j+1].Kind == Name {
		parts = append(parts, f.Toks[j+1].Text)
		j += 2
	}
	if j >= len(f.Toks) || !isOpTok(f.Toks[j], "(") {
		return "", 0, false
	}
	return prefix + strings.Join(parts, "."), j, true
}

// target finds "NAME = <call at i>" or "with <call> as NAME".
func (f *File) target(i, end int) string {
	if end < len(f.Toks)-1 && f.Toks[end].Kind == Name && f.Toks[end].Text == "as" &&
		f.Toks[end+1].Kind == Name {
		return f.Toks[end+1].Text
	}
	if i < 2 || !isOpTok(f.Toks[i-1], "=") {
		return ""
	}
	j := i - 2
	for j >= 2 && isOpTok(f.Toks[j-1], ".") && f.Toks[j-2].Kind == Name {
		j -= 2
	}
	if f.Toks[j].Kind != Name {
		return ""
	}
	if j > 0 && f.Toks[j-1].Kind != Newline {
		return ""
	}
	return f.text(j, i-1)
}

func (f *File) text(from, to int) string {
	return f.parser(0).text(from, to)
}

func isOpTok(t Token, ops ...string) bool {
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

// Import is one imported module or name.
type Import struct {
	// Module is the dotted module ("torch.nn", "gradio"); relative imports
	// keep their leading dots.
	Module string
	// Name is the imported name for "from m import name"; empty for "import m".
	Name string
	// Alias is the bound name ("gr" for "import gradio as gr").
	Alias string
	Line  int
}

// Imports returns the file's import statements, at any indentation.
func (f *File) Imports() []Import {
	var out []Import
	for i, t := range f.Toks {
		if t.Kind != Name || (i > 0 && f.Toks[i-1].Kind != Newline && !isOpTok(f.Toks[i-1], ":", ";")) {
			continue
		}
		switch t.Text {
		case "import":
			out = append(out, f.importNames(i+1, "")...)
		case "from":
			mod, j := f.dotted(i+1, true)
			if mod == "" || j >= len(f.Toks) || f.Toks[j].Text != "import" {
				continue
			}
			out = append(out, f.importNames(j+1, mod)...)
		}
	}
	return out
}

// importNames reads "a.b as c, d" (or, after "from m import", names).
func (f *File) importNames(i int, from string) []Import {
	var out []Import
	for i < len(f.Toks) && isOpTok(f.Toks[i], "(") {
		i++
	}
	for i < len(f.Toks) {
		name, j := f.dotted(i, false)
		if name == "" {
			break
		}
		imp := Import{Module: name, Alias: name, Line: f.Toks[i].Line}
		if from != "" {
			imp = Import{Module: from, Name: name, Alias: name, Line: f.Toks[i].Line}
		}
		if j+1 < len(f.Toks) && f.Toks[j].Text == "as" && f.Toks[j+1].Kind == Name {
			imp.Alias = f.Toks[j+1].Text
			j += 2
		} else if from == "" {
			imp.Alias = strings.Split(name, ".")[0]
		}
		out = append(out, imp)
		if j >= len(f.Toks) || !isOpTok(f.Toks[j], ",") {
			break
		}
		i = j + 1
	}
	return out
}

// dotted reads a dotted name at i (with leading dots when relative is true).
func (f *File) dotted(i int, relative bool) (string, int) {
	var b strings.Builder
	for relative && i < len(f.Toks) && isOpTok(f.Toks[i], ".", "...") {
		b.WriteString(f.Toks[i].Text)
		i++
	}
	for i < len(f.Toks) && (f.Toks[i].Kind == Name && f.Toks[i].Text != "import" || isOpTok(f.Toks[i], "*")) {
		b.WriteString(f.Toks[i].Text)
		i++
		if i+1 < len(f.Toks) && isOpTok(f.Toks[i], ".") && f.Toks[i+1].Kind == Name {
			b.WriteByte('.')
			i++
			continue
		}
		break
	}
	return b.String(), i
}
