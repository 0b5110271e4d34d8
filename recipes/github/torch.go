package github

import (
	"fmt"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
	"github.com/cogport/cogport/recipes"
)

// useTorch decides torch's row of cog v0.22's matrix: the repository's pin
// when cog knows it, else the nearest release cog knows; an unpinned torch
// takes the known-good set's release when the specifier allows it. Using
// torch means a GPU package on the row's CUDA.
func useTorch(p *plan.Plan, r *facts.Repo, o Options, deps []facts.RepoDependency, set recipes.KnownGood) (recipes.TorchRow, bool) {
	if !hasDep(deps, "torch") && r.Torch == nil && !imports(r, "torch") {
		p.GPU, p.TestHardware = false, "cpu"
		return recipes.TorchRow{}, false
	}
	version := torchVersion(p, r, o, deps, set)
	row, err := recipes.CogTorch(version)
	if err != nil { // unreachable: versions come from cog's own matrix
		row, _ = recipes.CogTorch(set.Torch)
	}
	if !hasDep(deps, "torch") {
		p.Warn(fmt.Sprintf("no runtime requirement names torch, which the code uses: pinned torch==%s", row.Torch))
	}
	for name, spec := range companions(r) {
		want := row.Torchvision
		if name == "torchaudio" {
			want = row.Torchaudio
		}
		if v := strings.TrimPrefix(spec, "=="); spec != "" && strings.HasPrefix(spec, "==") && strings.SplitN(v, "+", 2)[0] != want {
			p.Warn(fmt.Sprintf("%s%s replaced by %s==%s, the release cog v0.22 pairs with torch %s", name, spec, name, want, row.Torch))
		}
	}
	p.GPU, p.CUDA, p.TestHardware = true, row.CUDA(), "gpu-l40s"
	if r.Torch != nil && r.Torch.CUDA != "" && r.Torch.CUDA != p.CUDA {
		p.Warn(fmt.Sprintf("the repository asks for CUDA %s; cog builds torch %s on CUDA %s (the newest its matrix lists for it)",
			r.Torch.CUDA, row.Torch, p.CUDA))
	}
	return row, true
}

// torchVersion reads the pin (or lock, or a pin elsewhere in the
// repository) and maps it to a release cog knows.
func torchVersion(p *plan.Plan, r *facts.Repo, o Options, deps []facts.RepoDependency, set recipes.KnownGood) string {
	pinned, from := "", ""
	if r.Torch != nil && r.Torch.Version != "" {
		pinned, from = r.Torch.Version, r.Torch.From
	} else if v, f := stated(r, o, "torch"); v != "" {
		pinned, from = strings.SplitN(v, "+", 2)[0], f
	}
	if pinned != "" {
		if _, err := recipes.CogTorch(pinned); err == nil {
			return pinned
		}
		near := nearestTorch(pinned)
		p.Warn(fmt.Sprintf("torch %s (%s) is not a release cog v0.22 knows: pinned the nearest one, torch %s; check the code runs on it",
			pinned, from, near))
		return near
	}
	spec := ""
	for _, d := range deps {
		if d.Name == "torch" {
			spec = d.Specifier
		}
	}
	v, ok := torchFor(spec, set.Torch)
	switch {
	case !ok:
		p.Warn(fmt.Sprintf("no torch release cog v0.22 knows meets %q: pinned torch %s; check the code runs on it", spec, v))
	case spec == "":
		p.Warn(fmt.Sprintf("the repository does not pin torch: pinned torch %s from cogport's known-good set %s", v, set.Name))
	default:
		p.Warn(fmt.Sprintf("torch%s pinned to %s, the release cog v0.22 knows that cogport prefers within that range", spec, v))
	}
	return v
}

// companions are torchvision's and torchaudio's specifiers as written.
func companions(r *facts.Repo) map[string]string {
	out := map[string]string{}
	if r.Torch == nil {
		return out
	}
	if r.Torch.Vision != "" {
		out["torchvision"] = r.Torch.Vision
	}
	if r.Torch.Audio != "" {
		out["torchaudio"] = r.Torch.Audio
	}
	return out
}

// choosePython picks the Python the repository allows and torch's row
// supports; cog needs 3.10 or newer.
func choosePython(p *plan.Plan, r *facts.Repo, o Options, row recipes.TorchRow, usesTorch bool) error {
	hints := append([]facts.RepoVersionHint(nil), r.Python...)
	if usesTorch && len(row.Pythons) > 0 {
		hints = append(hints, facts.RepoVersionHint{Spec: ">=" + row.Pythons[0] + ",<=" + row.Pythons[len(row.Pythons)-1],
			From: "torch " + row.Torch + " in cog v0.22"})
	}
	choice, ok := defaultPython, true
	if o.Python != nil {
		choice, ok = o.Python(hints)
	}
	if !ok {
		var said []string
		for _, h := range hints {
			said = append(said, fmt.Sprintf("%s (%s)", h.Spec, h.From))
		}
		p.Warn(fmt.Sprintf("no Python that cog builds (3.10 to 3.13) meets %s: chose %s; check the code runs on it",
			strings.Join(said, ", "), choice))
	}
	if usesTorch && !row.SupportsPython(choice) {
		for _, m := range pythonMinors {
			if row.SupportsPython(m) {
				choice = m
				break
			}
		}
	}
	p.PythonVersion = choice
	return nil
}
