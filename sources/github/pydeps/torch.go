package pydeps

import (
	"regexp"
	"strings"

	"github.com/cogport/cogport/facts"
)

var (
	cuSuffixRE = regexp.MustCompile(`\+cu(\d+)`)
	cuIndexRE  = regexp.MustCompile(`download\.pytorch\.org/whl/(?:[a-z]+/)?cu(\d+)`)
)

// Torch summarises the runtime torch requirement; nil when there is none.
// When several files name torch, the most specific wins (pinned, then
// constrained, then bare). The CUDA version comes from a "+cu118" suffix,
// a download.pytorch.org index URL, or conda's pytorch-cuda/cudatoolkit,
// in that order.
func Torch(r *Result) *facts.RepoTorch {
	var t *facts.RepoTorch
	best := -1
	for _, d := range r.Deps {
		if d.Group != "" {
			continue
		}
		switch d.Name {
		case "torch":
			if rank := specificity(d); rank > best {
				best = rank
				vision, audio := "", ""
				if t != nil {
					vision, audio = t.Vision, t.Audio
				}
				t = &facts.RepoTorch{Specifier: d.Specifier, From: d.From, Vision: vision, Audio: audio}
				if d.Pinned {
					t.Version = strings.SplitN(d.Version, "+", 2)[0]
				}
				t.CUDA = cudaFrom(cuSuffixRE.FindStringSubmatch(d.Specifier + d.URL))
			}
		case "torchvision":
			t = orNew(t)
			if t.Vision == "" || d.Pinned {
				t.Vision = d.Specifier
			}
		case "torchaudio":
			t = orNew(t)
			if t.Audio == "" || d.Pinned {
				t.Audio = d.Specifier
			}
		}
	}
	if t == nil {
		return nil
	}
	for _, u := range r.IndexURLs {
		if t.CUDA == "" {
			t.CUDA = cudaFrom(cuIndexRE.FindStringSubmatch(u))
		}
	}
	if t.CUDA == "" {
		t.CUDA = r.CondaCUDA
	}
	return t
}

func orNew(t *facts.RepoTorch) *facts.RepoTorch {
	if t == nil {
		return &facts.RepoTorch{}
	}
	return t
}

// cudaFrom turns "118" into "11.8" and "121" into "12.1".
func cudaFrom(m []string) string {
	if len(m) < 2 || len(m[1]) < 3 {
		return ""
	}
	digits := m[1]
	return digits[:len(digits)-1] + "." + digits[len(digits)-1:]
}

func specificity(d facts.RepoDependency) int {
	switch {
	case d.Pinned:
		return 2
	case d.Specifier != "":
		return 1
	}
	return 0
}
