package hf

import (
	"encoding/json"

	"github.com/cogport/cogport/facts"
)

// fillFromCard sets what the Hub would derive from a card's front matter:
// pipeline tag, library (library_name, or the older library_tag), tags,
// base_model tags and widgets.
func fillFromCard(m *facts.Model) {
	c := &m.Card
	m.PipelineTag = c.MetaString("pipeline_tag")
	m.LibraryName = c.MetaString("library_name")
	if m.LibraryName == "" {
		m.LibraryName = c.MetaString("library_tag")
	}
	m.Tags = append(m.Tags, c.MetaStrings("tags")...)
	m.Tags = append(m.Tags, baseModelTags(m)...)
	if ws, ok := c.Meta["widget"].([]any); ok {
		for _, w := range ws {
			if wm, ok := w.(map[string]any); ok {
				if wd, ok := widgetFromMap(wm); ok {
					m.Widgets = append(m.Widgets, wd)
				}
			}
		}
	}
}

// baseModelTags mirrors the Hub's base_model tags: "base_model:<id>" and
// "base_model:<relation>:<id>", the relation from base_model_relation or,
// for a folder with adapter_config.json, "adapter".
func baseModelTags(m *facts.Model) []string {
	rel := m.Card.MetaString("base_model_relation")
	if rel == "" && m.HasFile("adapter_config.json") {
		rel = "adapter"
	}
	var tags []string
	for _, id := range m.Card.MetaStrings("base_model") {
		tags = append(tags, "base_model:"+id)
		if rel != "" {
			tags = append(tags, "base_model:"+rel+":"+id)
		}
	}
	return tags
}

// Keys the Hub copies into a model info's "config".
var (
	configKeys    = []string{"architectures", "model_type", "auto_map", "quantization_config"}
	tokenizerKeys = []string{"chat_template", "bos_token", "eos_token", "pad_token", "unk_token", "use_default_system_prompt"}
	adapterKeys   = []string{"base_model_name_or_path", "task_type"}
)

// localConfig builds the Hub's "config" object from the snapshot's own
// files, so recipes read config.diffusers._class_name, architectures and
// model_type the same way for both sources. Files that are missing or not
// JSON objects contribute nothing.
func localConfig(m *facts.Model, snap *snapshot) json.RawMessage {
	cfg := map[string]any{}
	read := func(path string) map[string]any {
		if !m.HasFile(path) {
			return nil
		}
		b, err := snap.read(path)
		if err != nil {
			return nil
		}
		var v map[string]any
		if json.Unmarshal(b, &v) != nil {
			return nil
		}
		return v
	}
	copyKeys(cfg, read("config.json"), configKeys)
	if sub := pick(read("tokenizer_config.json"), tokenizerKeys); len(sub) > 0 {
		cfg["tokenizer_config"] = sub
	}
	if sub := pick(read("model_index.json"), []string{"_class_name"}); len(sub) > 0 {
		cfg["diffusers"] = sub
	}
	if sub := pick(read("adapter_config.json"), adapterKeys); len(sub) > 0 {
		cfg["peft"] = sub
	}
	if len(cfg) == 0 {
		return nil
	}
	b, _ := json.Marshal(cfg)
	return b
}

func pick(src map[string]any, keys []string) map[string]any {
	out := map[string]any{}
	copyKeys(out, src, keys)
	return out
}

func copyKeys(dst, src map[string]any, keys []string) {
	for _, k := range keys {
		if v, ok := src[k]; ok && v != nil {
			dst[k] = v
		}
	}
}
