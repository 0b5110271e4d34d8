package lint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/replicate/cog/pkg/config"
	"github.com/replicate/cog/pkg/util/version"
)

var (
	ruleTorchUnknown = Rule{"torch-unknown-version", Error,
		"with gpu: true, torch is pinned to a version cog v0.22's compatibility matrix does not know"}
	ruleCUDAOutsideRow = Rule{"cuda-outside-torch-row", Error,
		"build.cuda is not one of the CUDA versions of the pinned torch's row: cog only warns, the image may not load torch"}
	ruleTorchCompanion = Rule{"torch-companion-mismatch", Warning,
		"torchvision or torchaudio is not the version paired with the pinned torch"}
)

func torchCheck() Check {
	return Check{ID: "torch", Rules: []Rule{ruleTorchUnknown, ruleCUDAOutsideRow, ruleTorchCompanion}, Run: checkTorch}
}

// torchRows returns the rows of cog's torch matrix (config.TorchCompatibilityMatrix,
// the one `cog build` v0.22 uses) for a torch version, GPU rows only. A
// "+cuXYZ" local version narrows them to that CUDA, as cog does.
func torchRows(v string) []config.TorchCompatibility {
	base, local, _ := strings.Cut(v, "+")
	var rows []config.TorchCompatibility
	for _, row := range config.TorchCompatibilityMatrix {
		if row.CUDA != nil && version.Matches(base, row.TorchVersion()) {
			rows = append(rows, row)
		}
	}
	if cu, ok := strings.CutPrefix(local, "cu"); ok && len(cu) >= 2 {
		want := cu[:len(cu)-1] + "." + cu[len(cu)-1:]
		for _, row := range rows {
			if *row.CUDA == want {
				return []config.TorchCompatibility{row}
			}
		}
	}
	return rows
}

// knownTorches lists the torch versions with GPU rows, oldest first.
func knownTorches() []string {
	var vs []string
	for _, row := range config.TorchCompatibilityMatrix {
		if v := row.TorchVersion(); row.CUDA != nil && !slices.Contains(vs, v) {
			vs = append(vs, v)
		}
	}
	slices.SortFunc(vs, func(a, b string) int {
		switch {
		case version.Greater(a, b):
			return 1
		case version.Equal(a, b):
			return 0
		}
		return -1
	})
	return vs
}

func checkTorch(p *Package) []Finding {
	if p.CogYAML == nil || !truthy(lookup(p.CogYAML.Root, "build", "gpu")) {
		return nil
	}
	torch, ok := p.Requirements.find("torch")
	if !ok || torch.Version == "" {
		return nil // unpinned: requirements-unpinned
	}
	file := p.Requirements.File
	rows := torchRows(torch.Version)
	if len(rows) == 0 {
		known := knownTorches()
		newest := known[len(known)-1]
		return []Finding{ruleTorchUnknown.at(file, torch.Line,
			fmt.Sprintf("pin a torch cog v0.22 knows (newest: torch==%s), with torchvision/torchaudio from the same row", newest),
			"cog v0.22 does not know torch==%s: without build.cuda the build fails, with it cog guesses a CUDA and installs torch from plain PyPI",
			torch.Version)}
	}
	var out []Finding
	out = append(out, checkCUDA(p, torch, rows)...)
	for _, c := range []struct {
		name string
		pick func(config.TorchCompatibility) string
	}{
		{"torchvision", func(r config.TorchCompatibility) string { return r.TorchvisionVersion() }},
		{"torchaudio", func(r config.TorchCompatibility) string { return version.StripModifier(r.Torchaudio) }},
	} {
		out = append(out, checkCompanion(file, c.name, p.Requirements, torch, rows, c.pick)...)
	}
	return out
}

func checkCUDA(p *Package, torch Requirement, rows []config.TorchCompatibility) []Finding {
	k, v := mapGet(lookup(p.CogYAML.Root, "build"), "cuda")
	if v == nil || v.Value == "" {
		return nil
	}
	var cudas []string
	for _, row := range rows {
		if version.EqualMinor(*row.CUDA, v.Value) {
			return nil
		}
		cudas = append(cudas, *row.CUDA)
	}
	slices.Sort(cudas)
	return []Finding{ruleCUDAOutsideRow.at("cog.yaml", k.Line,
		fmt.Sprintf("remove build.cuda (cog picks %s) or set one of %s", cudas[len(cudas)-1], strings.Join(cudas, ", ")),
		"cuda %s is not a CUDA that torch==%s is built for (%s)", v.Value, torch.Version, strings.Join(cudas, ", "))}
}

func checkCompanion(file, name string, reqs *Requirements, torch Requirement, rows []config.TorchCompatibility,
	pick func(config.TorchCompatibility) string) []Finding {
	r, ok := reqs.find(name)
	if !ok || r.Version == "" {
		return nil
	}
	v := version.StripModifier(r.Version)
	var want []string
	for _, row := range rows {
		if w := pick(row); w != "" && !slices.Contains(want, w) {
			want = append(want, w)
		}
	}
	if len(want) == 0 || slices.Contains(want, v) {
		return nil
	}
	return []Finding{ruleTorchCompanion.at(file, r.Line, fmt.Sprintf("pin %s==%s", name, want[0]),
		"%s==%s is not the version paired with torch==%s (%s)", name, r.Version, torch.Version, strings.Join(want, ", "))}
}
