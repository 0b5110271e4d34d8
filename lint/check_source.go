package lint

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

var (
	rulePythonSyntax    = Rule{"python-syntax", Error, "the predictor or trainer file has a syntax error"}
	ruleBoundNotLiteral = Rule{"input-bound-not-literal", Error,
		"ge/le/min_length/max_length given as a name or expression: cog v0.22 silently drops the bound"}
	ruleDefaultGetenv = Rule{"input-default-getenv", Error,
		"Input(default=os.getenv(…)): cog drops the default and the input becomes required"}
	ruleOutputBytes       = Rule{"output-bytes", Error, "a file returned as bytes or BytesIO instead of a cog.Path"}
	ruleOptionalPathUnion = Rule{"optional-path-union", Warning,
		"Path | None instead of Optional[Path] (cog#2206)"}
	ruleHeavyPredict = Rule{"heavy-work-in-predict", Warning,
		"weights loaded or downloaded inside predict() (from_pretrained, torch.load, pipeline(, snapshot_download …) instead of setup()"}
)

func sourceCheck() Check {
	return Check{
		ID:    "python-source",
		Rules: []Rule{rulePythonSyntax, ruleBoundNotLiteral, ruleDefaultGetenv, ruleOutputBytes, ruleOptionalPathUnion, ruleHeavyPredict},
		Run:   checkSource,
	}
}

func checkSource(p *Package) []Finding {
	var out []Finding
	seen := map[string]bool{}
	for _, e := range []*Entry{p.Predict, p.Train} {
		if e == nil || e.Source == nil {
			continue
		}
		if f := e.Source; !seen[f.Path] {
			seen[f.Path] = true
			if line, bad := f.syntaxError(); bad {
				out = append(out, rulePythonSyntax.at(f.Path, line, "fix the syntax", "%s does not parse as Python", f.Path))
			}
			out = append(out, checkInputCalls(f)...)
		}
		if fn := e.function(); fn != nil {
			out = append(out, checkSignature(e, fn)...)
			if e.Key != "train" {
				out = append(out, checkHeavyWork(e.Source, fn)...)
			}
		}
	}
	return out
}

// boundArgs are the Input() arguments cog reads with strconv.ParseFloat on
// the source text, dropping them when that fails.
var boundArgs = map[string]bool{"ge": true, "le": true, "min_length": true, "max_length": true}

// checkInputCalls looks at every Input(...) in the file: in signatures,
// class attributes and helper methods alike.
func checkInputCalls(f *PyFile) []Finding {
	consts := f.moduleAssignments()
	var out []Finding
	for _, call := range calls(f.root) {
		if !f.isInput(call) {
			continue
		}
		for _, kw := range f.kwargs(call) {
			text := strings.TrimSpace(f.text(kw.Value))
			switch {
			case boundArgs[kw.Name]:
				if _, err := strconv.ParseFloat(text, 64); err == nil {
					continue
				}
				fix := fmt.Sprintf("write the number itself: %s=<literal>", kw.Name)
				if v, ok := f.fold(kw.Value, consts, 0); ok {
					fix = fmt.Sprintf("write %s=%s", kw.Name, literal(v))
				}
				out = append(out, ruleBoundNotLiteral.at(f.Path, f.line(kw.Value), fix,
					"%s=%s is not a number literal: cog's schema generator drops the bound without a word", kw.Name, text))
			case kw.Name == "default" && readsEnv(f, kw.Value):
				out = append(out, ruleDefaultGetenv.at(f.Path, f.line(kw.Value),
					"give a literal default; read the environment inside predict() when the input is empty",
					"default=%s is not a literal: cog drops it and the input becomes required", text))
			}
		}
	}
	return out
}

// moduleAssignments maps module-level NAME = <expression> to the
// expression, to work out what le=NAME meant.
func (f *PyFile) moduleAssignments() map[string]*pyNode {
	out := map[string]*pyNode{}
	for _, stmt := range namedChildren(f.root) {
		if stmt.Type() != "expression_statement" || stmt.NamedChildCount() != 1 {
			continue
		}
		a := stmt.NamedChild(0)
		left, right := a.ChildByFieldName("left"), a.ChildByFieldName("right")
		if a.Type() == "assignment" && left != nil && right != nil && left.Type() == "identifier" {
			out[f.text(left)] = right
		}
	}
	return out
}

// fold evaluates a numeric expression made of literals, module constants,
// parentheses and + - * / // % **, as Python would, so the fix for
// le=2**32 - 1 can say le=4294967295.
func (f *PyFile) fold(n *pyNode, consts map[string]*pyNode, depth int) (float64, bool) {
	if n == nil || depth > 20 {
		return 0, false
	}
	switch n.Type() {
	case "integer", "float":
		v, err := strconv.ParseFloat(strings.ReplaceAll(f.text(n), "_", ""), 64)
		if err != nil {
			i, err := strconv.ParseInt(strings.ReplaceAll(f.text(n), "_", ""), 0, 64)
			return float64(i), err == nil
		}
		return v, true
	case "identifier":
		return f.fold(consts[f.text(n)], consts, depth+1)
	case "parenthesized_expression":
		return f.fold(n.NamedChild(0), consts, depth+1)
	case "unary_operator":
		v, ok := f.fold(n.ChildByFieldName("argument"), consts, depth+1)
		if op := n.ChildByFieldName("operator"); ok && op != nil && f.text(op) == "-" {
			v = -v
		}
		return v, ok
	case "binary_operator":
		a, aok := f.fold(n.ChildByFieldName("left"), consts, depth+1)
		b, bok := f.fold(n.ChildByFieldName("right"), consts, depth+1)
		op := n.ChildByFieldName("operator")
		if !aok || !bok || op == nil {
			return 0, false
		}
		return arith(f.text(op), a, b)
	}
	return 0, false
}

