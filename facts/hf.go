package facts

import (
	"encoding/json"
	"strings"
)

// Model is everything cogport knows about one Hugging Face model, whether it
// came from the Hub API or from a snapshot folder on disk.
type Model struct {
	// ID is the canonical repo id ("org/name"); empty for an anonymous local folder.
	ID string
	// SHA is the commit the facts were read at (40 hex), empty when unknown.
	SHA string
	// Revision is what the user asked for ("main", a branch, a tag or a sha).
	Revision string
	// Endpoint is the Hub the model came from; empty for a local snapshot.
	Endpoint string
	// LocalDir is the snapshot folder for local sources.
	LocalDir string

	PipelineTag string
	LibraryName string
	Tags        []string
	// Gated is "", "auto" or "manual".
	Gated   string
	Private bool
	// Config is the model info's "config" object (architectures, model_type,
	// tokenizer_config, diffusers._class_name, ...), raw.
	Config json.RawMessage
	// TransformersInfo is the model info's "transformersInfo".
	TransformersInfo TransformersInfo
	// Parameters is the safetensors parameter count when the Hub reports it.
	Parameters int64
	// Widgets are the card's or the API's example inputs.
	Widgets []Widget

	// Files lists the repository's files (siblings), with sizes when known.
	Files []File
	// Card is the parsed model card.
	Card Card
	// Configs holds the contents of the config files that were fetched,
	// keyed by repository path ("model_index.json", "unet/config.json").
	Configs map[string][]byte
}

// TransformersInfo mirrors the Hub's transformersInfo block.
type TransformersInfo struct {
	AutoModel   string `json:"auto_model"`
	PipelineTag string `json:"pipeline_tag"`
	Processor   string `json:"processor"`
}

// Widget is one example input the model card offers.
type Widget struct {
	Text  string `json:"text,omitempty"`
	Src   string `json:"src,omitempty"`
	Title string `json:"example_title,omitempty"`
}

// File is one file of a repository. Size is -1 when unknown.
type File struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256,omitempty"`
	// BlobID is the git blob id (or LFS oid) when the Hub gives it.
	BlobID string `json:"blob_id,omitempty"`
	// LFS is true when the file is stored in LFS/Xet (a weight, usually).
	LFS bool `json:"lfs,omitempty"`
}

// Card is a parsed model card (README.md).
type Card struct {
	// Meta is the YAML front matter.
	Meta map[string]any
	// Body is the Markdown after the front matter.
	Body string
	// Code holds the fenced code blocks of the body, in order.
	Code []CodeBlock
	// Settings are literal keyword arguments found in the card's Python
	// examples (num_inference_steps=4, guidance_scale=0.0, ...): the first
	// usage block wins.
	Settings map[string]any
	// Prompts are example prompts found in the card's Python examples.
	Prompts []string
	// Title is the first heading of the body.
	Title string
	// Summary is the first paragraph of prose in the body.
	Summary string
}

// CodeBlock is one fenced block of a card.
type CodeBlock struct {
	Lang string
	Code string
}

// HasFile reports whether the repository holds path.
func (m *Model) HasFile(path string) bool {
	for _, f := range m.Files {
		if f.Path == path {
			return true
		}
	}
	return false
}

// HasTag reports whether the model carries tag.
func (m *Model) HasTag(tag string) bool {
	for _, t := range m.Tags {
		if t == tag {
			return true
		}
	}
	return false
}

// TagValues returns the values of tags "prefix<value>", e.g. TagValues("base_model:adapter:").
func (m *Model) TagValues(prefix string) []string {
	var out []string
	for _, t := range m.Tags {
		if v, ok := strings.CutPrefix(t, prefix); ok && v != "" {
			out = append(out, v)
		}
	}
	return out
}

// MetaString returns the card's front-matter value for key when it is a string.
func (c *Card) MetaString(key string) string {
	s, _ := c.Meta[key].(string)
	return s
}

// MetaStrings returns the card's front-matter value for key as a list of
// strings, accepting both a single string and a list.
func (c *Card) MetaStrings(key string) []string {
	switch v := c.Meta[key].(type) {
	case string:
		if v == "" {
			return nil
		}
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok && s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
