package recipes

import (
	"fmt"
	"strings"

	"github.com/replicate/cog/pkg/config"
)

// TorchRow is what cog v0.22 knows about one torch release: the companion
// torchvision/torchaudio versions and the CUDA versions it has wheels for.
type TorchRow struct {
	Torch, Torchvision, Torchaudio string
	CUDAs                          []string
	Pythons                        []string
}

// CogTorch looks torch up in cog v0.22's own compatibility matrix (the one
// `cog build` uses), so cogport can never pin a torch cog rejects.
func CogTorch(torch string) (TorchRow, error) {
	row := TorchRow{Torch: torch}
	for _, c := range config.TorchCompatibilityMatrix {
		if c.TorchVersion() != torch {
			continue
		}
		row.Torchvision = c.TorchvisionVersion()
		row.Torchaudio = strings.SplitN(c.Torchaudio, "+", 2)[0]
		row.Pythons = c.Pythons
		if c.CUDA != nil {
			row.CUDAs = append(row.CUDAs, *c.CUDA)
		}
	}
	if row.Torchvision == "" {
		return row, fmt.Errorf("cog v0.22 does not know torch %s", torch)
	}
	return row, nil
}

// CUDA is the CUDA version cog picks for this torch when cog.yaml sets none:
// the highest one in the torch row.
func (r TorchRow) CUDA() string {
	best := ""
	for _, c := range r.CUDAs {
		if best == "" || versionLess(best, c) {
			best = c
		}
	}
	return best
}

// SupportsPython reports whether the row lists python (e.g. "3.12").
func (r TorchRow) SupportsPython(python string) bool {
	for _, p := range r.Pythons {
		if p == python {
			return true
		}
	}
	return false
}

// versionLess compares dotted numeric versions ("12.9" < "13.0").
func versionLess(a, b string) bool {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) || i < len(bs); i++ {
		var x, y int
		if i < len(as) {
			fmt.Sscan(as[i], &x)
		}
		if i < len(bs) {
			fmt.Sscan(bs[i], &y)
		}
		if x != y {
			return x < y
		}
	}
	return false
}
