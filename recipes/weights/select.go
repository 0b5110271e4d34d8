package weights

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// Formats a package can download. Safetensors is the default and also takes
// PyTorch pickles for components that have no safetensors.
const (
	FormatSafetensors = "safetensors"
	FormatGGUF        = "gguf"
	FormatONNX        = "onnx"
)

// Errors Select returns, wrapped with the file or detail they concern.
var (
	// ErrNoWeights means nothing loadable is left: no weights at all, or
	// only other frameworks' weights.
	ErrNoWeights = errors.New("no weights to download")
	// ErrBadPath means a repository path could escape the download folder.
	ErrBadPath = errors.New("unsafe repository path")
	// ErrSizeUnknown means a selected weight file has no size, so the
	// strategy cannot be chosen; ask the Hub with ?blobs=true.
	ErrSizeUnknown = errors.New("size unknown")
	// ErrBadIndex means a weight index names a shard that is not in the
	// repository, or is not valid JSON.
	ErrBadIndex = errors.New("bad weight index")
)

// Options says what the package loads.
type Options struct {
	// Library is the model's library_name (diffusers, transformers,
	// sentence-transformers, peft, ...). Empty means unknown: a repository
	// with model_index.json is then treated as diffusers.
	Library string
	// Variant is the weight variant to prefer (diffusers' `name.fp16.ext`).
	// Empty prefers fp16, then bf16, then full precision; "none" (or "fp32")
	// prefers full precision. A component without the variant falls back to
	// full precision, as diffusers does.
	Variant string
	// Format is FormatSafetensors (the default), FormatGGUF or FormatONNX.
	Format string
	// Quant picks the GGUF quantization ("Q4_K_M") when Format is gguf;
	// empty picks by a fixed preference order.
	Quant string
	// Configs holds fetched config files by repository path:
	// model_index.json, model.safetensors.index.json, modules.json, ...
	Configs map[string][]byte
}

// Selection is what a package downloads, and what it leaves out and why.
type Selection struct {
	// Files are the files to download, sorted by path.
	Files []facts.File
	// Skipped are the other repository files, sorted by path.
	Skipped []plan.Skipped
	// TotalBytes sums the selected files' known sizes (a config without a
	// size counts 0); SnapshotBytes sums the whole repository's.
	TotalBytes, SnapshotBytes int64
	// AllowPatterns are huggingface_hub allow_patterns (one escaped path per
	// file) that select exactly Files.
	AllowPatterns []string
	// Variant is the variant the selected weights use ("fp16"), or "".
	Variant string
	// Format is safetensors, pytorch or mixed (some components only have
	// pickles), or gguf / onnx when that format was chosen.
	Format string
	// Warnings note guesses: an index or model_index.json that was not
	// fetched, components with different variants.
	Warnings []string
}

// Select chooses the files of a repository that the model's loader reads,
// one copy of each tensor, following DESIGN §3. Files may come in any order;
// each needs a safe relative path and, for selected weights, a size.
func Select(files []facts.File, o Options) (Selection, error) {
	o, err := o.normalized()
	if err != nil {
		return Selection{}, err
	}
	entries, err := prepare(files, o)
	if err != nil {
		return Selection{}, err
	}
	s := &selector{o: o, entries: entries, byPath: map[string]*entry{}}
	for _, e := range entries {
		s.byPath[e.Path] = e
	}
	if err := s.run(); err != nil {
		return Selection{}, err
	}
	return s.result()
}

func (o Options) normalized() (Options, error) {
	o.Library = strings.ToLower(strings.TrimSpace(o.Library))
	o.Format = strings.ToLower(strings.TrimSpace(o.Format))
	if o.Format == "" {
		o.Format = FormatSafetensors
	}
	if _, ok := formatFrameworks[o.Format]; !ok {
		return o, fmt.Errorf("unknown weight format %q (want safetensors, gguf or onnx)", o.Format)
	}
	o.Variant = strings.TrimSpace(o.Variant)
	return o, nil
}

