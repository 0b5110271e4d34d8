package recipes

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
	"github.com/cogport/cogport/recipes/weights"
)

// pythonVersion is the Python every recipe builds on: supported by every
// torch row cogport pins, and by cog 0.16 to 0.22.
const pythonVersion = "3.12"

// base fills what every Hugging Face plan shares: source, names, license.
func base(m *facts.Model, c Class, o Options, recipe, template string) *plan.Plan {
	p := &plan.Plan{
		Recipe:         recipe,
		Task:           c.Task,
		Library:        c.Library,
		Template:       template,
		Source:         source(m),
		Title:          title(m),
		Summary:        m.Card.Summary,
		License:        license(m),
		PythonVersion:  pythonVersion,
		Model:          modelName(m, o),
		PredictTimeout: 600,
		Vars:           map[string]any{},
		Warnings:       []string{},
	}
	warnLicense(p)
	if m.ID == "" {
		p.Warn("the snapshot's Hub repository is unknown: weights are copied from the folder and baked into the image (pass --repo-id to download them from the Hub instead)")
	}
	return p
}

func source(m *facts.Model) plan.Source {
	if m.Endpoint == "" {
		s := plan.Source{Kind: "hf-local", ID: m.ID, SHA: m.SHA}
		if s.ID == "" {
			// The folder's name, not its path: output must not depend on
			// where the snapshot sits on this machine.
			s.ID = filepath.Base(filepath.Clean(m.LocalDir))
		}
		return s
	}
	return plan.Source{Kind: "hf", ID: m.ID, SHA: m.SHA, URL: m.Endpoint + "/" + m.ID}
}

func title(m *facts.Model) string {
	if m.ID != "" {
		return m.ID
	}
	if m.Card.Title != "" {
		return m.Card.Title
	}
	return "A Hugging Face model"
}

func license(m *facts.Model) plan.License {
	l := plan.License{ID: m.Card.MetaString("license"), Name: m.Card.MetaString("license_name"), Link: m.Card.MetaString("license_link")}
	if l.ID == "" {
		l.ID = m.Card.MetaString("licence")
	}
	if l.ID == "" {
		for _, t := range m.TagValues("license:") {
			l.ID = t
			break
		}
	}
	if !strings.HasPrefix(l.Link, "https://") {
		l.Link = ""
	}
	return l
}

// nonCommercial license ids, from the Hub's license list.
var nonCommercial = regexp.MustCompile(`(^|-)nc($|-)|non-commercial|noncommercial|research`)

func warnLicense(p *plan.Plan) {
	id := strings.ToLower(p.License.ID)
	switch {
	case id == "":
		p.Warn("the model card states no license: check the terms before publishing")
	case id == "other":
		p.Warn(fmt.Sprintf("the license is %q (\"other\"): read its terms before publishing", firstNonEmpty(p.License.Name, "custom")))
	case nonCommercial.MatchString(id) || nonCommercial.MatchString(strings.ToLower(p.License.Name)):
		p.Warn(fmt.Sprintf("the license %s does not allow commercial use", id))
	}
}

var modelUnsafe = regexp.MustCompile(`[^a-z0-9_.-]+`)

// modelName is the Replicate destination: --model, else the source id,
// lowercased, else a placeholder the README explains.
func modelName(m *facts.Model, o Options) string {
	if o.Model != "" {
		return o.Model
	}
	owner, name, ok := strings.Cut(strings.ToLower(m.ID), "/")
	if !ok {
		return plan.PlaceholderOwner + "/model"
	}
	owner = strings.Trim(modelUnsafe.ReplaceAllString(owner, "-"), "-")
	name = strings.Trim(modelUnsafe.ReplaceAllString(name, "-"), "-")
	if owner == "" || name == "" {
		return plan.PlaceholderOwner + "/model"
	}
	return owner + "/" + name
}

// ValidModelName checks a --model value the way cog-safe-push does.
func ValidModelName(s string) bool {
	return regexp.MustCompile(`^[a-z0-9_.-]+/[a-z0-9_.-]+$`).MatchString(s)
}

// useStack pins the stack's packages and sets GPU, CUDA and test hardware.
func useStack(p *plan.Plan, s stack, gpu bool, torchExtras []string, names ...string) error {
	reqs, row, err := s.requirements(torchExtras, names...)
	if err != nil {
		return err
	}
	if !row.SupportsPython(p.PythonVersion) {
		return fmt.Errorf("torch %s has no wheels for python %s in cog v0.22", row.Torch, p.PythonVersion)
	}
	p.Requirements = reqs
	p.GPU = gpu
	p.Weights.Transfer = s.transfer
	p.Vars["Stack"] = s.name
	p.Vars["CPUFallback"] = s.cpuFallback
	if gpu {
		p.CUDA = row.CUDA()
		p.TestHardware = "gpu-l40s"
	} else {
		p.TestHardware = "cpu"
	}
	return nil
}

