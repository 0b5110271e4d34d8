package comfy

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cogport/cogport/sources/comfy/internal/jsonx"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func parseTestdata(t *testing.T, name string) *Workflow {
	t.Helper()
	w, err := Parse(readTestdata(t, name), defaultDefs(t), 0)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return w
}

// wantInput checks one input of an API node: a literal (compared as JSON
// values) or a link written "node:slot" as [node, slot].
func wantInput(t *testing.T, p *Prompt, node, input string, want any) {
	t.Helper()
	n := p.Node(node)
	if n == nil {
		t.Errorf("node %s is missing", node)
		return
	}
	in, ok := n.Input(input)
	if !ok {
		t.Errorf("node %s (%s) has no input %s", node, n.Class, input)
		return
	}
	if l, isLink := want.(Link); isLink {
		if in.Link == nil || *in.Link != l {
			t.Errorf("node %s input %s = %s, want link %v", node, input, show(in), l)
		}
		return
	}
	if in.Link != nil || !jsonx.Equal(normalize(in.Value), normalize(want)) {
		t.Errorf("node %s input %s = %s, want %#v", node, input, show(in), want)
	}
}

func normalize(v any) any {
	b, _ := json.Marshal(v)
	out, _ := jsonx.Value(b)
	return out
}

func wantNodes(t *testing.T, p *Prompt, ids ...string) {
	t.Helper()
	var got []string
	for _, n := range p.Nodes {
		got = append(got, n.ID)
	}
	if strings.Join(got, " ") != strings.Join(ids, " ") {
		t.Errorf("nodes = %v, want %v", got, ids)
	}
}

func TestPrimitiveRerouteGetSet(t *testing.T) {
	w := parseTestdata(t, "primitive_reroute.ui.json")
	// Reroute, PrimitiveNode, Note, SetNode and GetNode never reach the API.
	wantNodes(t, w.Prompt, "1", "3", "4", "5", "6", "7", "8")
	wantInput(t, w.Prompt, "6", "model", Link{"1", 0})    // through the Reroute
	wantInput(t, w.Prompt, "7", "vae", Link{"1", 2})      // through GetNode → SetNode
	wantInput(t, w.Prompt, "3", "text", "a cat on a mat") // the primitive wins over the stale widget
	wantInput(t, w.Prompt, "6", "cfg", 7.5)               // the companion "fixed" is skipped
	wantInput(t, w.Prompt, "6", "denoise", 1)             // and nothing shifts after it
	if len(w.Shared) != 1 || w.Shared[0].Title != "Subject" || len(w.Shared[0].Targets) != 1 {
		t.Errorf("shared = %+v, want the Subject primitive feeding 3.text", w.Shared)
	}
}

func TestBypassAndMuted(t *testing.T) {
	w := parseTestdata(t, "bypass_muted.ui.json")
	wantNodes(t, w.Prompt, "1", "3", "4", "7", "8", "9")
	// The bypassed LoraLoader passes MODEL and CLIP to the same-type inputs.
	wantInput(t, w.Prompt, "4", "model", Link{"1", 0})
	wantInput(t, w.Prompt, "3", "clip", Link{"1", 1})
	// The muted ConditioningZeroOut takes the negative link with it.
	if _, ok := w.Prompt.Node("4").Input("negative"); ok {
		t.Error("KSampler.negative comes from a muted node and must be dropped")
	}
	// An old boolean companion after the seed is skipped.
	wantInput(t, w.Prompt, "4", "steps", 12)
	wantInput(t, w.Prompt, "4", "scheduler", "karras")
}

func TestSubgraph(t *testing.T) {
	w := parseTestdata(t, "subgraph.ui.json")
	wantNodes(t, w.Prompt, "1", "2:10", "2:11", "2:12", "2:13", "3", "4")
	wantInput(t, w.Prompt, "2:10", "model", Link{"1", 0})       // input boundary -10
	wantInput(t, w.Prompt, "2:12", "clip", Link{"1", 1})        // one boundary slot, two inner links
	wantInput(t, w.Prompt, "3", "samples", Link{"2:10", 0})     // output boundary -20
	wantInput(t, w.Prompt, "2:11", "text", "a dog in the snow") // promoted input widget ("-1")
	wantInput(t, w.Prompt, "2:10", "steps", 7)                  // proxyWidgets override
	wantInput(t, w.Prompt, "2:10", "seed", 1)
	if len(w.Declared) == 0 || w.Declared[0].Name != "subject" || w.Declared[0].Targets[0] != (Target{"2:11", "text"}) {
		t.Errorf("declared = %+v, want subject → 2:11.text", w.Declared)
	}
}

func TestGroupNode(t *testing.T) {
	for _, sep := range []string{"/", ">"} {
		raw := bytes.ReplaceAll(readTestdata(t, "groupnode.ui.json"), []byte("workflow/TextPair"), []byte("workflow"+sep+"TextPair"))
		w, err := Parse(raw, defaultDefs(t), 0)
		if err != nil {
			t.Fatalf("workflow%sTextPair: %v", sep, err)
		}
		wantNodes(t, w.Prompt, "1", "5:0", "5:1", "6", "7", "8", "9")
		wantInput(t, w.Prompt, "5:0", "text", "a lighthouse at dusk") // instance widgets win
		wantInput(t, w.Prompt, "5:0", "clip", Link{"1", 1})           // instance input 0
		wantInput(t, w.Prompt, "5:1", "conditioning", Link{"5:0", 0}) // internal link
		wantInput(t, w.Prompt, "6", "positive", Link{"5:0", 0})       // external output first
		wantInput(t, w.Prompt, "6", "negative", Link{"5:1", 0})
		wantInput(t, w.Prompt, "6", "steps", 25)
	}
}

