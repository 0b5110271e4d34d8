package comfy

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad: any bytes as a workflow load or give an error, never a panic,
// and every traced input has a usable name and at least one target.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil && len(b) < 1<<16 {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"3":{"class_type":"KSampler","inputs":{"seed":1,"model":["4",0]}},"4":{"class_type":"CheckpointLoaderSimple","inputs":{"ckpt_name":"../x.safetensors"}}}`))
	f.Add([]byte(`{"nodes":[{"id":1,"type":"Reroute"}],"links":[[1,1,0,1,0,"*"]]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		w, err := Load(b, Options{Name: "fuzz.json"})
		if err != nil {
			return
		}
		for _, in := range w.Inputs {
			if Sanitize(in.Name) != in.Name || in.Name == "" {
				t.Errorf("input name %q is not a sanitised identifier", in.Name)
			}
			if len(in.Targets) == 0 {
				t.Errorf("input %s substitutes into nothing", in.Name)
			}
		}
	})
}
