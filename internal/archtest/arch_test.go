// Package archtest checks that imports flow one way: cmd → cli → {sources,
// recipes, generators} → {facts, plan}, with no I/O in recipes and no
// rendering in sources.
package archtest

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/cogport/cogport/"

// allowed are leaf libraries any layer may use: pyfmt is pure Python
// literal syntax (quoting, black's line rules), no templates and no I/O;
// recipes use it to write call arguments into a plan.
var allowed = map[string]bool{module + "generators/pyfmt": true}

// forbidden maps a package prefix to imports its packages must not have.
var forbidden = map[string][]string{
	"facts":      {module},
	"plan":       {module},
	"sources/":   {module + "recipes", module + "generators", module + "templates", module + "internal/cli", module + "internal/output"},
	"recipes":    {module + "sources", module + "generators", module + "templates", module + "internal", "net/http", "os", "os/exec", "io/ioutil"},
	"generators": {module + "sources", module + "recipes", module + "internal", "net/http", "os", "os/exec"},
	"templates":  {module + "sources", module + "recipes", module + "internal", "net/http"},
}

func TestImportsFlowOneWay(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", module+"...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(fields[0], module)
		for prefix, bad := range forbidden {
			if !strings.HasPrefix(pkg, prefix) {
				continue
			}
			for _, imp := range fields[1:] {
				if allowed[imp] {
					continue
				}
				for _, b := range bad {
					if imp == b || (strings.HasSuffix(b, "/") || strings.HasPrefix(b, module)) && strings.HasPrefix(imp, b) && !strings.HasPrefix(imp, module+pkg) {
						t.Errorf("%s imports %s: imports must flow cmd → cli → {sources, recipes, generators} → {facts, plan}", pkg, imp)
					}
				}
			}
		}
	}
}
