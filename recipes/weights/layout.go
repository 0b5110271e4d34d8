package weights

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
)

const (
	modelIndex  = "model_index.json"
	modulesJSON = "modules.json"
)

// rootLibraries load a model from the repository root (plus, for
// sentence-transformers, its module folders); anything in other folders is
// not read.
var rootLibraries = map[string]bool{
	"transformers": true, "sentence-transformers": true, "setfit": true, "peft": true,
	"timm": true, "open_clip": true, "vllm": true, "mistral": true, "transformers.js": true,
}

// moduleFolder is sentence-transformers' module folder naming (1_Pooling,
// 2_Normalize, 2_Dense), used when modules.json was not fetched.
var moduleFolder = regexp.MustCompile(`^\d+_[A-Za-z][A-Za-z0-9_]*$`)

// layoutFolders makes every folder its own component: the layout for
// libraries whose loaders read whatever the repository holds.
func (s *selector) layoutFolders() {
	rootWeights := s.rootHasWeights()
	for _, e := range s.kept() {
		if e.top() == "original" && rootWeights {
			e.reason = "original/ checkpoint (HF shards exist)"
			continue
		}
		e.comp = e.dir()
	}
}

// layoutRoot keeps the root and the sentence-transformers modules (and the
// onnx/ folder when onnx was chosen); Meta's original/ folder and anything
// else outside them is skipped.
func (s *selector) layoutRoot() {
	modules := s.moduleFolders()
	if s.o.Format == FormatONNX {
		modules["onnx"] = true
	}
	rootWeights := s.rootHasWeights()
	for _, e := range s.kept() {
		top := e.top()
		switch {
		case top == "" || modules[top]:
			e.comp = top
		case top == "original" && rootWeights:
			e.reason = "original/ checkpoint (HF shards exist)"
		default:
			e.reason = fmt.Sprintf("outside the model root (not loaded by %s)", s.library())
		}
	}
}

// rootHasWeights reports whether the root holds a weight the chosen format
// loads: then original/ is a second copy, not the model.
func (s *selector) rootHasWeights() bool {
	for _, e := range s.entries {
		if e.reason == "" && e.weight && len(e.dirs) == 0 {
			return true
		}
	}
	return false
}

// moduleFolders lists sentence-transformers module folders, from
// modules.json when it was fetched, else by their naming.
func (s *selector) moduleFolders() map[string]bool {
	out := map[string]bool{}
	if raw, ok := s.o.Configs[modulesJSON]; ok {
		var mods []struct {
			Path string `json:"path"`
		}
		if err := json.Unmarshal(raw, &mods); err == nil {
			for _, m := range mods {
				if top, _, _ := strings.Cut(m.Path, "/"); top != "" {
					out[top] = true
				}
			}
			return out
		}
		s.warn("modules.json is not a module list; module folders guessed from their names")
	}
	for _, e := range s.entries {
		if top := e.top(); moduleFolder.MatchString(top) {
			out[top] = true
		}
	}
	return out
}

// pipeline is a diffusers pipeline's layout: its component folders, the
// files model_index.json says to ignore, and why other folders are skipped.
type pipeline struct {
	comps, ignore map[string]bool
	outside       map[string]string
}

// layoutDiffusers keeps model_index.json and the pipeline's component
// folders. Root weights (single-file checkpoints, LoRAs) and folders outside
// the pipeline are skipped. A repository with no pipeline folders at all (a
// LoRA, a textual inversion, a single ControlNet) is laid out by folder.
func (s *selector) layoutDiffusers() error {
	p, err := s.pipeline()
	if err != nil {
		return err
	}
	if len(p.comps) == 0 {
		s.layoutFolders()
		return nil
	}
	for _, e := range s.kept() {
		switch {
		case p.ignore[e.Path]:
			e.reason = "listed in model_index.json _ignore_files"
		case len(e.dirs) == 0:
			e.reason = diffusersRoot(e)
		case p.comps[e.top()]:
			e.comp = e.top()
		case p.outside[e.top()] != "":
			e.reason = p.outside[e.top()]
		default:
			e.reason = "not a pipeline folder"
		}
	}
	return nil
}

