package github

import (
	"fmt"
	"path"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/sources/github/readme"
)

// maxShellScripts caps how many shell scripts are read for usage commands.
const maxShellScripts = 50

// usageFrom turns commands into usage facts (python invocations and the
// project's console scripts); downloads and Hub CLI commands feed the link
// set on the way.
func usageFrom(snap *Snapshot, cmds []readme.Command, from func(readme.Command) string, links *linkSet, scripts map[string]string) []facts.RepoUsage {
	var out []facts.RepoUsage
	for _, c := range cmds {
		where := from(c)
		if u, dest, ok := readme.Download(c); ok {
			links.addURL(u, where, dest, true)
		}
		if repo, files, ok := readme.HubDownload(c); ok && isRepoID(repo, snap) {
			if len(files) == 0 {
				files = []string{""}
			}
			for _, f := range files {
				links.addRef(facts.RepoHubRef{Repo: repo, Filename: f, Kind: "model", Via: "cli", From: where})
			}
		}
		script, module, args, ok := readme.Usage(c)
		if words := readme.Words(c); !ok && len(words) > 0 && scripts[words[0]] != "" {
			module, _, _ = strings.Cut(scripts[words[0]], ":")
			script, args, ok = "", words[1:], true
		}
		if !ok {
			continue
		}
		u := facts.RepoUsage{Text: c.Text, Module: module, Args: args, From: where, Section: c.Section}
		u.Script = scriptPath(snap, script, module)
		if module != "" && u.Script == "" {
			continue // "python -m flake8": a tool, not the project
		}
		out = append(out, u)
	}
	return out
}

// scriptPath normalises a script as written ("./infer.py") to a repository
// path; a module maps to pkg/mod.py or pkg/mod/__main__.py.
func scriptPath(snap *Snapshot, script, module string) string {
	if module != "" {
		base := strings.ReplaceAll(strings.TrimSpace(module), ".", "/")
		for _, p := range []string{base + ".py", base + "/__main__.py", "src/" + base + ".py",
			"src/" + base + "/__main__.py", base + "/__init__.py"} {
			if _, ok := snap.File(p); ok {
				return p
			}
		}
		return ""
	}
	return path.Clean(strings.TrimPrefix(script, "./"))
}

// shellUsage reads the shell scripts at the root and in scripts/.
func shellUsage(snap *Snapshot, links *linkSet, scripts map[string]string) ([]facts.RepoUsage, []string) {
	var out []facts.RepoUsage
	var warns []string
	n := 0
	for _, f := range snap.Files {
		dir := path.Dir(f.Path)
		if !strings.HasSuffix(f.Path, ".sh") || (dir != "." && dir != "scripts") {
			continue
		}
		if n++; n > maxShellScripts {
			warns = append(warns, fmt.Sprintf("more than %d shell scripts; the rest were not read", maxShellScripts))
			break
		}
		data, err := snap.ReadFile(f.Path, maxTextBytes)
		if err != nil {
			continue
		}
		name := f.Path
		from := func(c readme.Command) string { return fmt.Sprintf("%s:%d", name, c.Line) }
		out = append(out, usageFrom(snap, readme.Commands(string(data), 1), from, links, scripts)...)
	}
	return out, warns
}
