package generators

import "github.com/cogport/cogport/plan"

// testPlan is a small valid plan whose predict template is "custom", which
// tests supply through overrides (predict/custom.py.tmpl).
func testPlan(s string) *plan.Plan {
	return &plan.Plan{
		Recipe: "test", Task: "text-to-image", Library: "diffusers", Template: "custom",
		Source: plan.Source{Kind: "hf", ID: "org/" + s, SHA: "0123456789abcdef0123456789abcdef01234567"},
		Title:  s,
		Inputs: []plan.Input{{Name: "prompt", Type: "str", Default: s, Description: "Prompt " + s}},
		Output: plan.Output{Type: "list[Path]"}, PythonVersion: "3.12", GPU: true, CUDA: "12.9",
		Requirements: []plan.Requirement{{Name: "torch", Version: "2.8.0"}},
		Weights: plan.Weights{Strategy: "pget", Repo: "org/model", Revision: "0123456789abcdef0123456789abcdef01234567", Dir: "weights",
			Files: []plan.WeightFile{{Path: "model.safetensors", Size: 10, URL: "https://huggingface.co/x"}}},
		Vars:  map[string]any{"Purpose": "Predictor"},
		Model: "acme/model", TestHardware: "gpu-l40s", PredictTimeout: 600,
	}
}
