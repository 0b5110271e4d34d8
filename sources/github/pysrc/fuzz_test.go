package pysrc

import "testing"

// FuzzParse checks that no input makes the tokenizer or the finders panic or
// hang, and that tokens stay inside the source and in line order.
func FuzzParse(f *testing.F) {
	f.Add([]byte("parser.add_argument('--x', type=int, default=3, help='h')\n"))
	f.Add([]byte("gr.Interface(fn=run, inputs=[gr.Slider(0, 10, value=5)], outputs='image')"))
	f.Add([]byte("def f(a: int = 1, *b, c=[1, (2, {3: 4})], **d): pass\n"))
	f.Add([]byte("x = '''unterminated\n"))
	f.Add([]byte("from . import (a as b,\n c)\nimport x.y as z\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		file := Parse(src)
		line := 0
		for _, tk := range file.Toks {
			if tk.Off < 0 || tk.Off > len(src) || tk.Off+len(tk.Text) > len(src) {
				t.Fatalf("token %q at %d outside source of %d bytes", tk.Text, tk.Off, len(src))
			}
			if tk.Line < line {
				t.Fatalf("token %q on line %d after line %d", tk.Text, tk.Line, line)
			}
			line = tk.Line
		}
		for _, c := range file.Calls(func(string) bool { return true }) {
			c.Call.Literal()
			c.Call.Positional()
		}
		for _, e := range file.Assignments() {
			e.Literal()
		}
		file.Funcs()
		file.Imports()
	})
}
