package recipes

import (
	"fmt"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// refusal is a kind of model that another recipe would match but cannot
// run: cogport refuses it up front and says why, instead of writing a
// package that fails when it starts.
type refusal struct {
	applies func(m *facts.Model, c Class) bool
	reason  func(m *facts.Model, c Class) string
}

var refusalRules = []refusal{
	{
		// Orpheus-style speech models: a language model whose output tokens
		// are audio codes that only the model's own codec turns into sound.
		applies: func(m *facts.Model, c Class) bool {
			return (c.Task == "text-to-speech" || c.Task == "text-to-audio") && strings.HasSuffix(c.Architecture, "ForCausalLM")
		},
		reason: func(m *facts.Model, c Class) string {
			why := fmt.Sprintf("%s speaks through a causal language model (%s) whose output tokens are audio codes that only the authors' own audio decoder turns into sound; transformers' text-to-speech pipeline has none", displayID(m), c.Architecture)
			if quantMethod(m) != "" {
				why += fmt.Sprintf(", and its weights are pre-quantized with %s", quantMethod(m))
			}
			return why
		},
	},
	{
		// vLLM repositories (Mistral's native params.json + consolidated
		// weights, library_name: vllm) are served by vLLM, not transformers:
		// the vLLM recipe packages the text-generation ones; others (vision
		// chat, embeddings, speech) it does not cover yet.
		applies: func(m *facts.Model, c Class) bool {
			return (c.Library == "vllm" || c.Library == "mistral") && c.Task != "text-generation"
		},
		reason: func(m *facts.Model, c Class) string {
			return fmt.Sprintf("%s is meant to be served with vLLM (library %s), and cogport's vLLM recipe covers text generation only", displayID(m), c.Library)
		},
	},
}

// quantMethod is the quantization the weights were saved with, if any.
func quantMethod(m *facts.Model) string {
	if s := cfg(m, "config.json", "quantization_config.quant_method").String(); s != "" {
		return s
	}
	return gjson.GetBytes(m.Config, "quantization_config.quant_method").String()
}

// refusals is the recipe that matches the refused kinds; its plan is the
// reason, as an ErrNoRecipe error that names the task and library.
type refusals struct{}

func (refusals) Info() Info {
	return Info{Name: "refused",
		Summary: "models cogport recognises but cannot package, refused with the reason: language-model speech codecs, vLLM-only repositories other than text generation"}
}

func (refusals) Match(m *facts.Model, c Class) bool { return refusalFor(m, c) != nil }

func (refusals) Needs(*facts.Model, Class) []string { return []string{"config.json"} }

func (refusals) Plan(m *facts.Model, c Class, _ Options) (*plan.Plan, error) {
	r := refusalFor(m, c)
	if r == nil {
		return nil, fmt.Errorf("%w for task %s (library %s)", ErrNoRecipe, orUnknown(c.Task), orUnknown(c.Library))
	}
	return nil, fmt.Errorf("%w for task %s (library %s): %s", ErrNoRecipe, orUnknown(c.Task), orUnknown(c.Library), r.reason(m, c))
}

func refusalFor(m *facts.Model, c Class) *refusal {
	for i := range refusalRules {
		if refusalRules[i].applies(m, c) {
			return &refusalRules[i]
		}
	}
	return nil
}
