package recipes

import (
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
	"github.com/cogport/cogport/recipes/weights"
)

// assetFolder is a folder of selectable assets a model ships: TTS voices
// (voices/*.pt), Bark's speaker embeddings, styles. Its files become the
// choices of an input, written as a literal list in predict.py when the
// package is generated, so that cog's static schema reads them (choices
// computed at run time fail the build, DESIGN §1.5).
type assetFolder struct {
	// dir is the folder, relative to the repository root.
	dir string
	// exts are the extensions of the asset files.
	exts []string
	// suffix, when set, is the end of the file stem that names an asset
	// whose data is several files (Bark: en_speaker_0_semantic_prompt.npy,
	// _coarse_prompt.npy, _fine_prompt.npy); the asset's name is the stem
	// without it, and files of no named asset are left out.
	suffix string
	// siblings are the other stem endings of one asset's files.
	siblings []string
}

// asset is one choice and the files it needs.
type asset struct {
	name  string
	files []facts.File
}

// assets lists the folder's assets, sorted by name. An asset's name is its
// path inside the folder without the extension (and suffix): "af_bella"
// for voices/af_bella.pt, "v2/en_speaker_0" for Bark.
func (a assetFolder) assets(m *facts.Model) []asset {
	byName := map[string]*asset{}
	prefix := strings.TrimSuffix(a.dir, "/") + "/"
	for _, f := range m.Files {
		rel, ok := strings.CutPrefix(f.Path, prefix)
		ext := path.Ext(rel)
		if !ok || !slices.Contains(a.exts, ext) || strings.HasPrefix(path.Base(rel), ".") {
			continue
		}
		stem := strings.TrimSuffix(rel, ext)
		name, named := stem, true
		if a.suffix != "" {
			name, named = strings.CutSuffix(stem, a.suffix)
			for _, s := range a.siblings {
				if n, ok := strings.CutSuffix(stem, s); ok {
					name, named = n, true
				}
			}
		}
		if !named || name == "" {
			continue
		}
		if byName[name] == nil {
			byName[name] = &asset{name: name}
		}
		byName[name].files = append(byName[name].files, f)
	}
	out := make([]asset, 0, len(byName))
	for _, as := range byName {
		// A multi-file asset counts only when the file that names it exists.
		if a.suffix == "" || slices.ContainsFunc(as.files, func(f facts.File) bool {
			return strings.HasSuffix(strings.TrimSuffix(f.Path, path.Ext(f.Path)), a.suffix)
		}) {
			out = append(out, *as)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// assetInput offers the assets as choices of a str input, defaulting to
// the card's choice (its first setting of one of cardKeys that names an
// asset), else the first. It returns false when there is no choice to make
// (fewer than two assets: cog wants at least two choices).
func assetInput(m *facts.Model, as []asset, name, desc string, cardKeys ...string) (plan.Input, bool) {
	if len(as) < 2 {
		return plan.Input{}, false
	}
	choices := make([]any, len(as))
	names := make([]string, len(as))
	for i, a := range as {
		choices[i], names[i] = a.name, a.name
	}
	def := names[0]
	for _, k := range cardKeys {
		if v, ok := m.Card.Settings[k].(string); ok && slices.Contains(names, v) {
			def = v
			break
		}
	}
	return plan.Input{Name: name, Type: "str", Default: def, Choices: choices, Description: desc}, true
}

// useAssets adds the assets' files to the weights the package downloads,
// pinned like the rest, when the weights selection left them out.
func useAssets(p *plan.Plan, m *facts.Model, as []asset) {
	have := map[string]bool{}
	for _, f := range p.Weights.Files {
		have[f.Path] = true
	}
	var extra []facts.File
	for _, a := range as {
		for _, f := range a.files {
			if !have[f.Path] {
				have[f.Path] = true
				extra = append(extra, f)
			}
		}
	}
	if len(extra) == 0 {
		return
	}
	rows := weights.Selection{Files: extra}.Manifest(m.Endpoint, m.ID, firstNonEmpty(m.SHA, "main"))
	if m.ID == "" {
		for i := range rows {
			rows[i].URL = ""
		}
	}
	for _, r := range rows {
		p.Weights.TotalBytes += r.Size
	}
	p.Weights.Files = append(p.Weights.Files, rows...)
	sort.Slice(p.Weights.Files, func(i, j int) bool { return p.Weights.Files[i].Path < p.Weights.Files[j].Path })
	p.Weights.Skipped = slices.DeleteFunc(p.Weights.Skipped, func(s plan.Skipped) bool { return have[s.Path] })
}
