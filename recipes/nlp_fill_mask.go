package recipes

import (
	"fmt"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// fillMask covers masked language models (BERT, RoBERTa): a text with one
// mask token in, the likeliest fillers out.
type fillMask struct{}

func (fillMask) Info() Info {
	return Info{Name: "transformers-fill-mask", Tasks: []string{"fill-mask"}, Libraries: []string{"transformers"},
		Summary: "masked language models: text with a mask token in, the top fillers with scores out"}
}

func (fillMask) Match(m *facts.Model, c Class) bool {
	return c.Library == "transformers" && c.Task == "fill-mask"
}

func (fillMask) Needs(*facts.Model, Class) []string {
	return []string{"config.json", "tokenizer_config.json", "special_tokens_map.json"}
}

func (r fillMask) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	mask := maskToken(m)
	described := "the mask token"
	if mask != "" {
		described = "the mask token " + mask
	}
	inputs := []plan.Input{
		textInput(fmt.Sprintf("Text with %s exactly once, where a word is missing.", described)),
		{Name: "top_k", Type: "int", Default: int64(5), Ge: plan.F(1), Le: plan.F(100),
			Description: "How many of the likeliest fillers to return."},
	}
	return pipelinePlan(m, c, o, nlpPipeline{
		recipe: r.Info().Name, template: "transformers_fill_mask", task: "fill-mask",
		inputs:  inputs,
		output:  plan.Output{Type: "list[dict]", Description: "fillers, likeliest first: token, score, and the completed sequence"},
		purpose: "Fill-mask predictor", doc: "Fill in the masked word of a text.",
		tests: fillMaskTests(m, mask),
	})
}

func fillMaskTests(m *facts.Model, mask string) []plan.TestCase {
	bad := map[string]any{"text": "A text without the mask."}
	if mask == "" {
		return []plan.TestCase{{Inputs: bad, Checker: "error_contains", Expect: "mask token"}}
	}
	text := "Paris is the " + mask + " of France."
	for _, w := range m.Widgets {
		if strings.Count(w.Text, mask) == 1 {
			text = w.Text
			break
		}
	}
	return []plan.TestCase{
		{Inputs: map[string]any{"text": text, "top_k": int64(3)}, Checker: "jq_query", Expect: "length == 3"},
		{Inputs: bad, Checker: "error_contains", Expect: "mask token"},
	}
}

// maskToken is the tokenizer's mask token: from tokenizer_config.json or
// special_tokens_map.json (a string, or an AddedToken object), as the model
// info reports it, or the usual one of the model type.
func maskToken(m *facts.Model) string {
	for _, r := range []gjson.Result{
		cfg(m, "tokenizer_config.json", "mask_token"),
		cfg(m, "special_tokens_map.json", "mask_token"),
		gjson.GetBytes(m.Config, "tokenizer_config.mask_token"),
	} {
		if s := r.Get("content").String(); r.IsObject() && s != "" {
			return s
		}
		if s := r.String(); r.Type == gjson.String && s != "" {
			return s
		}
	}
	return typeMasks[configModelType(m)]
}

// typeMasks are the mask tokens of the common model types, for a model
// whose tokenizer files were not fetched.
var typeMasks = map[string]string{
	"bert": "[MASK]", "distilbert": "[MASK]", "albert": "[MASK]", "electra": "[MASK]", "deberta": "[MASK]",
	"deberta-v2": "[MASK]", "mobilebert": "[MASK]", "modernbert": "[MASK]", "roberta": "<mask>",
	"xlm-roberta": "<mask>", "camembert": "<mask>", "longformer": "<mask>", "bart": "<mask>",
}
