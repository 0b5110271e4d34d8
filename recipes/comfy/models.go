package comfy

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// modelsDir is where ComfyUI's loaders look, and weights.py downloads.
const modelsDir = ComfyUIDir + "/models"

// modelFile is one resolved model and where it lands.
type modelFile struct {
	m facts.ComfyModel
	// file is the name the workflow must reference it by, relative to its
	// folder: what the download or archive leaves on disk.
	file string
	// rel is the file's path under models/.
	rel string
}

// planModels places every resolved model under models/ and lists the rest.
// Two references to one file become one download.
func planModels(models []facts.ComfyModel) ([]modelFile, []Unresolved) {
	var out []modelFile
	var missing []Unresolved
	index := map[string]int{}
	for _, m := range models {
		mf, why := placeModel(m)
		if why != "" {
			missing = append(missing, Unresolved{Kind: KindModel, Name: m.Name, Where: m.Folder, Why: why})
			continue
		}
		if i, ok := index[mf.rel]; ok {
			if out[i].m.URL != m.URL {
				missing = append(missing, Unresolved{Kind: KindModel, Name: m.Name, Where: m.Folder,
					Why: fmt.Sprintf("two downloads claim models/%s (%s and %s)", mf.rel, out[i].m.URL, m.URL)})
				continue
			}
			out[i].m.Refs = append(out[i].m.Refs, m.Refs...)
			continue
		}
		index[mf.rel] = len(out)
		out = append(out, mf)
	}
	return out, missing
}

// placeModel decides where m lands, or says why it cannot be downloaded.
func placeModel(m facts.ComfyModel) (modelFile, string) {
	switch {
	case !m.Resolved():
		return modelFile{}, firstNonEmpty(m.Problem, "no download URL is known")
	case m.Folder == "":
		return modelFile{}, "the models folder it belongs in is unknown"
	case !plainURL.MatchString(m.URL):
		return modelFile{}, fmt.Sprintf("its URL %q is not a plain http(s) URL", m.URL)
	}
	file := m.Name
	if m.Archive {
		// A CDN tar holds the file under its canonical name (cog-comfyui's
		// synonyms), extracted into the folder the workflow names.
		file = path.Join(path.Dir(m.Name), firstNonEmpty(m.Stored, path.Base(m.Name)))
	}
	rel := m.Folder + "/" + file
	if !SafeModelPath(m.Folder) || !SafeModelPath(file) || !SafeModelPath(rel) {
		return modelFile{}, fmt.Sprintf("models/%s would leave the models folder", rel)
	}
	return modelFile{m: m, file: file, rel: rel}, ""
}

var plainURL = regexp.MustCompile(`^https?://[^\s\x00-\x1f\x7f]+$`)

// SafeModelPath reports whether rel is a plain relative path that stays
// inside the models folder: no absolute or drive path, no backslash, no
// empty, "." or ".." segment, no control character.
func SafeModelPath(rel string) bool {
	if rel == "" || strings.ContainsAny(rel, "\\\x00") || strings.HasPrefix(rel, "/") {
		return false
	}
	for _, seg := range strings.Split(rel, "/") {
		if seg == "" || seg == "." || seg == ".." || strings.TrimSpace(seg) != seg {
			return false
		}
		for _, r := range seg {
			if r < 0x20 || r == 0x7f {
				return false
			}
		}
	}
	return !(len(rel) > 1 && rel[1] == ':')
}

// useModels sets the weights manifest and renders workflow.json with every
// model reference pointing at the file the package downloads.
func useModels(p *plan.Plan, w *facts.ComfyWorkflow, models []modelFile) error {
	p.Weights = plan.Weights{Strategy: "pget", Dir: "models", Files: []plan.WeightFile{}}
	rewrites := map[facts.ComfyTarget]string{}
	var rows []map[string]any
	for _, mf := range models {
		p.Weights.Files = append(p.Weights.Files, plan.WeightFile{Path: mf.rel, Size: -1, URL: mf.m.URL, Archive: mf.m.Archive})
		for _, ref := range mf.m.Refs {
			rewrites[ref] = mf.file
		}
		rows = append(rows, map[string]any{"Path": mf.rel, "URL": mf.m.URL, "Source": sourceLabel(mf.m.Source),
			"Size": firstNonEmpty(mf.m.Size, "unknown"), "Archive": mf.m.Archive})
	}
	workflow, renamed, err := renderWorkflow(w.Prompt, rewrites)
	if err != nil {
		return err
	}
	for _, r := range renamed {
		p.Warn(r)
	}
	p.Vars["Workflow"] = workflow
	p.Vars["Models"] = rows
	p.Vars["ModelsDir"] = modelsDir
	return nil
}

// sourceLabel says, for the README, where a download URL was found.
func sourceLabel(source string) string {
	switch source {
	case "properties":
		return "the workflow's own link"
	case "user":
		return "your model map"
	case "url":
		return "the URL in the workflow"
	case "manager":
		return "ComfyUI-Manager's model list"
	case "cog-comfyui":
		return "Replicate's weights CDN"
	}
	return firstNonEmpty(source, "unknown")
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
