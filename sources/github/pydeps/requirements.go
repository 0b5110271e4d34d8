package pydeps

import (
	"fmt"
	"path"
	"strings"

	"github.com/cogport/cogport/facts"
)

// ReadFunc reads a repository file by its slash-separated path.
type ReadFunc func(path string) ([]byte, error)

// Result collects what the dependency files of a repository say.
type Result struct {
	Python    []facts.RepoVersionHint
	Deps      []facts.RepoDependency
	IndexURLs []string
	// CondaCUDA is the CUDA version conda's pytorch-cuda/cudatoolkit asks for.
	CondaCUDA string
	// Files are requirements files other files point to (pyproject's dynamic
	// dependencies, setup.py reading requirements.txt).
	Files []string
	// Scripts are console scripts: command name → "module:function".
	Scripts  map[string]string
	Warnings []string
}

func (r *Result) addScript(name, target string) {
	name, target = strings.TrimSpace(name), strings.TrimSpace(target)
	if name == "" || target == "" {
		return
	}
	if r.Scripts == nil {
		r.Scripts = map[string]string{}
	}
	if _, ok := r.Scripts[name]; !ok {
		r.Scripts[name] = target
	}
}

func (r *Result) warn(format string, args ...any) {
	r.Warnings = append(r.Warnings, fmt.Sprintf(format, args...))
}

// Merge appends o's findings to r.
func (r *Result) Merge(o *Result) {
	r.Python = append(r.Python, o.Python...)
	r.Deps = append(r.Deps, o.Deps...)
	r.IndexURLs = appendNew(r.IndexURLs, o.IndexURLs...)
	if r.CondaCUDA == "" {
		r.CondaCUDA = o.CondaCUDA
	}
	r.Files = appendNew(r.Files, o.Files...)
	for name, target := range o.Scripts {
		r.addScript(name, target)
	}
	r.Warnings = append(r.Warnings, o.Warnings...)
}

func appendNew(list []string, items ...string) []string {
	for _, it := range items {
		found := false
		for _, x := range list {
			found = found || x == it
		}
		if !found {
			list = append(list, it)
		}
	}
	return list
}

// RequirementsReader parses requirements files, following -r and -c
// includes once each.
type RequirementsReader struct {
	Read  ReadFunc
	seen  map[string]bool
	depth int
}

// maxIncludeDepth bounds -r chains (a file may include itself under a
// longer relative path forever).
const maxIncludeDepth = 8

// Parse reads the requirements file p (and its includes) with the given
// group into r. A file already read is skipped; only p's own read error is
// returned (includes that fail become warnings).
func (rr *RequirementsReader) Parse(p, group string, r *Result) error {
	if rr.seen == nil {
		rr.seen = map[string]bool{}
	}
	p = path.Clean(p)
	if rr.seen[p] {
		return nil
	}
	rr.seen[p] = true
	data, err := rr.Read(p)
	if err != nil {
		return err
	}
	for _, ln := range logicalLines(string(data)) {
		rr.line(p, ln, group, r)
	}
	return nil
}

type numberedLine struct {
	n    int
	text string
}

// logicalLines joins backslash continuations and drops comments.
func logicalLines(s string) []numberedLine {
	var out []numberedLine
	var cur strings.Builder
	start := 0
	for i, raw := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if cur.Len() == 0 {
			start = i + 1
		}
		if strings.HasSuffix(raw, "\\") {
			cur.WriteString(strings.TrimSuffix(raw, "\\"))
			continue
		}
		cur.WriteString(raw)
		text := stripComment(cur.String())
		cur.Reset()
		if text != "" {
			out = append(out, numberedLine{n: start, text: text})
		}
	}
	return out
}

