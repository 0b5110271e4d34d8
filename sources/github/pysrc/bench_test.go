package pysrc

import (
	"strings"
	"testing"
)

// BenchmarkCalls measures finding argparse calls in a large script.
func BenchmarkCalls(b *testing.B) {
	src := []byte(strings.Repeat("parser.add_argument('--steps', type=int, default=20, help='number of steps')\n", 2000))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		f := Parse(src)
		f.Calls(func(n string) bool { return strings.HasSuffix(n, "add_argument") })
	}
}