func TestUnknownClassAndDictWidgets(t *testing.T) {
	w := parseTestdata(t, "unknown_class.ui.json")
	wantInput(t, w.Prompt, "1", "video", "clip.mp4")
	wantInput(t, w.Prompt, "1", "frame_load_cap", 16)
	for _, ui := range []string{"videopreview", "choose video to upload"} {
		if _, ok := w.Prompt.Node("1").Input(ui); ok {
			t.Errorf("VHS_LoadVideo keeps frontend state %q", ui)
		}
	}
	if _, ok := w.Unknown["MysteryUpscaler"]; !ok {
		t.Errorf("unknown = %v, want MysteryUpscaler", w.Unknown)
	}
	if len(w.Warnings) != 1 || !strings.Contains(w.Warnings[0], "MysteryUpscaler") {
		t.Errorf("warnings = %q, want one about MysteryUpscaler's unnamed widget values", w.Warnings)
	}
	wantInput(t, w.Prompt, "2", "image", Link{"1", 0}) // links still convert
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		file string
		want error
		text string
	}{
		{"not_json.txt", ErrNotJSON, "not JSON"},
		{"neither.json", ErrUnknownFormat, `member "name" has no class_type`},
		{"cycle.api.json", ErrCycle, "cycle"},
		{"missing_link.ui.json", ErrBadLink, "link 99, which is not in the links table"},
		{"missing_origin.ui.json", ErrBadLink, "comes from node 42, which does not exist"},
		{"recursive_subgraph.ui.json", ErrBadGraph, `subgraph "sg-loop" contains itself`},
	}
	for _, tt := range tests {
		_, err := Parse(readTestdata(t, tt.file), defaultDefs(t), 0)
		if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.text) {
			t.Errorf("%s: error %v, want %v containing %q", tt.file, err, tt.want, tt.text)
		}
	}
}

func TestSizeLimitBeforeParsing(t *testing.T) {
	// Not JSON at all: only a check made before parsing can report the size.
	junk := bytes.Repeat([]byte("x"), 200)
	if _, err := Parse(junk, defaultDefs(t), 100); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Parse: %v, want ErrTooLarge", err)
	}
	if _, err := ReadLimited(bytes.NewReader(junk), 100); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ReadLimited: %v, want ErrTooLarge", err)
	}
	if b, err := ReadLimited(bytes.NewReader(junk), 200); err != nil || len(b) != 200 {
		t.Errorf("ReadLimited at the limit: %d bytes, %v", len(b), err)
	}
}

func TestDetect(t *testing.T) {
	for file, want := range map[string]string{"subgraph.ui.json": FormatUI, "cycle.api.json": FormatAPI} {
		if got, err := Detect(readTestdata(t, file)); err != nil || got != want {
			t.Errorf("Detect(%s) = %q, %v; want %q", file, got, err, want)
		}
	}
	wrapped := []byte(`{"prompt": {"1": {"class_type": "VAELoader", "inputs": {"vae_name": "v.safetensors"}}}, "client_id": "x"}`)
	w, err := Parse(wrapped, defaultDefs(t), 0)
	if err != nil || w.Format != FormatAPI || w.Prompt.Node("1") == nil {
		t.Errorf("a /prompt request body should parse as API: %v", err)
	}
}

func TestPromptRoundTrip(t *testing.T) {
	w := parseTestdata(t, "subgraph.ui.json")
	out, err := json.Marshal(w.Prompt)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Parse(out, defaultDefs(t), 0)
	if err != nil {
		t.Fatalf("the API output does not parse: %v\n%s", err, out)
	}
	if matched, diffs := comparePrompts(again.Prompt, w.Prompt, defaultDefs(t)); len(diffs) > 0 {
		t.Errorf("round trip: %d nodes match, differences %q", matched, diffs)
	}
	list := &Prompt{Nodes: []*Node{{ID: "1", Class: "X", Inputs: []Input{{Name: "l", Value: []any{"a", json.Number("1")}}}}}}
	b, _ := list.MarshalJSON()
	if !bytes.Contains(b, []byte(`"l":{"__value__":["a",1]}`)) {
		t.Errorf("a list value must be wrapped so it cannot read as a link: %s", b)
	}
}

func TestBypassedSubgraphInstance(t *testing.T) {
	// Bypassing the instance passes its MODEL input to its output: the
	// subgraph's inner nodes never run. Here the instance's only output is
	// a LATENT and its inputs are MODEL and CLIP, so VAEDecode loses its
	// samples; muting behaves the same.
	for _, mode := range []string{`"mode": 4`, `"mode": 2`} {
		raw := bytes.Replace(readTestdata(t, "subgraph.ui.json"), []byte(`"type": "sg-sampler", "mode": 0`),
			[]byte(`"type": "sg-sampler", `+mode), 1)
		w, err := Parse(raw, defaultDefs(t), 0)
		if err != nil {
			t.Fatal(err)
		}
		wantNodes(t, w.Prompt, "1", "3", "4")
		if _, ok := w.Prompt.Node("3").Input("samples"); ok {
			t.Errorf("%s: VAEDecode.samples should have no source", mode)
		}
	}
}
