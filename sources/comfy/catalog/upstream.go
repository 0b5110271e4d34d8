package catalog

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/cogport/cogport/sources/comfy/internal/jsonx"
)

// CoreRepo is the extension-node-map entry whose classes ComfyUI ships.
const CoreRepo = "https://github.com/comfyanonymous/ComfyUI"

// ManagerFiles are ComfyUI-Manager's data files, as read from disk.
type ManagerFiles struct {
	ExtensionNodeMap []byte // extension-node-map.json (required)
	GithubStats      []byte // github-stats.json
	CustomNodeList   []byte // custom-node-list.json
	ModelList        []byte // model-list.json
}

// CogFiles are replicate/cog-comfyui's data files.
type CogFiles struct {
	Weights     []byte // weights.json
	Synonyms    []byte // weight_synonyms.json
	CustomNodes []byte // custom_nodes.json
}

// LoadDir reads ComfyUI-Manager's files from managerDir and cog-comfyui's
// from cogDir (either may be empty to skip it). A file is found under its
// upstream name or with the corpus prefix ("comfyui-manager__", "cog-comfyui__").
func LoadDir(managerDir, cogDir string) (Data, error) {
	var m ManagerFiles
	var c CogFiles
	reads := []struct {
		dir, prefix, name string
		dst               *[]byte
	}{
		{managerDir, "comfyui-manager__", "extension-node-map.json", &m.ExtensionNodeMap},
		{managerDir, "comfyui-manager__", "github-stats.json", &m.GithubStats},
		{managerDir, "comfyui-manager__", "custom-node-list.json", &m.CustomNodeList},
		{managerDir, "comfyui-manager__", "model-list.json", &m.ModelList},
		{cogDir, "cog-comfyui__", "weights.json", &c.Weights},
		{cogDir, "cog-comfyui__", "weight_synonyms.json", &c.Synonyms},
		{cogDir, "cog-comfyui__", "custom_nodes.json", &c.CustomNodes},
	}
	for _, r := range reads {
		if r.dir == "" {
			continue
		}
		b, err := readEither(r.dir, r.name, r.prefix)
		if err != nil {
			return Data{}, err
		}
		*r.dst = b
	}
	return FromUpstream(m, c)
}

func readEither(dir, name, prefix string) ([]byte, error) {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if errors.Is(err, fs.ErrNotExist) {
		b, err = os.ReadFile(filepath.Join(dir, prefix+name))
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return b, err
}

// FromUpstream derives Data from the upstream files.
func FromUpstream(m ManagerFiles, c CogFiles) (Data, error) {
	var d Data
	if len(m.ExtensionNodeMap) == 0 {
		return d, errors.New("extension-node-map.json is missing")
	}
	stars, err := parseStars(m.GithubStats)
	if err != nil {
		return d, err
	}
	cnr, err := parseCNR(m.CustomNodeList)
	if err != nil {
		return d, err
	}
	if d.Core, d.Packs, err = parseExtensionMap(m.ExtensionNodeMap, stars, cnr); err != nil {
		return d, err
	}
	if d.Models, err = parseModelList(m.ModelList); err != nil {
		return d, err
	}
	return d, parseCog(c, &d)
}

// packMeta is the second element of an extension-node-map entry.
type packMeta struct {
	TitleAux    string   `json:"title_aux"`
	Pattern     string   `json:"nodename_pattern"`
	Preemptions []string `json:"preemptions"`
}

func parseExtensionMap(raw []byte, stars map[string]int, cnr map[string]string) ([]string, []Pack, error) {
	entries, err := jsonx.Object(raw)
	if err != nil {
		return nil, nil, fmt.Errorf("extension-node-map.json: %w", err)
	}
	var core []string
	packs := make([]Pack, 0, len(entries))
	for _, e := range entries {
		var pair []json.RawMessage
		var classes []string
		var meta packMeta
		if err := json.Unmarshal(e.Value, &pair); err != nil || len(pair) < 1 {
			return nil, nil, fmt.Errorf("extension-node-map.json %s: not [classes, meta]", e.Key)
		}
		if err := json.Unmarshal(pair[0], &classes); err != nil {
			return nil, nil, fmt.Errorf("extension-node-map.json %s: %w", e.Key, err)
		}
		if len(pair) > 1 {
			_ = json.Unmarshal(pair[1], &meta) // metadata is optional and loosely typed
		}
		if NormalizeRepo(e.Key) == NormalizeRepo(CoreRepo) {
			core = classes
			continue
		}
		packs = append(packs, Pack{URL: e.Key, Title: meta.TitleAux, CNRID: cnr[NormalizeRepo(e.Key)],
			Stars: stars[NormalizeRepo(e.Key)], Pattern: meta.Pattern, Preemptions: meta.Preemptions, Classes: classes})
	}
	return core, packs, nil
}

func parseStars(raw []byte) (map[string]int, error) {
	out := map[string]int{}
	if len(raw) == 0 {
		return out, nil
	}
	var stats map[string]struct {
		Stars int `json:"stars"`
	}
	if err := json.Unmarshal(raw, &stats); err != nil {
		return nil, fmt.Errorf("github-stats.json: %w", err)
	}
	for u, s := range stats {
		out[NormalizeRepo(u)] = s.Stars
	}
	return out, nil
}

// parseCNR maps repo → Comfy registry id from custom-node-list.json.
func parseCNR(raw []byte) (map[string]string, error) {
	out := map[string]string{}
	if len(raw) == 0 {
		return out, nil
	}
	var list struct {
		CustomNodes []struct {
			ID        string   `json:"id"`
			Reference string   `json:"reference"`
			Files     []string `json:"files"`
		} `json:"custom_nodes"`
	}
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, fmt.Errorf("custom-node-list.json: %w", err)
	}
	for _, n := range list.CustomNodes {
		if n.ID == "" {
			continue
		}
		out[NormalizeRepo(n.Reference)] = n.ID
		for _, f := range n.Files {
			out[NormalizeRepo(f)] = n.ID
		}
	}
	return out, nil
}

func parseModelList(raw []byte) ([]Model, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	var list struct {
		Models []Model `json:"models"`
	}
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, fmt.Errorf("model-list.json: %w", err)
	}
	return list.Models, nil
}

func parseCog(c CogFiles, d *Data) error {
	if len(c.Weights) > 0 {
		if err := json.Unmarshal(c.Weights, &d.Weights); err != nil {
			return fmt.Errorf("weights.json: %w", err)
		}
	}
	if len(c.Synonyms) > 0 {
		if err := json.Unmarshal(c.Synonyms, &d.Synonyms); err != nil {
			return fmt.Errorf("weight_synonyms.json: %w", err)
		}
	}
	if len(c.CustomNodes) > 0 {
		if err := json.Unmarshal(c.CustomNodes, &d.Pins); err != nil {
			return fmt.Errorf("custom_nodes.json: %w", err)
		}
	}
	return nil
}