// selector carries one Select call: the entries, their decisions so far and
// the warnings to report.
type selector struct {
	o        Options
	entries  []*entry
	byPath   map[string]*entry
	variants map[string]string // component → chosen variant
	warnings []string
}

func (s *selector) warn(format string, args ...any) {
	s.warnings = append(s.warnings, fmt.Sprintf(format, args...))
}

// kept returns the entries no rule has skipped yet.
func (s *selector) kept() []*entry {
	var out []*entry
	for _, e := range s.entries {
		if e.reason == "" {
			out = append(out, e)
		}
	}
	return out
}

func (s *selector) run() error {
	switch {
	case s.o.Format == FormatGGUF:
		return s.selectGGUF()
	case s.library() == "diffusers":
		if err := s.layoutDiffusers(); err != nil {
			return err
		}
	case rootLibraries[s.library()]:
		s.layoutRoot()
	default:
		s.layoutFolders()
	}
	return s.chooseAll()
}

// library is Options.Library, or diffusers for an unlabelled repository
// with a model_index.json.
func (s *selector) library() string {
	if s.o.Library == "" && s.byPath[modelIndex] != nil {
		return "diffusers"
	}
	return s.o.Library
}

func (s *selector) result() (Selection, error) {
	sel := Selection{Format: s.o.Format}
	var formats []string
	for _, e := range s.entries {
		if e.Size > 0 {
			sel.SnapshotBytes += e.Size
		}
		if e.reason != "" {
			sel.Skipped = append(sel.Skipped, plan.Skipped{Path: e.Path, Size: e.Size, Reason: e.reason})
			continue
		}
		if e.weight && e.Size < 0 {
			return Selection{}, fmt.Errorf("%w for %s; the Hub answer lacks blobs", ErrSizeUnknown, e.Path)
		}
		if e.weight && !slices.Contains(formats, e.fw) {
			formats = append(formats, e.fw)
		}
		sel.Files = append(sel.Files, e.File)
		sel.AllowPatterns = append(sel.AllowPatterns, Escape(e.Path))
		sel.TotalBytes += max(e.Size, 0)
	}
	if len(formats) == 0 {
		return Selection{}, s.noWeights()
	}
	if sel.Format == FormatSafetensors && len(formats) == 1 {
		sel.Format = formats[0]
	} else if sel.Format == FormatSafetensors {
		sel.Format = "mixed"
	}
	sel.Variant = s.variant()
	sel.Warnings = s.warnings
	return sel, nil
}

// variant reports the one variant the selected weights use; components that
// disagree get a warning, since a pipeline takes a single variant argument.
func (s *selector) variant() string {
	var comps []string
	for c, v := range s.variants {
		if v != "" {
			comps = append(comps, c)
		}
	}
	slices.Sort(comps)
	if len(comps) == 0 {
		return ""
	}
	v := s.variants[comps[0]]
	for _, c := range comps[1:] {
		if s.variants[c] != v {
			s.warn("components use different variants: %s in %s, %s in %s", v, folder(comps[0]), s.variants[c], folder(c))
		}
	}
	return v
}

func folder(comp string) string {
	if comp == "" {
		return "the root"
	}
	return comp + "/"
}

// noWeights explains an empty selection: the repository has no weights, or
// every weight was skipped (other frameworks, folders the loader ignores).
func (s *selector) noWeights() error {
	var skipped []string
	for _, e := range s.entries {
		if e.weight {
			skipped = append(skipped, fmt.Sprintf("%s (%s)", e.Path, e.reason))
		}
	}
	if len(skipped) == 0 {
		return fmt.Errorf("%w: none of the %d files holds weights", ErrNoWeights, len(s.entries))
	}
	if len(skipped) > 3 {
		skipped = append(skipped[:3], fmt.Sprintf("and %d more", len(skipped)-3))
	}
	return fmt.Errorf("%w: every weight file was skipped: %s", ErrNoWeights, strings.Join(skipped, ", "))
}