// useWeights selects the files to download and the strategy. It returns
// the variant the selected weights use ("fp16" or "").
func useWeights(p *plan.Plan, m *facts.Model, c Class, o Options, variant string) (string, error) {
	sel, sized, err := selectWeights(m, c, variant)
	if err != nil {
		return "", err
	}
	gated := m.Gated != ""
	override := o.Weights
	if o.WeightsURL != "" {
		// A mirror the user controls serves the files without a token:
		// gated or not, pget fetches them from there.
		if override != "" && override != weights.StrategyPget {
			return "", fmt.Errorf("--weights-url is a mirror for pget; it does not go with --weights %s", override)
		}
		override, gated = weights.StrategyPget, false
	}
	if !sized && override == "" {
		// Without sizes the choice cannot be made by size: the Hub client
		// downloads what it is told to, whatever the size.
		override = weights.StrategyHub
		p.Warn("the Hub gave no file sizes for this revision, so weights download with huggingface_hub at setup; pass --weights to choose")
	}
	strategy, err := weights.Strategy(sel, gated, m.Private && o.WeightsURL == "", override)
	if err != nil {
		return "", err
	}
	if m.ID == "" {
		strategy = weights.StrategyBake
	}
	w := plan.Weights{
		Strategy: strategy, Repo: m.ID, Revision: m.SHA, Dir: "weights",
		TotalBytes: sel.TotalBytes, SnapshotBytes: sel.SnapshotBytes, Skipped: sel.Skipped,
		Gated: gated, Transfer: p.Weights.Transfer, URLBase: o.WeightsURL,
		SeparateWeights: strategy == weights.StrategyBake && weights.SeparateWeights(sel.TotalBytes),
	}
	w.Files = manifest(m, o, sel, sized)
	p.Weights = w
	for _, warn := range sel.Warnings {
		p.Warn(warn)
	}
	if strategy == weights.StrategyPget {
		p.BuildRun = append(p.BuildRun, pgetInstall)
	}
	if m.ID != "" && m.SHA == "" {
		p.Warn("the snapshot's commit is unknown, so downloads follow the repository's main branch: pass --revision with a commit sha to pin them")
	}
	if gated {
		p.Secrets = append(p.Secrets, plan.Secret{Name: "HF_TOKEN", Use: "input",
			Why: fmt.Sprintf("%s is gated: predictions take an hf_token from an account that accepted its terms, used once to download the weights", m.ID)})
	}
	return sel.Variant, nil
}

// selectWeights runs the file selection. A Hub answer with no sizes at all
// (an old or mirrored Hub that ignores ?blobs=true) is selected by name
// alone, and reported unsized; one with some sizes missing is an error.
func selectWeights(m *facts.Model, c Class, variant string) (weights.Selection, bool, error) {
	o := weights.Options{Library: c.Library, Variant: variant, Configs: m.Configs}
	sel, err := weights.Select(m.Files, o)
	sized := true
	if errors.Is(err, weights.ErrSizeUnknown) && noSizes(m.Files) {
		sized = false
		unsized := make([]facts.File, len(m.Files))
		for i, f := range m.Files {
			f.Size = 0
			unsized[i] = f
		}
		sel, err = weights.Select(unsized, o)
	}
	if errors.Is(err, weights.ErrNoWeights) {
		return sel, sized, fmt.Errorf("%s holds no model weights that %s can load: %w", displayID(m), c.Library, err)
	}
	return sel, sized, err
}

func noSizes(files []facts.File) bool {
	for _, f := range files {
		if f.Size >= 0 {
			return false
		}
	}
	return true
}

// manifest lists the selected files with the URL each comes from, pinned
// to the commit (or a --weights-url mirror). Unknown sizes stay -1, which
// weights.py reads as "check that the file exists".
func manifest(m *facts.Model, o Options, sel weights.Selection, sized bool) []plan.WeightFile {
	if m.ID == "" {
		out := make([]plan.WeightFile, len(sel.Files))
		for i, f := range sel.Files {
			out[i] = plan.WeightFile{Path: f.Path, Size: f.Size, SHA256: f.SHA256}
		}
		return out
	}
	rev := m.SHA
	if rev == "" {
		rev = "main"
	}
	files := sel.Manifest(m.Endpoint, m.ID, rev)
	for i := range files {
		if !sized {
			files[i].Size = -1
		}
		if o.WeightsURL != "" {
			files[i].URL = strings.TrimRight(o.WeightsURL, "/") + "/" + files[i].Path
		}
	}
	return files
}

// pgetInstall installs a pinned pget release, as Replicate's own models do.
const pgetInstall = `curl -fsSL -o /usr/local/bin/pget "https://github.com/replicate/pget/releases/download/v0.8.2/pget_linux_x86_64" && chmod +x /usr/local/bin/pget`

func displayID(m *facts.Model) string {
	if m.ID != "" {
		return m.ID
	}
	return filepath.Base(filepath.Clean(m.LocalDir))
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// config reads a value from a fetched config file.
func cfg(m *facts.Model, file, path string) gjson.Result {
	return gjson.GetBytes(m.Configs[file], path)
}

// setting returns the card's recommended value for a keyword argument.
func setting(m *facts.Model, key string) (any, bool) {
	v, ok := m.Card.Settings[key]
	return v, ok
}

func settingInt(m *facts.Model, key string, def int64) int64 {
	switch v := m.Card.Settings[key].(type) {
	case int64:
		return v
	case float64:
		if v == float64(int64(v)) {
			return int64(v)
		}
	}
	return def
}

func settingFloat(m *facts.Model, key string, def float64) float64 {
	switch v := m.Card.Settings[key].(type) {
	case int64:
		return float64(v)
	case float64:
		return v
	}
	return def
}

// seedInput is the usual optional seed: blank means random, and the seed
// used is printed so a result can be reproduced.
func seedInput() plan.Input {
	return plan.Input{Name: "seed", Type: "int", Optional: true,
		Description: "Random seed. Leave blank to pick one at random; the seed used is printed in the logs."}
}

func clamp(v, lo, hi float64) float64 {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}
