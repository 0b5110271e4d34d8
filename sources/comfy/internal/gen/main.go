// Command gen regenerates the ComfyUI tables embedded in cogport from
// recorded upstream data (run by `go generate ./sources/comfy/...`):
//
//   - nodedef/core.json: the /object_info definitions of the classes ComfyUI
//     core ships (the comfyanonymous/ComfyUI entry of ComfyUI-Manager's
//     extension-node-map.json) found in the object_info/*.json dumps;
//   - catalog/catalog.json.gz: ComfyUI-Manager's class → pack map, stars,
//     registry ids and model list, plus cog-comfyui's weights, synonyms and
//     pack pins, reduced to the fields cogport reads.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/cogport/cogport/sources/comfy/catalog"
	"github.com/cogport/cogport/sources/comfy/nodedef"
)

func main() {
	corpus := flag.String("corpus", "", "corpus/comfy folder holding object_info/, manager/ and cog-comfyui/")
	nodedefOut := flag.String("nodedef", "", "where to write the core node table (JSON)")
	catalogOut := flag.String("catalog", "", "where to write the catalog (gzipped JSON)")
	flag.Parse()
	if err := run(*corpus, *nodedefOut, *catalogOut); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(corpus, nodedefOut, catalogOut string) error {
	if corpus == "" {
		return fmt.Errorf("-corpus is required")
	}
	data, err := catalog.LoadDir(filepath.Join(corpus, "manager"), filepath.Join(corpus, "cog-comfyui"))
	if err != nil {
		return err
	}
	if nodedefOut != "" {
		if err := writeNodeTable(filepath.Join(corpus, "object_info"), data.Core, nodedefOut); err != nil {
			return err
		}
	}
	if catalogOut != "" {
		return writeCatalog(data, catalogOut)
	}
	return nil
}

// writeNodeTable keeps the core classes of every dump (nodedef.Select).
func writeNodeTable(dir string, core []string, out string) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		return fmt.Errorf("no object_info dumps in %s", dir)
	}
	slices.Sort(files)
	var dumps [][]byte
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		dumps = append(dumps, raw)
	}
	t, err := nodedef.Select(dumps, core)
	if err != nil {
		return err
	}
	b, err := nodedef.Marshal(t)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gen: %d core classes → %s (%d bytes)\n", t.Len(), out, len(b))
	return os.WriteFile(out, b, 0o644)
}

// writeCatalog writes Data as gzipped JSON. gzip without a name or mtime is
// deterministic, so regenerating from the same files changes nothing.
func writeCatalog(d catalog.Data, out string) error {
	for i := range d.Packs {
		slices.Sort(d.Packs[i].Classes)
	}
	raw, err := json.Marshal(d)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	zw, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(raw); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gen: catalog of %d packs, %d models, %d weight types → %s (%d bytes, %d raw)\n",
		len(d.Packs), len(d.Models), len(d.Weights), out, b.Len(), len(raw))
	if !strings.HasSuffix(out, ".gz") {
		return fmt.Errorf("catalog output %q should end in .gz", out)
	}
	return os.WriteFile(out, b.Bytes(), 0o644)
}
