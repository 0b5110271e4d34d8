package entry

import (
	"testing"

	"github.com/cogport/cogport/sources/github/pysrc"
)

// FuzzInspect feeds arbitrary Python to the argparse, click and Gradio
// readers and the ranking: they must never panic.
func FuzzInspect(f *testing.F) {
	f.Add(inferencePy)
	f.Add(gradioInterface)
	f.Add("import click\n@click.option('--a/--b', type=click.IntRange(max=3))\n@click.argument('x', nargs=-1)\ndef m(): pass\n")
	f.Add("import gradio as gr\ngr.Interface(lambda x: x, 'text', 'text')\ngr.ChatInterface(fn)\n")
	f.Add("from gradio import Slider, Interface\nInterface(f, [Slider()], None)\ndef f(*a): pass\n")
	f.Add("p.add_argument()\np.add_argument('', nargs=argparse.REMAINDER, choices=[1.5, 2.5], action='count')\n")
	f.Fuzz(func(t *testing.T, src string) {
		file := File{Path: "x.py", Py: pysrc.Parse([]byte(src)), Exists: func(string) bool { return true }}
		eps, _ := Inspect(file)
		Rank(eps, nil, nil)
		for _, ep := range eps {
			for _, in := range ep.Inputs {
				if in.Name == "" || in.Type == "" {
					t.Fatalf("input without name or type: %+v", in)
				}
			}
		}
	})
}
