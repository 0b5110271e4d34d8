// Package weights chooses the files a model needs. (Placeholder until the
// full selection lands: keeps safetensors and small config files.)
package weights

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// ErrNoWeights means the repository holds no loadable weights.
var ErrNoWeights = errors.New("no weights")

// Options tune the selection.
type Options struct {
	Library string
	Variant string
	Format  string
	Configs map[string][]byte
}

// Selection is the chosen files.
type Selection struct {
	Files                     []facts.File
	Skipped                   []plan.Skipped
	TotalBytes, SnapshotBytes int64
	AllowPatterns             []string
}

// Select picks the files.
func Select(files []facts.File, o Options) (Selection, error) {
	var s Selection
	weights := 0
	for _, f := range files {
		if f.Size > 0 {
			s.SnapshotBytes += f.Size
		}
		ext := path.Ext(f.Path)
		switch {
		case ext == ".safetensors":
			weights++
			s.Files = append(s.Files, f)
		case ext == ".json" || ext == ".txt" || ext == ".model":
			if strings.HasPrefix(f.Path, "onnx/") {
				s.Skipped = append(s.Skipped, plan.Skipped{Path: f.Path, Size: f.Size, Reason: "other framework"})
				continue
			}
			s.Files = append(s.Files, f)
		default:
			s.Skipped = append(s.Skipped, plan.Skipped{Path: f.Path, Size: f.Size, Reason: "not needed"})
		}
	}
	if weights == 0 {
		return s, ErrNoWeights
	}
	for _, f := range s.Files {
		if f.Size > 0 {
			s.TotalBytes += f.Size
		}
	}
	return s, nil
}

// Strategy picks bake, pget or hub.
func Strategy(sel Selection, gated, private bool, override string) (string, error) {
	switch override {
	case "bake", "pget", "hub":
		return override, nil
	case "":
	default:
		return "", fmt.Errorf("unknown weights strategy %q (want bake, pget or hub)", override)
	}
	if gated || private {
		return "hub", nil
	}
	if sel.TotalBytes <= 1e9 {
		return "bake", nil
	}
	return "pget", nil
}

// SeparateWeights reports whether weights are large enough for their own layer.
func SeparateWeights(total int64) bool { return total > 1e9 }
