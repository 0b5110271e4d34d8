package lint

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// corpusDir returns ../shared/corpus/<sub> next to the repository, or skips.
func corpusDir(t *testing.T, sub string) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "corpus", sub)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus %s is absent (%v): cannot compare against recorded cog data", dir, err)
	}
	return dir
}

// schemaKeys collects the keys a cog.yaml JSON schema allows, by the paths
// cogYAMLKeys uses (list items share their list's path).
func schemaKeys(node map[string]any, defs map[string]any, path string, out map[string]bool) {
	if ref, ok := node["$ref"].(string); ok {
		if d, ok := defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any); ok {
			schemaKeys(d, defs, path, out)
		}
	}
	if props, ok := node["properties"].(map[string]any); ok {
		for k, v := range props {
			out[path+"|"+k] = true
			if m, ok := v.(map[string]any); ok {
				schemaKeys(m, defs, joinPath(path, k), out)
			}
		}
	}
	for _, key := range []string{"items", "anyOf", "oneOf"} {
		switch v := node[key].(type) {
		case map[string]any:
			schemaKeys(v, defs, path, out)
		case []any:
			for _, x := range v {
				if m, ok := x.(map[string]any); ok {
					schemaKeys(m, defs, path, out)
				}
			}
		}
	}
}

func TestKeysMatchCogSchemas(t *testing.T) {
	dir := corpusDir(t, "cog")
	for _, c := range []struct {
		file string
		in   schemas
	}{
		{"cog_config_schema_v1.0__cog-v0.16.12.json", v016},
		{"cog_config_schema_v1.0__cog-v0.22.0-HEAD-6110c912.json", v022},
	} {
		raw, err := os.ReadFile(filepath.Join(dir, c.file))
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatal(err)
		}
		defs, _ := doc["$defs"].(map[string]any)
		fromSchema := map[string]bool{}
		schemaKeys(doc, defs, "", fromSchema)
		embedded := map[string]bool{}
		for _, k := range cogYAMLKeys {
			if k.In&c.in != 0 {
				embedded[k.Path+"|"+k.Key] = true
			}
		}
		if missing, extra := diffSets(fromSchema, embedded); len(missing)+len(extra) > 0 {
			t.Errorf("%s: keys missing from cogYAMLKeys %v, not in the schema %v", c.file, missing, extra)
		}
	}
}