// diffusersRoot is the reason a root file of a pipeline repository is
// skipped, or "" for the files DiffusionPipeline.download fetches there.
func diffusersRoot(e *entry) string {
	switch {
	case e.weight || e.index:
		if strings.Contains(strings.ToLower(e.base), "lora") {
			return "root LoRA (not part of the pipeline)"
		}
		return "root single-file checkpoint (the pipeline loads its folders)"
	case e.base == modelIndex, e.base == "config.json", e.base == "scheduler_config.json",
		strings.HasSuffix(e.base, ".py"):
		return ""
	}
	return "root file outside the pipeline folders"
}

// pipeline reads the component folders from model_index.json: keys valued
// [library, Class], except `_` keys and null entries. Without a fetched
// model_index.json (or in onnx mode, whose ONNX folders model_index.json
// does not list) the components are inferred from the folders.
func (s *selector) pipeline() (pipeline, error) {
	raw, ok := s.o.Configs[modelIndex]
	if !ok || s.o.Format == FormatONNX {
		if !ok && s.byPath[modelIndex] != nil {
			s.warn("model_index.json was not fetched; pipeline folders inferred from the file list")
		}
		return s.inferPipeline(), nil
	}
	var index map[string]json.RawMessage
	if err := json.Unmarshal(raw, &index); err != nil {
		return pipeline{}, fmt.Errorf("parse model_index.json: %w", err)
	}
	p := pipeline{comps: map[string]bool{}, ignore: map[string]bool{}, outside: map[string]string{}}
	for key, val := range index {
		if key == "_ignore_files" {
			var files []string
			_ = json.Unmarshal(val, &files) // a malformed list ignores nothing
			for _, f := range files {
				p.ignore[f] = true
			}
			continue
		}
		var pair []*string
		if strings.HasPrefix(key, "_") || json.Unmarshal(val, &pair) != nil ||
			len(pair) != 2 || pair[0] == nil || pair[1] == nil {
			continue
		}
		p.comps[key] = true
	}
	for _, e := range s.entries {
		if top := e.top(); top != "" && !p.comps[top] {
			p.outside[top] = "not in model_index.json"
		}
	}
	s.warnMissing(p.comps)
	return p, nil
}

// warnMissing notes components model_index.json names but the repository lacks.
func (s *selector) warnMissing(comps map[string]bool) {
	present := map[string]bool{}
	for _, e := range s.entries {
		present[e.top()] = true
	}
	var missing []string
	for c := range comps {
		if !present[c] {
			missing = append(missing, c)
		}
	}
	slices.Sort(missing)
	for _, c := range missing {
		s.warn("model_index.json lists %s but the repository has no %s/ folder", c, c)
	}
}

// inferPipeline treats a top folder as a pipeline component when it holds
// weights in the chosen format, or no weights at all but a JSON config
// (scheduler/, tokenizer/, feature_extractor/). A folder whose only weights
// are another framework's (vae_decoder/ with model.onnx) is not one. With
// no weights in any folder there is no pipeline: a LoRA with a samples/
// folder is laid out by folder.
func (s *selector) inferPipeline() pipeline {
	type folder struct {
		chosen, json bool
		other        string
	}
	folders := map[string]*folder{}
	for _, e := range s.entries {
		if e.byRule || len(e.dirs) == 0 {
			continue
		}
		f := folders[e.top()]
		if f == nil {
			f = &folder{}
			folders[e.top()] = f
		}
		switch {
		case e.weight && e.chosen:
			f.chosen = true
		case e.weight && f.other == "":
			f.other = e.fw
		case strings.HasSuffix(e.base, ".json"):
			f.json = true
		}
	}
	p := pipeline{comps: map[string]bool{}, outside: map[string]string{}}
	if !slices.ContainsFunc(slices.Collect(maps.Values(folders)), func(f *folder) bool { return f.chosen }) {
		return p
	}
	for name, f := range folders {
		switch {
		case f.chosen || (f.other == "" && f.json):
			p.comps[name] = true
		case f.other != "":
			p.outside[name] = fmt.Sprintf("folder holds only %s weights", f.other)
		}
	}
	return p
}