func arith(op string, a, b float64) (float64, bool) {
	switch op {
	case "+":
		return a + b, true
	case "-":
		return a - b, true
	case "*":
		return a * b, true
	case "**":
		return math.Pow(a, b), true
	case "/", "//", "%":
		if b == 0 {
			return 0, false
		}
		switch op {
		case "/":
			return a / b, true
		case "//":
			return math.Floor(a / b), true
		}
		return a - b*math.Floor(a/b), true
	}
	return 0, false
}

// literal writes a folded value the way it should appear in the source.
func literal(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

var envCallees = map[string]bool{"os.getenv": true, "getenv": true, "os.environ.get": true, "environ.get": true}

// readsEnv reports whether an expression reads the process environment.
func readsEnv(f *PyFile, n *pyNode) bool {
	found := false
	walk(n, func(c *pyNode) bool {
		switch c.Type() {
		case "call":
			found = found || envCallees[f.callee(c)]
		case "subscript":
			if v := c.ChildByFieldName("value"); v != nil {
				t := f.text(v)
				found = found || t == "os.environ" || t == "environ"
			}
		}
		return !found
	})
	return found
}

var (
	bytesType    = regexp.MustCompile(`\b(bytes|bytearray|BytesIO)\b`)
	noneInUnion  = regexp.MustCompile(`(^|\|)None(\||$)`)
	pathType     = regexp.MustCompile(`\b(Path|File)\b`)
	bytesReturns = regexp.MustCompile(`^(io\.)?BytesIO\(|\.getvalue\(\)$`)
)

// checkSignature looks at the parameters and the output of the entry
// function.
func checkSignature(e *Entry, fn *pyNode) []Finding {
	f := e.Source
	var out []Finding
	for _, prm := range f.params(fn) {
		if prm.Type == nil {
			continue
		}
		if t := squash(f.text(prm.Type)); noneInUnion.MatchString(t) && pathType.MatchString(t) {
			out = append(out, ruleOptionalPathUnion.at(f.Path, prm.Line,
				fmt.Sprintf("annotate it Optional[%s] (from typing import Optional)", strings.Trim(noneInUnion.ReplaceAllString(t, "|"), "|")),
				"input %q is annotated %s", prm.Name, t))
		}
	}
	fix := "write the file under tempfile.mkdtemp() and return cog.Path(path)"
	if rt := fn.ChildByFieldName("return_type"); rt != nil && bytesType.MatchString(f.text(rt)) {
		return append(out, ruleOutputBytes.at(f.Path, f.line(rt), fix,
			"%s() returns %s: Replicate serves files as Paths, bytes arrive as a JSON blob", f.name(fn), squash(f.text(rt))))
	}
	for _, ret := range returns(fn) {
		if ret.NamedChildCount() == 0 {
			continue
		}
		if t := squash(f.text(ret.NamedChild(0))); bytesReturns.MatchString(t) {
			return append(out, ruleOutputBytes.at(f.Path, f.line(ret), fix,
				"%s() returns %s, in-memory bytes instead of a file", f.name(fn), t))
		}
	}
	return out
}

// heavyCall matches what loads or downloads weights: it belongs in setup(),
// which runs once per container, not in predict(), which runs per request.
var heavyCall = regexp.MustCompile(`(^|\.)(from_pretrained|from_single_file|snapshot_download|hf_hub_download)$|^(torch\.load|pipeline|transformers\.pipeline)$`)

func checkHeavyWork(f *PyFile, fn *pyNode) []Finding {
	var out []Finding
	body := fn.ChildByFieldName("body")
	for _, c := range calls(body) {
		name := squash(f.callee(c))
		if heavyCall.MatchString(name) && !f.lazyLoad(c, body) {
			out = append(out, ruleHeavyPredict.at(f.Path, f.line(c),
				"load it once in setup() and keep it on self; a deliberate lazy load should cache on self and run only once",
				"%s() calls %s(): every prediction pays for loading the weights", f.name(fn), name))
		}
	}
	return out
}

// lazyLoad reports whether a call sits under an if that tests state on
// self ("if self.pipe is None:", "if url not in self.loras:"): a load on
// first use, which DESIGN.md §1.4 allows for gated weights and LoRA caches.
func (f *PyFile) lazyLoad(call, body *pyNode) bool {
	for n := call.Parent(); n != nil && !n.Equal(body); n = n.Parent() {
		if n.Type() != "if_statement" {
			continue
		}
		if cond := n.ChildByFieldName("condition"); cond != nil && strings.Contains(f.text(cond), "self.") {
			return true
		}
	}
	return false
}