func diffSets(want, got map[string]bool) (missing, extra []string) {
	for k := range want {
		if !got[k] {
			missing = append(missing, k)
		}
	}
	for k := range got {
		if !want[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	return missing, extra
}

// TestSafePushKeysMatchHelpExample compares safePushKeys with the config
// `cog-safe-push --help-config` prints, which shows every field but
// dockerfile (DESIGN.md §2 lists it from config.py).
func TestSafePushKeysMatchHelpExample(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(corpusDir(t, "cog"), "cog-safe-push_help-config_example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	root := doc.Content[0]
	got := map[string][]string{}
	collect := func(section string, m *yaml.Node) {
		pairs(m, func(k, _ *yaml.Node) { got[section] = append(got[section], k.Value) })
	}
	collect("", root)
	collect("predict", lookup(root, "predict"))
	collect("train", lookup(root, "train"))
	collect("fuzz", lookup(root, "predict", "fuzz"))
	collect("deployment", lookup(root, "deployment"))
	for _, c := range lookup(root, "predict", "test_cases").Content {
		collect("case", c)
	}
	for section, keys := range safePushKeys {
		for _, k := range keys {
			if !slices.Contains(got[section], k) && !(section == "" && k == "dockerfile") {
				t.Errorf("safePushKeys[%q] has %q, which the help example lacks", section, k)
			}
		}
		for _, k := range got[section] {
			if !slices.Contains(keys, k) {
				t.Errorf("the help example has %s.%s, which safePushKeys lacks", section, k)
			}
		}
	}
}

// TestCorpusSafePushConfigs lints Replicate's own cog-safe-push configs
// (cog-flux, cog-comfyui) inside a package whose predict() takes exactly
// the inputs they use: the linter must accept them. The help example keeps
// its <placeholders>, so only its model names are wrong.
func TestCorpusSafePushConfigs(t *testing.T) {
	dir := corpusDir(t, "cog")
	files, _ := filepath.Glob(filepath.Join(dir, "cog-safe-push*.yaml"))
	if len(files) == 0 {
		t.Skip("no cog-safe-push configs in the corpus")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			pkg := casePackage(t, "")
			if err := os.WriteFile(filepath.Join(pkg, safePushConfig), raw, 0o644); err != nil {
				t.Fatal(err)
			}
			want := []string(nil)
			if strings.Contains(string(raw), "<model>") {
				want = []string{safePushConfig + ":1 safe-push-model-name", safePushConfig + ":2 safe-push-model-name"}
				if err := os.Remove(filepath.Join(pkg, "cog.yaml")); err != nil { // inputs unknown: <input1> is no identifier
					t.Fatal(err)
				}
			} else {
				writePredictorFor(t, pkg, raw)
			}
			p, err := Load(pkg)
			if err != nil {
				t.Fatal(err)
			}
			if _, known := p.Predict.inputNames(); p.CogYAML != nil && !known {
				t.Fatalf("cog could not read the generated predictor: %v", p.Predict.SchemaErr)
			}
			r := p.Run(AllChecks())
			var got []string
			for _, l := range locations(r.Findings) {
				if strings.Contains(l, " safe-push-") {
					got = append(got, l)
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("safe-push findings %v, want %v", got, want)
			}
		})
	}
}

// writePredictorFor writes a predict.py whose inputs are those the config's
// test cases and fuzz settings use, typed after their YAML values.
func writePredictorFor(t *testing.T, pkg string, config []byte) {
	t.Helper()
	var doc struct {
		Predict struct {
			TestCases []struct {
				Inputs map[string]any `yaml:"inputs"`
			} `yaml:"test_cases"`
		} `yaml:"predict"`
	}
	if err := yaml.Unmarshal(config, &doc); err != nil {
		t.Fatal(err)
	}
	types := map[string]string{}
	for _, c := range doc.Predict.TestCases {
		for name, v := range c.Inputs {
			types[name] = pyType(v)
		}
	}
	names := make([]string, 0, len(types))
	for n := range types {
		names = append(names, n)
	}
	sort.Strings(names)
	var sb strings.Builder
	sb.WriteString("from cog import BasePredictor, Input, Path\n\n\nclass Predictor(BasePredictor):\n")
	sb.WriteString("    def predict(\n        self,\n")
	for _, n := range names {
		fmt.Fprintf(&sb, "        %s: %s = Input(description=%q),\n", n, types[n], n)
	}
	sb.WriteString("    ) -> Path:\n        return Path(\"/tmp/out\")\n")
	if err := os.WriteFile(filepath.Join(pkg, "predict.py"), []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func pyType(v any) string {
	switch v.(type) {
	case bool:
		return "bool"
	case int:
		return "int"
	case float64:
		return "float"
	case []any:
		return "list[str]"
	}
	return "str"
}

// TestRefereeAgrees runs the project's referee, ../shared/bin/cogcheck, on
// the clean package (it must pass) and on broken ones it also judges (it
// must fail), so the two stay in line.
func TestRefereeAgrees(t *testing.T) {
	if testing.Short() {
		t.Skip("the referee takes seconds per package")
	}
	bin := filepath.Join("..", "..", "shared", "bin", "cogcheck")
	if _, err := os.Stat(bin); err != nil {
		t.Skipf("referee %s is absent: %v", bin, err)
	}
	run := func(dir string) int {
		cmd := exec.Command(bin, dir)
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		switch {
		case err == nil:
			return 0
		case errors.As(err, &exit) && exit.ExitCode() == 1:
			return 1
		}
		t.Skipf("the referee does not run here: %v\n%s", err, out)
		return -1
	}
	if run(filepath.Join("testdata", "clean")) != 0 {
		t.Error("the referee rejects testdata/clean, which cogport lint passes")
	}
	for _, name := range []string{"cogyaml-keys", "requirements", "torch-unknown", "inputs", "safe-push", "no-entrypoint"} {
		if run(casePackage(t, name)) != 1 {
			t.Errorf("the referee accepts broken package %s", name)
		}
	}
}
