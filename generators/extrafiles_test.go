package generators

import (
	"testing"
	"testing/fstest"
)

// TestExtraFilesAddAndReplace: an ExtraFiles entry adds a file, and one at
// a standard file's path renders that file with the recipe's template,
// keeping the standard file's mode, policy and condition.
func TestExtraFilesAddAndReplace(t *testing.T) {
	r, err := LoadWith(fstest.MapFS{
		"custom/readme.tmpl":     {Data: []byte("custom readme for {{ .Model }}\n")},
		"custom/weights.tmpl":    {Data: []byte("# custom weights\n")},
		"custom/extra.tmpl":      {Data: []byte("{}\n")},
		"predict/custom.py.tmpl": {Data: []byte("# predict\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	p := testPlan("x")
	p.Vars["ExtraFiles"] = []string{"README.md=custom/readme.tmpl", "weights.py=custom/weights.tmpl", "workflow.json=custom/extra.tmpl"}
	files, err := r.Render(p)
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]File{}
	for _, f := range files {
		if _, dup := byPath[f.Path]; dup {
			t.Errorf("%s rendered twice", f.Path)
		}
		byPath[f.Path] = f
	}
	if f := byPath["README.md"]; string(f.Body) != "custom readme for acme/model\n" || f.Policy != Merge {
		t.Errorf("README.md = %q (%s), want the recipe's template with the standard policy", f.Body, f.Policy)
	}
	if f := byPath["weights.py"]; string(f.Body) != "# custom weights\n" {
		t.Errorf("weights.py = %q", f.Body)
	}
	if f, ok := byPath["workflow.json"]; !ok || f.Mode != 0o644 {
		t.Errorf("workflow.json = %+v, want an added file", f)
	}

	p.Weights.Strategy = ""
	files, err = r.Render(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Path == "weights.py" {
			t.Error("a replaced weights.py is rendered for a plan without weights")
		}
	}
}
