// Package golden holds cogport's end-to-end cases: each folder under
// testdata/ has an input, the arguments of one cogport command, and the exact
// tree it must write. `go test ./golden -update` rewrites the expected trees.
package golden
