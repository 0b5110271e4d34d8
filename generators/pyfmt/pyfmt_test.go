package pyfmt

import (
	"bytes"
	"fmt"
	"math/rand"
	"os/exec"
	"strings"
	"testing"
)

func TestStr(t *testing.T) {
	cases := map[string]string{
		"plain":          `"plain"`,
		`say "hi"`:       `'say "hi"'`,
		`it's "x" "y"`:   `'it\'s "x" "y"'`,
		"it's":           `"it's"`,
		"a\nb\\c":        `"a\nb\\c"`,
		"nul\x00":        `"nul\x00"`,
		"\"\"\"":         `'"""'`,
		"bad\xffutf8":    `"bad\xffutf8"`,
		"line\u2028sep":  `"line\u2028sep"`,
		"café 東京":        `"café 東京"`,
		"{{ .X }} $(rm)": `"{{ .X }} $(rm)"`,
	}
	for in, want := range cases {
		if got := Str(in); got != want {
			t.Errorf("Str(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestLit(t *testing.T) {
	cases := []struct {
		in   any
		want string
	}{
		{nil, "None"}, {true, "True"}, {int64(-3), "-3"}, {7.5, "7.5"}, {7.0, "7.0"},
		{1e-5, "1e-05"}, {[]any{"a", int64(1)}, `["a", 1]`}, {[]string{"x"}, `["x"]`},
	}
	for _, c := range cases {
		if got := MustLit(c.in); got != c.want {
			t.Errorf("Lit(%#v) = %s, want %s", c.in, got, c.want)
		}
	}
}

// TestAgainstBlack formats random fragments and checks that black leaves
// them unchanged: pyfmt's rules are black's rules.
func TestAgainstBlack(t *testing.T) {
	black, err := exec.LookPath("black")
	if err != nil {
		t.Skip("black is not installed: skipping the black oracle (apt-get install black)")
	}
	rng := rand.New(rand.NewSource(1))
	var src strings.Builder
	src.WriteString("class Predictor(BasePredictor):\n")
	for i := 0; i < 200; i++ {
		fmt.Fprintf(&src, "%s\n        pass\n\n", randomDef(rng, i))
	}
	for i := 0; i < 100; i++ {
		fmt.Fprintf(&src, "%s\n", Assign(4, fmt.Sprintf("c%d", i), Str(words(rng, rng.Intn(20)))))
		items := make([]string, rng.Intn(8))
		for j := range items {
			items[j] = Str(words(rng, rng.Intn(4)))
		}
		fmt.Fprintf(&src, "%s\n", Collection(4, fmt.Sprintf("l%d = ", i), "[", items, "]"))
	}
	src.WriteString("\n")
	for i := 0; i < 100; i++ {
		args := []string{"model_dir", "torch_dtype=TORCH_DTYPE"}
		if rng.Intn(2) == 0 {
			args = append(args, "variant=VARIANT")
		}
		name := []string{"FluxPipeline", "StableDiffusionXLPipeline", "SD3", "StableDiffusion3Pipeline"}[rng.Intn(4)]
		fmt.Fprintf(&src, "    def g%d(self):\n%s\n\n", i, Chain(8, "self.pipe = "+name+".from_pretrained", args, ".to", []string{Str("cuda")}, ""))
	}
	in := strings.TrimRight(src.String(), "\n") + "\n"
	cmd := exec.Command(black, "-q", "-")
	cmd.Stdin = strings.NewReader(in)
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("black: %v", err)
	}
	if out.String() != in {
		t.Errorf("black reformatted the fragments:\n%s", firstDiff(in, out.String()))
	}
}

func randomDef(rng *rand.Rand, i int) string {
	params := []Param{{Head: "self"}}
	for j := 0; j < rng.Intn(6); j++ {
		args := []string{"description=" + Str(words(rng, 1+rng.Intn(14)))}
		if rng.Intn(2) == 0 {
			args = append(args, "default="+Str(words(rng, rng.Intn(12))))
		}
		switch rng.Intn(4) {
		case 0:
			args = append(args, "ge=1", "le=100")
		case 1:
			// Long choices: black explodes the list one item per line.
			choices := make([]string, 2+rng.Intn(30))
			for k := range choices {
				choices[k] = Str(words(rng, 1+rng.Intn(2)))
			}
			args = append(args, "choices=["+strings.Join(choices, ", ")+"]")
		}
		params = append(params, Param{Head: fmt.Sprintf("p%d: str = Input", j), Args: args})
	}
	rets := []string{" -> None", " -> list[Path]", " -> ConcatenateIterator[str]", ""}
	return Def(4, fmt.Sprintf("f%d", i), params, rets[rng.Intn(len(rets))])
}

func words(rng *rand.Rand, n int) string {
	vocab := []string{"a", "photo", "of", "an", "astronaut", "riding", "horse", "on", "mars", "it's", `"q"`}
	w := make([]string, n)
	for i := range w {
		w[i] = vocab[rng.Intn(len(vocab))]
	}
	return strings.Join(w, " ")
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			lo := max(0, i-3)
			return fmt.Sprintf("line %d\nours:\n%s\nblack:\n%s", i+1,
				strings.Join(al[lo:min(len(al), i+4)], "\n"), strings.Join(bl[lo:min(len(bl), i+4)], "\n"))
		}
	}
	return "length differs"
}
