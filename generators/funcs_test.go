package generators

import (
	"os/exec"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// Strings from strangers must stay inert in every kind of file.
var hostile = []string{
	`plain`, `quote " and ' both`, "new\nline", `back\slash`, "{{ .Evil }}", "$(rm -rf /)", "`id`",
	"key: value\nother: 1", "# comment", "nul\x00byte", "del\x7f", "c1\u0085\u009f", "bad\xffutf8", "tab\tand\rcr", "café 東京 🚀", "'''triple'''", `"""`,
	"- list", "&anchor *alias", "!!python/object", "\u2028sep",
}

func TestYAMLStringRoundTrips(t *testing.T) {
	for _, s := range hostile {
		var doc map[string]any
		if err := yaml.Unmarshal([]byte("k: "+YAMLString(s)+"\n"), &doc); err != nil {
			t.Errorf("%q: %v", s, err)
			continue
		}
		if doc["k"] != strings.ToValidUTF8(s, "\uFFFD") || len(doc) != 1 {
			t.Errorf("%q read back as %#v", s, doc)
		}
	}
}

func TestShellQuoteIsInert(t *testing.T) {
	for _, s := range hostile {
		if strings.ContainsRune(s, 0) {
			continue // a shell word cannot hold NUL; cogport never passes one
		}
		out, err := exec.Command("bash", "-c", "printf %s "+ShellQuote(s)).Output()
		if err != nil || string(out) != s {
			t.Errorf("%q: got %q, %v", s, out, err)
		}
	}
}

func TestCommentIsOneSafeLine(t *testing.T) {
	for _, s := range hostile {
		c := Comment(s)
		if strings.ContainsAny(c, "\n\r\"'\\`$#{}") {
			t.Errorf("Comment(%q) = %q keeps a dangerous character", s, c)
		}
	}
}

func TestMarkdownCellIsOneLine(t *testing.T) {
	for _, s := range hostile {
		c := md(s)
		if strings.ContainsAny(c, "\n\r|<>") && !strings.Contains(c, `\|`) {
			t.Errorf("md(%q) = %q breaks a table row", s, c)
		}
	}
}

func TestTemplatesParse(t *testing.T) {
	r, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Templates().Names()) < 10 {
		t.Errorf("only %d templates", len(r.Templates().Names()))
	}
}

func TestLocalArgsReadLocals(t *testing.T) {
	in := []any{"model_dir", "dtype=self.dtype", "device_map=self.device", "variant=VARIANT", "trust_remote_code=True"}
	got, err := localArgs(in)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"model_dir", "dtype=dtype", "device_map=device", "variant=VARIANT", "trust_remote_code=True"}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("localArgs(%v) = %v, want %v", in, got, want)
	}
	if _, err := localArgs([]any{1}); err == nil {
		t.Error("localArgs accepted a list item that is not a string")
	}
}
