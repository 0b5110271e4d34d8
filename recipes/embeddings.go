package recipes

import (
	"fmt"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// sentenceEmbeddings covers sentence-transformers models: text in, one
// embedding vector out.
type sentenceEmbeddings struct{}

func (sentenceEmbeddings) Info() Info {
	return Info{Name: "sentence-transformers-embeddings", Tasks: []string{"sentence-similarity", "feature-extraction"},
		Libraries: []string{"sentence-transformers"}, Summary: "sentence embeddings: text in, a vector of floats out"}
}

func (sentenceEmbeddings) Match(m *facts.Model, c Class) bool {
	return c.Library == "sentence-transformers" && (c.Task == "sentence-similarity" || c.Task == "feature-extraction")
}

func (sentenceEmbeddings) Needs(*facts.Model, Class) []string {
	return []string{"modules.json", "config.json", "sentence_bert_config.json", "1_Pooling/config.json"}
}

func (r sentenceEmbeddings) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	c.Task = "sentence-similarity"
	p := base(m, c, o, r.Info().Name, "sentence_transformers_embeddings")
	p.Task = "feature-extraction"
	if _, err := useWeights(p, m, c, o, ""); err != nil {
		return nil, err
	}
	gpu := !runsOnCPU(m, p)
	if err := useStack(p, transformersStack, gpu, nil,
		"sentence-transformers", "transformers", "safetensors", "tokenizers", "huggingface-hub"); err != nil {
		return nil, err
	}
	p.Inputs = []plan.Input{
		{Name: "text", Type: "str", Description: "Text to embed."},
		{Name: "normalize", Type: "bool", Default: true,
			Description: "Scale the vector to length 1, so that a dot product is the cosine similarity."},
	}
	p.Output = plan.Output{Type: "list[float]", Description: "the embedding"}
	// On a GPU the weights load in the dtype they were saved in; on the CPU,
	// choose_device makes it float32.
	p.Vars["Dtype"] = modelDtype(m, "float32")
	p.Vars["Purpose"] = "Sentence-embedding predictor"
	p.Vars["Doc"] = "Embed a text as a vector of floats."
	p.Deterministic = true
	test := plan.TestCase{Inputs: map[string]any{"text": examplePrompt(m, "A man is eating food.")}}
	if dim := embeddingDim(m); dim > 0 {
		test.Checker, test.Expect = "jq_query", fmt.Sprintf("length == %d", dim)
	}
	p.Tests = []plan.TestCase{test, {Inputs: map[string]any{"text": " "}, Checker: "error_contains", Expect: "nothing to embed"}}
	return p, nil
}

// embeddingDim is the vector size: the pooling layer's, else the encoder's.
func embeddingDim(m *facts.Model) int64 {
	// A Dense module after pooling changes the size: then it is unknown here.
	for _, mod := range cfg(m, "modules.json", "#.type").Array() {
		if strings.HasSuffix(mod.String(), ".Dense") {
			return 0
		}
	}
	if d := cfg(m, "1_Pooling/config.json", "word_embedding_dimension").Int(); d > 0 {
		return d
	}
	return cfg(m, "config.json", "hidden_size").Int()
}
