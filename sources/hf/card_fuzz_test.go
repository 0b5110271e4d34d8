package hf

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseCard: any bytes as a model card either parse or give an error,
// never a panic; the body never includes the front matter.
func FuzzParseCard(f *testing.F) {
	f.Add([]byte("---\nlicense: mit\n---\n# Title\n\nText.\n```py\npipe(prompt=\"x\", num_inference_steps=4)\n```\n"))
	f.Add([]byte("\r\n---\r\nlicense: [a\r\n---\r\nbody"))
	f.Add([]byte("---\n---\n"))
	if cards, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "corpus", "hf", "*", "README.md")); len(cards) > 0 {
		for _, c := range cards[:min(len(cards), 5)] {
			if b, err := os.ReadFile(c); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		card, err := ParseCard(b)
		if err != nil {
			return
		}
		if len(card.Body) > len(b) {
			t.Errorf("body (%d bytes) longer than the card (%d)", len(card.Body), len(b))
		}
	})
}
