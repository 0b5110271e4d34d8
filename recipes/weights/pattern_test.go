package weights

import (
	"regexp"
	"slices"
	"testing"
)

// The expected values follow Python's fnmatch.fnmatchcase rules (Lib/fnmatch.py
// translate): `*` is `.*` under DOTALL, `?` is `.`, brackets are classes with
// Python's range handling, everything else is literal.
func TestMatch(t *testing.T) {
	cases := []struct {
		pattern, name string
		want          bool
	}{
		// `*` crosses folders, which is the point of porting fnmatch.
		{"*.bin", "unet/x.bin", true},
		{"*.bin", "x.bin", true},
		{"*.bin", "x.bin.index.json", false},
		{"unet/*", "unet/a/b/c.safetensors", true},
		{"*/config.json", "config.json", false},
		{"*/config.json", "unet/config.json", true},
		{"*", "", true},
		{"**", "a/b", true},
		{"*a*b*", "xxaxxbxx", true},
		{"*a*b*", "xxbxxaxx", false},
		{"", "", true},
		{"", "a", false},
		// Case-sensitive on every platform (fnmatchcase).
		{"*.PNG", "x.png", false},
		{"README.md", "readme.md", false},
		// `?` is exactly one character, any character, including `/`.
		{"?", "a", true},
		{"?", "", false},
		{"?", "ab", false},
		{"a?b", "a/b", true},
		{"model.?afetensors", "model.safetensors", true},
		{"?", "é", true}, // one code point, two bytes
		// Classes.
		{"[abc]", "b", true},
		{"[abc]", "d", false},
		{"[a-c]x", "bx", true},
		{"[a-c]x", "dx", false},
		{"[!a]*", "abc", false},
		{"[!a]*", "bbc", true},
		{"[!a]", "/", true},
		{"[]]", "]", true},
		{"[]]", "a", false},
		{"[!]]", "]", false},
		{"[!]]", "a", true},
		{"[]a]", "a", true},
		{"[]-a]", "^", true}, // range ']'..'a' holds ^ (0x5e)
		{"[-a]", "-", true},
		{"[a-]", "-", true},
		{"[a-]", "b", false},
		{"[a-c-e]", "-", true}, // `-` right after a range is literal
		{"[a-c-e]", "d", false},
		{"[a-c-e]", "e", true},
		{"[z-a]", "z", false}, // reversed range: dropped, empty set never matches
		{"[z-a]", "-", false},
		{"[!z-a]", "q", true}, // negated empty set matches any character
		{"[z-ab]", "b", true},
		{"[z-ab]", "z", false},
		{"[a--]", "-", false}, // 'a'..'-' is reversed
		{"[--0]", "/", true},  // '-'..'0' holds '.' and '/'
		{"[^a]", "^", true},   // `^` is a member, not negation
		{"[^a]", "b", false},
		{`[\]`, `\`, true}, // backslash is a plain member
		{"[[]", "[", true},
		{"[*]", "*", true},
		{"[*]", "x", false},
		{"[?]", "?", true},
		{"[?]", "x", false},
		{"[&&b]", "&", true}, // Python escapes set operations; they are members
		{"[~~]", "~", true},
		// An unclosed bracket is literal.
		{"[", "[", true},
		{"[abc", "[abc", true},
		{"[abc", "a", false},
		{"[!", "[!", true},
		{"[]", "[]", true},
		{"x[]y", "x[]y", true},
		// Regexp metacharacters are literal.
		{"a.b", "a.b", true},
		{"a.b", "axb", false},
		{"a+b", "a+b", true},
		{"a+b", "aab", false},
		{"(a|b)", "(a|b)", true},
		{"(a|b)", "a", false},
		{"a{2}", "a{2}", true},
		{"a{2}", "aa", false},
		{"^a$", "^a$", true},
		{"^a$", "a", false},
		{`a\b`, `a\b`, true},
		{`a\*`, `a\xyz`, true}, // backslash does not escape `*`
		{`a\*`, `a*`, false},
		{"$*", "$x", true},
		{"a|b", "a", false},
		// Newlines are ordinary characters (DOTALL) and the match is anchored
		// at the very end (\Z, not before a trailing newline).
		{"a*", "a\nb", true},
		{"a", "a\n", false},
	}
	for _, c := range cases {
		if got := Match(c.pattern, c.name); got != c.want {
			t.Errorf("Match(%q, %q) = %v, want %v", c.pattern, c.name, got, c.want)
		}
	}
}

func TestTranslateCompiles(t *testing.T) {
	// Every translation must be a valid Go regexp, whatever the input.
	for _, p := range []string{"[", "[!", "[]", "[!]", "[]-]", "[a-", "[\\", "[z-a]", "[!z-a]",
		"(", ")", "{", "\\", "[^]", "[[:alpha:]]", "[\x00-\x7f]", "\xff", "[é-ü]"} {
		if _, err := regexp.Compile(translate(p)); err != nil {
			t.Errorf("translate(%q) = %q: %v", p, translate(p), err)
		}
	}
	if !Match("[[:alpha:]]", ":]") || Match("[[:alpha:]]", "a") {
		t.Error("[[:alpha:]] must be the class {[ : a l p h} followed by `]`, as in Python")
	}
	if !Match("[é-ü]", "ö") || Match("[é-ü]", "e") {
		t.Error("non-ASCII ranges compare code points")
	}
}

func TestFilter(t *testing.T) {
	paths := []string{
		"config.json", "model.safetensors", "pytorch_model.bin", "unet/config.json",
		"unet/diffusion_pytorch_model.bin", "unet/diffusion_pytorch_model.safetensors",
		"vae/x.bin", ".gitattributes", `win\path.bin`,
	}
	cases := []struct {
		name          string
		allow, ignore []string
		want          []string
	}{
		{"no patterns keeps all", nil, nil, paths},
		{"empty allow list means none given", []string{}, nil, paths},
		{"star crosses folders", []string{"*.bin"}, nil,
			[]string{"pytorch_model.bin", "unet/diffusion_pytorch_model.bin", "vae/x.bin", `win\path.bin`}},
		{"ignore wins over allow", []string{"*.bin"}, []string{"unet/*"},
			[]string{"pytorch_model.bin", "vae/x.bin", `win\path.bin`}},
		{"trailing slash names a folder", []string{"unet/"}, nil,
			[]string{"unet/config.json", "unet/diffusion_pytorch_model.bin", "unet/diffusion_pytorch_model.safetensors"}},
		{"trailing slash in ignore", nil, []string{"unet/", "vae/", ".*"},
			[]string{"config.json", "model.safetensors", "pytorch_model.bin", `win\path.bin`}},
		{"backslash counts as a separator", []string{`win\*`}, nil, []string{`win\path.bin`}},
		{"backslash in the path matches a slash pattern", []string{"win/path.bin"}, nil, []string{`win\path.bin`}},
		{"exact names", []string{"config.json", "model.safetensors"}, nil, []string{"config.json", "model.safetensors"}},
		{"ignore only", nil, []string{"*.bin", "*.json"},
			[]string{"model.safetensors", "unet/diffusion_pytorch_model.safetensors", ".gitattributes"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Filter(paths, c.allow, c.ignore); !slices.Equal(got, c.want) {
				t.Errorf("Filter(%q, %q) = %q, want %q", c.allow, c.ignore, got, c.want)
			}
		})
	}
}

func TestEscape(t *testing.T) {
	for _, p := range []string{"a*b", "a?b", "[x]", "x]", "plain/path.bin", "we[ir]d*?/f.bin", "a[!b]"} {
		pat := Escape(p)
		if !Match(pat, p) {
			t.Errorf("Match(Escape(%q)=%q, %q) = false", p, pat, p)
		}
	}
	if Match(Escape("a*b"), "axxb") || Match(Escape("a?b"), "axb") || Match(Escape("[x]"), "x") {
		t.Error("an escaped pattern must match only its own path")
	}
	if got := Escape("a*b?[c]"); got != "a[*]b[?][[]c]" {
		t.Errorf("Escape = %q, want a[*]b[?][[]c]", got)
	}
}

// TestMatcherShortcuts checks that the plain string tests compileMatcher
// uses for simple shapes agree with the full fnmatch translation.
func TestMatcherShortcuts(t *testing.T) {
	patterns := []string{"", "*", "**", "a", "*.bin", "unet/*", "*lora*", "*a*b", "a*b", "?", "[ab]*", "*[*]"}
	for _, r := range skipRules {
		patterns = append(patterns, r.dir, r.base)
	}
	for _, f := range frameworks {
		patterns = append(patterns, f.dir, f.base)
	}
	names := []string{"", "a", "x.bin", "unet/x.bin", "unet", "my_lora.safetensors", "lora", "ab", "a/b",
		"README.md", ".gitattributes", "checkpoint-10", "optimizer.pt", "onnx", "model.onnx_data", "*", "[*]"}
	for _, p := range patterns {
		m, re := compileMatcher(p), compilePattern(p)
		for _, n := range names {
			if m.MatchString(n) != re.MatchString(n) {
				t.Errorf("pattern %q on %q: shortcut %v, fnmatch %v", p, n, m.MatchString(n), re.MatchString(n))
			}
		}
	}
	if _, ok := compileMatcher("*.bin").(suffix); !ok {
		t.Error("*.bin should compile to a suffix test")
	}
}
