package recipes

import (
	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/generators/pyfmt"
	"github.com/cogport/cogport/plan"
)

// textPackages are what a transformers text model needs: the tokenizers of
// T5, XLM-R and DeBERTa-v3 are sentencepiece models, and some still load
// through protobuf.
var textPackages = []string{"transformers", "safetensors", "tokenizers", "huggingface-hub", "sentencepiece", "protobuf"}

// nlpPipeline is what one transformers.pipeline recipe decides for itself;
// pipelinePlan does the rest.
type nlpPipeline struct {
	recipe, template string
	// task is the transformers pipeline task the package runs.
	task   string
	inputs []plan.Input
	output plan.Output
	// purpose names the predictor in the header; doc is predict's docstring.
	purpose, doc string
	tests        []plan.TestCase
	// packages are added to textPackages; torch lists torchvision/torchaudio.
	packages, torch []string
}

// pipelinePlan builds a package that runs transformers.pipeline(task): the
// weights, CPU or GPU by size, the pipeline's arguments, and the gated and
// remote-code variants every such template supports.
func pipelinePlan(m *facts.Model, c Class, o Options, s nlpPipeline) (*plan.Plan, error) {
	p := base(m, c, o, s.recipe, s.template)
	if _, err := useWeights(p, m, c, o, ""); err != nil {
		return nil, err
	}
	gpu := !runsOnCPU(m, p)
	if err := useStack(p, transformersStack, gpu, s.torch, append(append([]string{}, textPackages...), s.packages...)...); err != nil {
		return nil, err
	}
	// The dtype is always given: transformers 5 would otherwise load the
	// weights in the dtype they were saved in, half precision on the CPU too.
	args := []string{pyfmt.Str(s.task), "model=model_dir", "dtype=self.dtype", "device=self.device"}
	if useRemoteCode(p, m, o) {
		args = append(args, "trust_remote_code=True")
	}
	p.Inputs = s.inputs
	p.Output = s.output
	p.Vars["Task"] = s.task
	// On a GPU the weights load in the dtype they were saved in; on the CPU,
	// choose_device makes it float32.
	p.Vars["Dtype"] = modelDtype(m, "float32")
	p.Vars["PipelineArgs"] = args
	p.Vars["Purpose"] = s.purpose
	p.Vars["Doc"] = s.doc
	p.Vars["Gated"] = false
	p.Deterministic = true
	p.Tests = s.tests
	if p.Weights.Gated {
		addTokenInput(p)
	}
	return p, nil
}

// textInput is the usual required text input.
func textInput(description string) plan.Input {
	return plan.Input{Name: "text", Type: "str", Description: description}
}
