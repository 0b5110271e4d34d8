package weights

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/cogport/cogport/plan"
)

// Download strategies (DESIGN §3).
const (
	StrategyBake = "bake"
	StrategyPget = "pget"
	StrategyHub  = "hub"
)

// BakeLimit is the largest selection baked into the image by default:
// 1 GB in decimal units (1e9 bytes), the unit the Hub shows sizes in. Above
// it, pushing weights inside the image layers is slow, so a package fetches
// them in setup() instead, or bakes them with --separate-weights.
const BakeLimit int64 = 1_000_000_000

// Strategy picks how a package gets its weights. An override (bake, pget or
// hub) wins when it can work; pget sends no token, so it cannot fetch gated
// or private files. Otherwise gated or private weights use huggingface_hub
// with a token (never baked, so a public image cannot leak them), weights up
// to BakeLimit are baked, and larger ones are fetched with pget.
func Strategy(sel Selection, gated, private bool, override string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(override)) {
	case "":
	case StrategyBake:
		return StrategyBake, nil
	case StrategyHub:
		return StrategyHub, nil
	case StrategyPget:
		if gated || private {
			return "", fmt.Errorf("pget cannot download gated or private weights (it sends no token); use hub or bake")
		}
		return StrategyPget, nil
	default:
		return "", fmt.Errorf("unknown weights strategy %q (want bake, pget or hub)", override)
	}
	switch {
	case gated || private:
		return StrategyHub, nil
	case sel.TotalBytes <= BakeLimit:
		return StrategyBake, nil
	}
	return StrategyPget, nil
}

// SeparateWeights reports whether baked weights are big enough to go in
// their own image layer (`cog push --separate-weights`).
func SeparateWeights(total int64) bool { return total > BakeLimit }

// Manifest lists the selected files for plan.Weights, each with its
// resolve URL pinned to the commit sha; endpoint defaults to the Hub.
func (sel Selection) Manifest(endpoint, repo, sha string) []plan.WeightFile {
	if endpoint == "" {
		endpoint = "https://huggingface.co"
	}
	endpoint = strings.TrimRight(endpoint, "/")
	out := make([]plan.WeightFile, 0, len(sel.Files))
	for _, f := range sel.Files {
		segs := strings.Split(f.Path, "/")
		for i, s := range segs {
			segs[i] = url.PathEscape(s)
		}
		out = append(out, plan.WeightFile{
			Path:   f.Path,
			Size:   max(f.Size, 0),
			SHA256: f.SHA256,
			URL:    fmt.Sprintf("%s/%s/resolve/%s/%s", endpoint, repo, url.PathEscape(sha), strings.Join(segs, "/")),
		})
	}
	return out
}
