package recipes

import (
	"sort"

	"github.com/replicate/cog/pkg/config"
)

// KnownGood is one of cogport's sets of versions seen working together
// (DESIGN §10), for recipes outside this package (recipes/github) that pin
// packages a repository names without a version.
type KnownGood struct {
	// Name identifies the set in the provenance and in warnings.
	Name string
	// Torch is the set's torch release, a row cog v0.22 knows.
	Torch string
	// Versions maps PEP 503 project names to versions.
	Versions map[string]string
}

// KnownGoodSets returns the sets, the default (transformers) first. The maps
// are copies: callers may not change the stacks.
func KnownGoodSets() []KnownGood {
	var out []KnownGood
	for _, s := range []stack{transformersStack, diffusersStack} {
		v := make(map[string]string, len(s.versions))
		for k, x := range s.versions {
			v[k] = x
		}
		out = append(out, KnownGood{Name: s.name, Torch: s.torch, Versions: v})
	}
	return out
}

// CogTorchVersions lists every torch release cog v0.22's compatibility
// matrix knows, oldest first, so a recipe can choose the row nearest to a
// version the matrix lacks.
func CogTorchVersions() []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range config.TorchCompatibilityMatrix {
		v := c.TorchVersion()
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	sort.Slice(out, func(i, j int) bool { return versionLess(out[i], out[j]) })
	return out
}

// VersionLess compares dotted numeric versions ("2.8.0" < "2.10.0").
func VersionLess(a, b string) bool { return versionLess(a, b) }

// PgetInstall is the build.run line that installs cogport's pinned pget.
const PgetInstall = pgetInstall
