package recipescmd

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/cogport/cogport/internal/cli/cmdutil"
	"github.com/cogport/cogport/recipes"
	"github.com/cogport/cogport/recipes/comfy"
	"github.com/cogport/cogport/recipes/github"
)

// run runs `cogport recipes` with args and returns what it printed.
func run(t *testing.T, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd := NewCmd(&cmdutil.IO{In: strings.NewReader(""), Out: &out, Err: &errOut, Getenv: func(string) string { return "" }})
	cmd.SetArgs(args)
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	if err := cmd.Execute(); err != nil {
		t.Fatalf("cogport recipes %v: %v\n%s", args, err, errOut.String())
	}
	return out.String()
}

// wantRecipes are the catalogue's names by source: the Hugging Face
// registry in its order, then the ComfyUI and GitHub recipes.
func wantRecipes() map[string][]string {
	want := map[string][]string{"comfy": {comfy.RecipeName}, "github": {github.RecipeScript, github.RecipeGradio}}
	for _, info := range recipes.Default().Infos() {
		want["hf"] = append(want["hf"], info.Name)
	}
	return want
}

func TestRecipesJSON(t *testing.T) {
	var got []Entry
	if err := json.Unmarshal([]byte(run(t, "--json")), &got); err != nil {
		t.Fatalf("--json is not a JSON list of recipes: %v", err)
	}
	bySource := map[string][]string{}
	var order []string
	for _, e := range got {
		if e.Name == "" || e.Summary == "" {
			t.Errorf("entry %+v has no name or summary", e)
		}
		if e.Tasks == nil || e.Libraries == nil {
			t.Errorf("%s: tasks %v libraries %v, want lists (empty, not null)", e.Name, e.Tasks, e.Libraries)
		}
		if !slices.Contains(order, e.Source) {
			order = append(order, e.Source)
		}
		bySource[e.Source] = append(bySource[e.Source], e.Name)
	}
	if !slices.Equal(order, []string{"hf", "comfy", "github"}) {
		t.Errorf("sources in the order %v, want hf, comfy, github", order)
	}
	for source, names := range wantRecipes() {
		if !slices.Equal(bySource[source], names) {
			t.Errorf("%s recipes %v, want %v", source, bySource[source], names)
		}
	}
	// The JSON keeps the fields of recipes.Info at the top level.
	var raw []map[string]any
	_ = json.Unmarshal([]byte(run(t, "--json")), &raw)
	for _, key := range []string{"source", "name", "tasks", "libraries", "summary"} {
		if _, ok := raw[0][key]; !ok {
			t.Errorf("JSON entries lack %q: %v", key, raw[0])
		}
	}
}

func TestRecipesTable(t *testing.T) {
	out := run(t)
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if header := strings.Fields(lines[0]); !slices.Equal(header, []string{"SOURCE", "RECIPE", "TASKS", "LIBRARIES", "WHAT"}) {
		t.Fatalf("header %q", lines[0])
	}
	rows := lines[1:]
	var want []string
	for _, source := range []string{"hf", "comfy", "github"} {
		for _, name := range wantRecipes()[source] {
			want = append(want, source+" "+name)
		}
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d:\n%s", len(rows), len(want), out)
	}
	for i, row := range rows {
		f := strings.Fields(row)
		if got := f[0] + " " + f[1]; got != want[i] {
			t.Errorf("row %d is %q, want %q", i, got, want[i])
		}
		if len(f) < 5 {
			t.Errorf("row %q lacks columns", row)
		}
	}
	for _, want := range []string{"diffusers-image-variations", "image-to-image", "comfyui", "gradio"} {
		if !strings.Contains(out, want) {
			t.Errorf("the table does not mention %s:\n%s", want, out)
		}
	}
}
