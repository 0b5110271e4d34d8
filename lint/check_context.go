package lint

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
)

var (
	ruleDockerignoreMissing = Rule{"dockerignore-missing", Warning,
		"no .dockerignore: .git and local weight caches go into the image"}
	ruleDockerignoreGit   = Rule{"dockerignore-git", Warning, ".dockerignore does not exclude .git"}
	ruleDockerignoreCache = Rule{"dockerignore-cache", Warning,
		"a runtime weights cache (cache_dir=, HF_HOME, *_CACHE, .cache/) that .dockerignore does not exclude"}
	ruleScriptMissing       = Rule{"script-missing", Warning, "script/lint, script/test or script/push is missing"}
	ruleScriptNotExecutable = Rule{"script-not-executable", Error, "a script/ file is not executable, so CI cannot run it"}
)

func buildContextCheck() Check {
	return Check{
		ID:    "build-context",
		Rules: []Rule{ruleDockerignoreMissing, ruleDockerignoreGit, ruleDockerignoreCache, ruleScriptMissing, ruleScriptNotExecutable},
		Run:   checkBuildContext,
	}
}

func checkBuildContext(p *Package) []Finding {
	return append(checkDockerignore(p), checkScripts(p)...)
}

func checkDockerignore(p *Package) []Finding {
	caches := p.weightCaches()
	raw, err := os.ReadFile(filepath.Join(p.Dir, ".dockerignore"))
	if err != nil {
		want := []string{"**/.git"}
		for _, c := range caches {
			want = append(want, c.path)
		}
		return []Finding{ruleDockerignoreMissing.at(".dockerignore", 0,
			fmt.Sprintf("add a .dockerignore like cog init's, excluding %s", strings.Join(want, ", ")),
			"the package has no .dockerignore")}
	}
	rules := parseDockerignore(string(raw))
	var out []Finding
	if !ignored(rules, ".git") {
		out = append(out, ruleDockerignoreGit.at(".dockerignore", 0, "add **/.git",
			".dockerignore does not exclude .git: the repository history goes into every image"))
	}
	for _, c := range caches {
		if !ignored(rules, c.path) {
			out = append(out, ruleDockerignoreCache.at(c.file, c.line, fmt.Sprintf("add %s to .dockerignore", c.path),
				"%s is a runtime weights cache (%s) inside the build context: a local run fills it and the next build bakes it in",
				c.path, c.why))
		}
	}
	return out
}

// cacheDir is a folder in the build context that runtime downloads fill.
type cacheDir struct {
	path, why string
	file      string
	line      int
}

// cacheDirNames are folders that only ever hold download caches.
var cacheDirNames = []string{".cache", "model_cache", "model-cache", "hf_cache", "hf-cache", ".huggingface", "huggingface_cache"}

// cacheEnv are the environment variables that move Hugging Face and torch
// download caches.
var cacheEnv = map[string]bool{
	"HF_HOME": true, "HF_HUB_CACHE": true, "HUGGINGFACE_HUB_CACHE": true, "TRANSFORMERS_CACHE": true,
	"DIFFUSERS_CACHE": true, "TORCH_HOME": true, "XDG_CACHE_HOME": true,
}

var cacheConst = regexp.MustCompile(`(?i)cache`)

// weightCaches finds cache folders inside the package: existing folders
// with cache names, and the paths the Python code sends downloads to.
func (p *Package) weightCaches() []cacheDir {
	var out []cacheDir
	seen := map[string]bool{}
	add := func(c cacheDir) {
		if c.path != "" && !seen[c.path] {
			seen[c.path] = true
			out = append(out, c)
		}
	}
	for _, f := range p.Python {
		for _, c := range f.cachePaths() {
			add(c)
		}
	}
	for _, name := range cacheDirNames {
		if st, err := os.Stat(filepath.Join(p.Dir, name)); err == nil && st.IsDir() {
			add(cacheDir{path: name, why: "a cache folder", file: ".dockerignore"})
		}
	}
	return out
}

// cachePaths finds cache_dir="…" arguments, os.environ["HF_HOME"] = "…"
// (or setdefault), and module constants named *CACHE* set to a path.
func (f *PyFile) cachePaths() []cacheDir {
	var out []cacheDir
	add := func(n *pyNode, why string) {
		if s, ok := f.stringValue(n); ok {
			if rel := contextPath(s); rel != "" {
				out = append(out, cacheDir{path: rel, why: why, file: f.Path, line: f.line(n)})
			}
		}
	}
	walk(f.root, func(n *pyNode) bool {
		switch n.Type() {
		case "call":
			for _, kw := range f.kwargs(n) {
				if kw.Name == "cache_dir" {
					add(kw.Value, "cache_dir=")
				}
			}
			if args := n.ChildByFieldName("arguments"); strings.HasSuffix(f.callee(n), "environ.setdefault") && args != nil {
				if a := namedChildren(args); len(a) == 2 {
					if k, _ := f.stringValue(a[0]); cacheEnv[k] {
						add(a[1], k)
					}
				}
			}
		case "assignment":
			left, right := n.ChildByFieldName("left"), n.ChildByFieldName("right")
			if left == nil || right == nil {
				break
			}
			if left.Type() == "subscript" {
				if k, _ := f.stringValue(left.ChildByFieldName("subscript")); cacheEnv[k] {
					add(right, k)
				}
			} else if left.Type() == "identifier" && cacheConst.MatchString(f.text(left)) && atModuleLevel(n) {
				add(right, f.text(left))
			}
		}
		return true
	})
	return out
}

// stringValue returns the value of a plain string literal.
func (f *PyFile) stringValue(n *pyNode) (string, bool) {
	if n == nil || n.Type() != "string" || firstOfType(n, "interpolation") != nil {
		return "", false
	}
	s := strings.TrimLeft(f.text(n), "rRbBuU")
	for _, q := range []string{`"""`, `'''`, `"`, `'`} {
		if len(s) >= 2*len(q) && strings.HasPrefix(s, q) && strings.HasSuffix(s, q) {
			return s[len(q) : len(s)-len(q)], true
		}
	}
	return "", false
}

// contextPath turns a path the model writes at run time into a path in the
// build context: relative ones and those under /src, where cog copies it.
// Other absolute paths are outside the context and do not matter.
func contextPath(s string) string {
	if strings.HasPrefix(s, "/src/") {
		s = s[len("/src/"):]
	} else if strings.HasPrefix(s, "/") || strings.HasPrefix(s, "~") || strings.Contains(s, "$") {
		return ""
	}
	s = path.Clean(s)
	if s == "." || s == ".." || strings.HasPrefix(s, "../") {
		return ""
	}
	return s
}

func checkScripts(p *Package) []Finding {
	var out []Finding
	for _, name := range []string{"lint", "test", "push"} {
		rel := "script/" + name
		st, err := os.Stat(filepath.Join(p.Dir, "script", name))
		switch {
		case err != nil:
			out = append(out, ruleScriptMissing.at(rel, 0, fmt.Sprintf("add an executable %s (bash, set -euo pipefail)", rel),
				"%s is missing", rel))
		case !st.Mode().IsRegular() || st.Mode()&0o111 == 0:
			out = append(out, ruleScriptNotExecutable.at(rel, 0, "chmod +x "+rel+" (and git add --chmod=+x)",
				"%s is not executable", rel))
		}
	}
	return out
}

// atModuleLevel reports whether an assignment is a statement of the module
// itself, not of a function or class.
func atModuleLevel(n *pyNode) bool {
	stmt := n.Parent()
	if stmt == nil {
		return false
	}
	mod := stmt.Parent()
	return mod != nil && mod.Type() == "module"
}
