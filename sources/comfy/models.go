package comfy

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/sources/comfy/catalog"
	"github.com/cogport/cogport/sources/comfy/nodedef"
)

// Model sources (facts.ComfyModel.Source), in the order they are tried.
const (
	SourceProperties = "properties"
	SourceUser       = "user"
	SourceURL        = "url"
	SourceManager    = "manager"
	SourceCog        = "cog-comfyui"
)

// ModelSource is one entry of a user's model map.
type ModelSource struct {
	URL    string `yaml:"url"`
	Folder string `yaml:"folder"`
}

// ParseModelMap reads a user's model map: YAML mapping a file name (as
// the workflow writes it) to {url, folder}.
func ParseModelMap(data []byte) (map[string]ModelSource, error) {
	var m map[string]ModelSource
	if err := yaml.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("model map: %w", err)
	}
	for name, s := range m {
		if s.URL == "" {
			return nil, fmt.Errorf("model map: %q has no url", name)
		}
		if unsafePath(strings.ReplaceAll(s.Folder, `\`, "/")) {
			return nil, fmt.Errorf("model map: %q: folder %q leaves the models folder", name, s.Folder)
		}
	}
	return m, nil
}

type modelResolver struct {
	w    *Workflow
	cat  *catalog.Catalog
	user map[string]ModelSource
}

// ResolveModels finds a download URL and target folder for every model
// file the workflow references, trying in order the UI's
// properties.models, the user's map, a URL written in place of a name,
// ComfyUI-Manager's model list (by file name and save path) and
// cog-comfyui's weights CDN (with its synonyms). The rest are listed with
// the folder they belong in and the reason.
func ResolveModels(w *Workflow, defs *nodedef.Table, cat *catalog.Catalog, user map[string]ModelSource) []facts.ComfyModel {
	r := &modelResolver{w: w, cat: cat, user: user}
	var out []facts.ComfyModel
	index := map[string]int{}
	for _, ref := range modelRefs(w, defs) {
		m := r.resolve(ref)
		key := m.Folder + "\x00" + m.Name
		if i, ok := index[key]; ok {
			out[i].Refs = append(out[i].Refs, m.Refs...)
			continue
		}
		index[key] = len(out)
		out = append(out, m)
	}
	return out
}

func (r *modelResolver) resolve(ref modelRef) facts.ComfyModel {
	m := facts.ComfyModel{Name: ref.name, Folder: ref.folder,
		Refs: []facts.ComfyTarget{{Node: ref.target.Node, Input: ref.target.Input}}}
	if unsafePath(ref.name) {
		m.Problem = "the path leaves the models folder; not downloaded"
		return m
	}
	names := []string{ref.name}
	if ref.embedding {
		names = embeddingNames(ref.name)
	}
	for _, try := range []func(*facts.ComfyModel, []string) bool{
		r.fromProperties, r.fromUser, r.fromURL, r.fromManager, r.fromCog,
	} {
		if try(&m, names) {
			return m
		}
	}
	m.Problem = "not in the workflow's properties.models, the model map, ComfyUI-Manager's model list or cog-comfyui's weights"
	if m.Folder == "" {
		m.Problem += "; its folder is unknown"
	}
	return m
}

// fromProperties uses the download links a UI file carries: on the node
// that references the file, or in the workflow's models list.
func (r *modelResolver) fromProperties(m *facts.ComfyModel, names []string) bool {
	links := slices.Clone(r.w.Props[m.Refs[0].Node].Models)
	links = append(links, r.w.ModelLinks...)
	for _, l := range links {
		if l.URL != "" && slices.Contains(names, l.Name) && folderFits(m.Folder, l.Directory) {
			m.Name, m.URL, m.Source = l.Name, l.URL, SourceProperties
			if m.Folder == "" {
				m.Folder = l.Directory
			}
			return true
		}
	}
	return false
}

func (r *modelResolver) fromUser(m *facts.ComfyModel, names []string) bool {
	for _, n := range append(slices.Clone(names), path.Base(names[0])) {
		if s, ok := r.user[n]; ok {
			m.URL, m.Source = s.URL, SourceUser
			if s.Folder != "" {
				m.Folder = strings.Trim(strings.ReplaceAll(s.Folder, `\`, "/"), "/")
			}
			return true
		}
	}
	return false
}

// fromURL accepts a URL written where a file name goes (cog-comfyui's
// LoRA loaders download them).
func (r *modelResolver) fromURL(m *facts.ComfyModel, names []string) bool {
	if !isURL(names[0]) {
		return false
	}
	m.URL, m.Source = downloadURL(names[0]), SourceURL
	m.Name = urlFile(names[0])
	return true
}

// fromManager matches model-list.json on the file name, in the folder the
// loader reads (Manager's save_path, or its type's folder for "default").
// The file lands where the workflow looks for it: the loader's folder +
// name; for a custom loader, whose folder cogport does not know, Manager's
// save path says where the pack looks.
func (r *modelResolver) fromManager(m *facts.ComfyModel, names []string) bool {
	for _, name := range names {
		want := path.Join(m.Folder, path.Dir(name))
		var best *catalog.Model
		for _, e := range r.cat.ModelsNamed(path.Base(name)) {
			switch {
			case e.IsRepo() || e.URL == "":
			case m.Folder != "" && e.Folder() == want:
				best = &e
			case best == nil && folderFits(m.Folder, e.Folder()):
				best = &e
			}
		}
		if best != nil {
			m.Name, m.URL, m.Source, m.Size = name, best.URL, SourceManager, best.Size
			if m.Folder == "" {
				m.Folder = managerFolder(best.Folder(), name)
			}
			return true
		}
	}
	return false
}

// fromCog uses cog-comfyui's CDN: a tar per file, extracted into the
// folder; the file may arrive under its canonical name (ae.sft →
// ae.safetensors), which the workflow must then use.
func (r *modelResolver) fromCog(m *facts.ComfyModel, names []string) bool {
	for _, name := range append(slices.Clone(names), path.Base(names[0])) {
		for _, cw := range r.cat.CogWeights(name) {
			if !folderFits(m.Folder, cw.Folder) {
				continue
			}
			m.URL, m.Source, m.Archive = cw.URL, SourceCog, true
			m.Name = name
			if m.Folder == "" {
				m.Folder = cw.Folder
			}
			if cw.Name != name {
				m.Stored = cw.Name
			}
			return true
		}
	}
	return false
}

// folderFits reports whether a catalog's folder can serve a loader that
// reads want ("" fits anything; "controlnet/SDXL" fits "controlnet").
func folderFits(want, have string) bool {
	return want == "" || have == want || strings.HasPrefix(have, want+"/")
}

// managerFolder is where a custom loader reads a file Manager saves under
// save: the save path itself, less the subfolder the workflow already names
// ("ultralytics/bbox" for "bbox/face_yolov8m.pt" → "ultralytics").
func managerFolder(save, name string) string {
	if dir := path.Dir(name); dir != "." {
		return strings.TrimSuffix(save, "/"+dir)
	}
	// A name without a subfolder sits at the top of ComfyUI's own folder,
	// whatever subfolder Manager sorts the file into ("checkpoints/SDXL"):
	// loaders of that folder list names relative to it.
	if top, _, ok := strings.Cut(save, "/"); ok && coreFolder(top) {
		return top
	}
	return save
}

// coreFolder reports whether folder is one that ComfyUI's own loaders read.
func coreFolder(folder string) bool {
	for _, l := range loaderFolders {
		if l.folder == folder {
			return true
		}
	}
	return folder == "embeddings"
}
