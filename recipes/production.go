package recipes

import (
	"fmt"

	"github.com/cogport/cogport/plan"
)

// ProductionOptions are the answers about how a package serves and trains:
// the LLM engine, a training script, and which cog entry point it uses.
// They are embedded in Options, so callers set o.Engine directly.
type ProductionOptions struct {
	// Engine serves a text-generation model: EngineAuto decides by size,
	// EngineTransformers or EngineVLLM force one (`--engine`).
	Engine string
	// Train adds train.py, a LoRA fine-tuning script, and lets predict.py
	// load its output (`--train`).
	Train bool
	// CogAPI is CogAPIPredict (default: predict.py, cog 0.16+) or CogAPIRun
	// (run.py with a Runner, cog 0.20+) (`--cog-api`).
	CogAPI string
}

// The values of ProductionOptions.Engine and CogAPI.
const (
	EngineAuto         = ""
	EngineTransformers = "transformers"
	EngineVLLM         = "vllm"
	CogAPIPredict      = "predict"
	CogAPIRun          = "run"
)

// Engines and CogAPIs list the accepted values, for flag validation.
var (
	Engines = []string{"auto", EngineTransformers, EngineVLLM}
	CogAPIs = []string{CogAPIPredict, CogAPIRun}
)

// finishProduction checks that the recipe honoured what was asked of it and
// records the cog API in the plan for the generators.
func finishProduction(p *plan.Plan, o Options) error {
	if o.Engine == EngineVLLM && p.Recipe != vllmRecipeName {
		return fmt.Errorf("--engine vllm serves text-generation models, and this model (task %s) is packaged by the %s recipe",
			orUnknown(p.Task), p.Recipe)
	}
	if o.Train && p.Recipe == vllmRecipeName {
		return fmt.Errorf("--train: vLLM packages have no training script yet; pass --engine transformers to train a PEFT LoRA")
	}
	if o.Train && p.Vars["Train"] != true {
		return fmt.Errorf("--train: the %s recipe has no training script; cogport trains LoRAs for diffusers text-to-image and transformers text-generation models", p.Recipe)
	}
	switch o.CogAPI {
	case "", CogAPIPredict:
		p.Vars["CogAPI"] = CogAPIPredict
	case CogAPIRun:
		useRunAPI(p)
	default:
		return fmt.Errorf("--cog-api %q: choose predict or run", o.CogAPI)
	}
	return nil
}

// useRunAPI switches the plan to cog's run API (DESIGN §1.1, §1.6): run.py
// with a Runner, `run:` in cog.yaml, and for async models the concurrency
// as @cog.concurrent(max=N) on run() instead of cog.yaml's concurrency.max.
func useRunAPI(p *plan.Plan) {
	p.Vars["CogAPI"] = CogAPIRun
	if p.Concurrency > 0 {
		p.Vars["ConcurrentMax"] = p.Concurrency
		p.Concurrency = 0
	}
	p.Warn("the package uses cog's run API (run.py, `run:` in cog.yaml): it needs cog 0.20 or newer to build, and cog-safe-push cannot lint it, so script/push runs `cogport lint` and `cog push` instead")
}