func stripComment(s string) string {
	if strings.HasPrefix(strings.TrimSpace(s), "#") {
		return ""
	}
	if i := strings.Index(s, " #"); i >= 0 {
		s = s[:i]
	}
	if i := strings.Index(s, "\t#"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// line handles one logical line of file p.
func (rr *RequirementsReader) line(p string, ln numberedLine, group string, r *Result) {
	from := fmt.Sprintf("%s:%d", p, ln.n)
	text := ln.text
	if strings.HasPrefix(text, "-") {
		rr.option(p, from, text, group, r)
		return
	}
	rr.requirement(from, text, group, false, r)
}

func (rr *RequirementsReader) requirement(from, text, group string, editable bool, r *Result) {
	text = stripRequirementOptions(text)
	if isLocalPath(text) {
		r.warn("%s: local package %q is not a PyPI requirement; the wrapper must install it from the source", from, text)
		return
	}
	d, err := ParseRequirement(text)
	if err != nil {
		r.warn("%s: %v", from, err)
		return
	}
	d.From, d.Group, d.Editable = from, group, editable
	r.Deps = append(r.Deps, d)
}

// option handles "-r file", "-e url", "--extra-index-url url" and friends.
func (rr *RequirementsReader) option(p, from, text, group string, r *Result) {
	flag, arg := splitOption(text)
	switch flag {
	case "-r", "--requirement", "-c", "--constraint":
		if isURL(arg) {
			r.warn("%s: remote include %q is not followed", from, arg)
			return
		}
		inc := path.Clean(path.Join(path.Dir(p), arg))
		if strings.HasPrefix(inc, "../") || inc == ".." || path.IsAbs(inc) {
			r.warn("%s: include %q is outside the repository", from, arg)
			return
		}
		g := group
		if flag == "-c" || flag == "--constraint" {
			g = "constraints"
		}
		if rr.depth >= maxIncludeDepth {
			r.warn("%s: includes nest deeper than %d files; %q is not followed", from, maxIncludeDepth, arg)
			return
		}
		rr.depth++
		err := rr.Parse(inc, g, r)
		rr.depth--
		if err != nil {
			r.warn("%s: cannot read included %q: %v", from, arg, err)
		}
	case "-e", "--editable":
		rr.requirement(from, arg, group, true, r)
	case "-i", "--index-url", "--extra-index-url", "-f", "--find-links":
		r.IndexURLs = appendNew(r.IndexURLs, flag+" "+arg)
	}
}

// splitOption splits "-r file", "-rfile" and "--requirement=file".
func splitOption(text string) (string, string) {
	if i := strings.IndexAny(text, " \t="); i >= 0 {
		return text[:i], strings.TrimSpace(text[i+1:])
	}
	if len(text) > 2 && text[1] != '-' {
		return text[:2], strings.TrimSpace(text[2:])
	}
	return text, ""
}

// stripRequirementOptions drops per-requirement options ("--hash=...").
func stripRequirementOptions(s string) string {
	if i := strings.Index(s, " --"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

func isLocalPath(s string) bool {
	if isURL(s) {
		return false
	}
	return s == "." || strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") ||
		strings.HasPrefix(s, "/") || (strings.Contains(s, "/") && !strings.Contains(s, "@")) ||
		strings.HasSuffix(s, ".whl") || strings.HasSuffix(s, ".tar.gz") || strings.HasSuffix(s, ".zip")
}

// GroupOf names the group of a requirements file from its path:
// requirements.txt → "", requirements-dev.txt → "dev", requirements/test.txt → "test".
func GroupOf(p string) string {
	base := strings.ToLower(strings.TrimSuffix(path.Base(p), path.Ext(p)))
	stem := strings.TrimLeft(strings.TrimPrefix(base, "requirements"), "-_.")
	switch stem {
	case "", "base", "common", "main", "prod", "production", "runtime", "core", "requirements",
		"inference", "infer", "run", "install":
		return ""
	case "develop", "development", "devel":
		return "dev"
	case "tests", "testing":
		return "test"
	case "doc":
		return "docs"
	}
	return stem
}
