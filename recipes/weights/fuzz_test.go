package weights

import (
	"regexp"
	"strings"
	"testing"
)

// FuzzMatch: Match never panics, and a pattern escaped with Escape matches
// exactly the path it came from.
func FuzzMatch(f *testing.F) {
	for _, s := range [][2]string{{"*.bin", "unet/x.bin"}, {"[!a]*", "b"}, {"[]]", "]"}, {"a?c", "abc"}, {"x/", "x/y"}, {"[", "["}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, name string) {
		_ = Match(pattern, name)
		if !Match(Escape(name), name) {
			t.Errorf("Escape(%q) = %q does not match its own path", name, Escape(name))
		}
		if strings.ContainsAny(name, "*?[") {
			return
		}
		other := name + "x"
		if Match(Escape(name), other) && !regexp.MustCompile(`/$`).MatchString(name) {
			t.Errorf("Escape(%q) also matches %q", name, other)
		}
	})
}
