package pysrc

import (
	"reflect"
	"strings"
	"testing"
)

func TestTokenizeStringsAndLines(t *testing.T) {
	src := "x = r'a\\n' + b\"q\" \\\n  + '''multi\nline'''\ny = f\"{x}\" # comment\nz = (1,\n 2)\n"
	toks := Tokenize([]byte(src))
	var got []string
	for _, tk := range toks {
		switch tk.Kind {
		case String:
			got = append(got, "S:"+tk.Value)
		case Newline:
			got = append(got, "NL")
		case EOF:
			got = append(got, "EOF")
		default:
			got = append(got, tk.Text)
		}
	}
	want := []string{"x", "=", `S:a\n`, "+", "S:q", "+", "S:multi\nline", "NL",
		"y", "=", "S:{x}", "NL", "z", "=", "(", "1", ",", "2", ")", "NL", "EOF"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("tokens:\n got %q\nwant %q", got, want)
	}
	// Line numbers follow physical lines, including inside strings.
	for _, tk := range toks {
		if tk.Text == "y" && tk.Line != 4 {
			t.Errorf("y on line %d, want 4", tk.Line)
		}
		if tk.Text == "2" && tk.Line != 6 {
			t.Errorf("2 on line %d, want 6", tk.Line)
		}
	}
}

func TestExprLiterals(t *testing.T) {
	cases := []struct {
		src  string
		want any
		ok   bool
	}{
		{`"a" 'b'`, "ab", true},
		{`-3`, int64(-3), true},
		{`1_000`, int64(1000), true},
		{`0x10`, int64(16), true},
		{`2.5e-3`, 0.0025, true},
		{`-.5`, -0.5, true},
		{`True`, true, true},
		{`None`, nil, true},
		{`[1, "x", (2.0, False)]`, []any{int64(1), "x", []any{2.0, false}}, true},
		{`("a")`, "a", true},
		{`1 + 2`, nil, false},
		{`f"{x}"`, nil, false},
		{`os.getenv("X")`, nil, false},
		{`[x for x in y]`, nil, false},
		{`0755`, nil, false},
		{`3j`, nil, false},
	}
	for _, c := range cases {
		f := Parse([]byte("v = " + c.src + "\n"))
		e := f.Assignments()["v"]
		got, ok := e.Literal()
		if ok != c.ok || (ok && !reflect.DeepEqual(got, c.want)) {
			t.Errorf("%s: got %#v, %v (kind %d, text %q); want %#v, %v", c.src, got, ok, e.Kind, e.Text, c.want, c.ok)
		}
	}
}

func TestCalls(t *testing.T) {
	src := `import argparse
parser = argparse.ArgumentParser(description="Run it")
parser.add_argument("--steps", type=int, default=20, help="number of " "steps")
parser.add_argument('-i', '--input', type=lambda s: s.lower(), choices=["a", "b"], **extra)
with gr.Blocks() as demo:
    btn = gr.Button("Go").click(fn=run, inputs=[a, b])
@click.option("--n", default=1)
def main(x: int = 3, *args, y="s", **kw): pass
`
	f := Parse([]byte(src))
	calls := f.Calls(func(n string) bool { return true })
	var names []string
	for _, c := range calls {
		names = append(names, c.Call.Name)
	}
	want := []string{"argparse.ArgumentParser", "parser.add_argument", "parser.add_argument",
		"s.lower", "gr.Blocks", "gr.Button", ".click", "click.option"}
	if !reflect.DeepEqual(names, want) {
		t.Fatalf("calls: got %q want %q", names, want)
	}
	if calls[0].Target != "parser" || calls[4].Target != "demo" || !calls[7].Decorator {
		t.Errorf("targets: %q %q decorator %v", calls[0].Target, calls[4].Target, calls[7].Decorator)
	}
	steps := calls[1].Call
	if h, _ := steps.Keyword("help"); h.Str != "number of steps" || steps.Line != 3 {
		t.Errorf("help = %q line %d", h.Str, steps.Line)
	}
	in := calls[2].Call
	if !in.HasStar() || len(in.Positional()) != 2 {
		t.Errorf("input call args: %+v", in.Args)
	}
	if ty, _ := in.Keyword("type"); ty.Kind != Other || !strings.HasPrefix(ty.Text, "lambda") {
		t.Errorf("lambda type: %+v", ty)
	}
	fns := f.Funcs()
	if len(fns) != 1 || fns[0].Name != "main" || len(fns[0].Params) != 4 ||
		fns[0].Params[0].Annotation != "int" || fns[0].Params[0].Default.Int != 3 ||
		fns[0].Params[1].Star != "*" || !reflect.DeepEqual(fns[0].Decorators, []string{"click.option"}) {
		t.Errorf("funcs: %+v", fns)
	}
}

func TestImports(t *testing.T) {
	src := "import os, numpy as np\nfrom torch.nn import functional as F\nfrom . import util\n" +
		"if x:\n    import cv2\ntry: import soundfile\nexcept ImportError: pass\nfrom gradio import (Image,\n Textbox)\n"
	var got []string
	for _, im := range Parse([]byte(src)).Imports() {
		got = append(got, im.Module+"|"+im.Name+"|"+im.Alias)
	}
	want := []string{"os||os", "numpy||np", "torch.nn|functional|F", ".|util|util", "cv2||cv2",
		"soundfile||soundfile", "gradio|Image|Image", "gradio|Textbox|Textbox"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("imports:\n got %q\nwant %q", got, want)
	}
}

func TestMalformedInputNeverHangs(t *testing.T) {
	for _, src := range []string{"f(", "f(]", "f(a=", "x = [1, (2", "f(*)", "{1: }", "def f(", "'''", "f(\\\n"} {
		f := Parse([]byte(src))
		f.Calls(func(string) bool { return true })
		f.Assignments()
		f.Funcs()
		f.Imports()
	}
}
