package entry

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/cogport/cogport/facts"
)

// nameScores rank script file names; the first match wins.
var nameScores = []struct {
	re    *regexp.Regexp
	score int
	why   string
}{
	{regexp.MustCompile(`^(train|finetune|fine_tune|pretrain|eval|evaluate|evaluation|preprocess|prepare|convert|export|benchmark|download|setup|test_|conftest|build|compile|quantize|merge)`), -40, "looks like training or tooling"},
	{regexp.MustCompile(`^(inference|infer|predict|predictor)`), 40, "an inference script by name"},
	{regexp.MustCompile(`^(demo|sample|sampling|generate|gen_|txt2img|img2img|text2|image2|synthesize|tts|transcribe|enhance|restore|upscale|translate|run_inference|test_inference)`), 30, "a demo or sampling script by name"},
	{regexp.MustCompile(`^(app|gradio_app|webui|web_demo|gradio_demo|interface)\.py$`), 30, "an app by name"},
	{regexp.MustCompile(`^(run|main|cli|test)\.py$`), 15, "a generic entry point by name"},
}

// skippedDirs hold code that is not the model's entry point.
var skippedDirs = regexp.MustCompile(`(^|/)(tests?|docs?|benchmarks?|third_party|thirdparty|external|vendor|site-packages|\.github)(/|$)`)

// baseScore scores one entry point from its file alone.
func baseScore(ep *facts.RepoEntryPoint, hasMain bool) {
	add := func(n int, why string) {
		ep.Score += n
		ep.Reasons = append(ep.Reasons, fmt.Sprintf("%+d %s", n, why))
	}
	base := strings.ToLower(path.Base(ep.Path))
	for _, ns := range nameScores {
		if ns.re.MatchString(base) {
			add(ns.score, ns.why)
			break
		}
	}
	dir := path.Dir(ep.Path)
	switch {
	case skippedDirs.MatchString(dir):
		add(-50, "in a tests, docs or vendored directory")
	case dir == "scripts" || dir == "tools" || dir == "demo" || dir == "inference":
		add(5, "in "+dir+"/")
	case dir != ".":
		add(-5*strings.Count(dir, "/")-5, "nested in "+dir+"/")
	}
	switch ep.Kind {
	case "gradio":
		add(15, "a Gradio app (typed components)")
	case "argparse", "click":
		if len(ep.Inputs) > 0 {
			add(10, "reads command-line arguments")
		}
	}
	if hasMain {
		add(5, `has if __name__ == "__main__"`)
	}
	for _, in := range ep.Inputs {
		if in.Role == "input" && strings.Contains(in.Type, "Path") {
			add(10, "takes an input file")
			break
		}
	}
}

// Rank adds the usage commands' evidence, adds entry points for scripts
// that usage commands run but that have no parsed arguments, and sorts
// the candidates best first.
func Rank(eps []facts.RepoEntryPoint, usage []facts.RepoUsage, exists func(string) bool) []facts.RepoEntryPoint {
	byPath := map[string]int{}
	for i, ep := range eps {
		if _, ok := byPath[ep.Path]; !ok {
			byPath[ep.Path] = i
		}
	}
	for i, u := range usage {
		if u.Script == "" || (exists != nil && !exists(u.Script)) {
			continue
		}
		if _, ok := byPath[u.Script]; !ok {
			eps = append(eps, facts.RepoEntryPoint{Path: u.Script, Kind: "script"})
			baseScore(&eps[len(eps)-1], false)
			byPath[u.Script] = len(eps) - 1
		}
		boostUsage(eps, u, i)
	}
	sort.SliceStable(eps, func(i, j int) bool {
		if eps[i].Score != eps[j].Score {
			return eps[i].Score > eps[j].Score
		}
		return eps[i].Path < eps[j].Path
	})
	return eps
}

// boostUsage credits every entry point of the usage command's script; the
// README counts more than shell scripts, and earlier commands more.
func boostUsage(eps []facts.RepoEntryPoint, u facts.RepoUsage, order int) {
	for i := range eps {
		ep := &eps[i]
		if ep.Path != u.Script || ep.Usage != nil {
			continue
		}
		n := 60
		where := "a shell script"
		if strings.HasPrefix(strings.ToLower(path.Base(u.From)), "readme") {
			n, where = 100, "the README"
		}
		n += max(0, 10-order)
		uc := u
		ep.Usage = &uc
		ep.Score += n
		ep.Reasons = append(ep.Reasons, fmt.Sprintf("%+d run by %s (%s)", n, where, u.From))
		exampleValues(ep, u.Args)
	}
}

// exampleValues copies a usage command's argument values onto the inputs.
func exampleValues(ep *facts.RepoEntryPoint, args []string) {
	byFlag := map[string]int{}
	var positional []int
	for i, in := range ep.Inputs {
		if in.Flag == "" {
			positional = append(positional, i)
		}
	}
	for _, a := range ep.Args {
		for _, fl := range a.Flags {
			for j := range ep.Inputs {
				if ep.Inputs[j].Dest == a.Dest {
					byFlag[fl] = j
				}
			}
		}
	}
	for i := 0; i < len(args); i++ {
		flag, value, hasValue := strings.Cut(args[i], "=")
		j, known := byFlag[flag]
		if !hasValue && i+1 < len(args) && isPlaceholder(args[i+1]) {
			i++ // "--input [image folder]": documentation, not an example
			continue
		}
		switch {
		case !strings.HasPrefix(args[i], "-") && len(positional) > 0:
			if !isPlaceholder(args[i]) {
				ep.Inputs[positional[0]].Example = args[i]
			}
			positional = positional[1:]
		case !known:
		case ep.Inputs[j].Type == "bool" && !hasValue:
			ep.Inputs[j].Example = fmt.Sprint(ep.Inputs[j].Default != true) // the flag flips the default
		case hasValue:
			ep.Inputs[j].Example = value
		case i+1 < len(args):
			ep.Inputs[j].Example = args[i+1]
			i++
		}
	}
}

// isPlaceholder reports documentation stand-ins: "[image", "<path>",
// "{file}", "path/to/img.png", "YOUR_TOKEN", "...".
func isPlaceholder(s string) bool {
	lower := strings.ToLower(s)
	return strings.HasPrefix(s, "[") || strings.HasPrefix(s, "<") || strings.HasPrefix(s, "{") ||
		strings.HasPrefix(s, "$") || strings.Contains(lower, "path/to") || strings.Contains(lower, "your_") ||
		strings.Contains(s, "...") || strings.HasSuffix(s, "]") || strings.HasSuffix(s, ">")
}
