package catalog

import (
	"slices"
	"strings"
)

// CogWeightsBase is cog-comfyui's WEIGHTS_BASE_URL: its CDN of model tars.
const CogWeightsBase = "https://weights.replicate.delivery/default/comfy-ui"

// managerTypeFolders is ComfyUI-Manager's model_dir_name_map: where a
// model-list entry with save_path "default" goes, by its type.
var managerTypeFolders = map[string]string{
	"checkpoints": "checkpoints", "checkpoint": "checkpoints", "unclip": "checkpoints",
	"text_encoders": "text_encoders", "clip": "text_encoders", "vae": "vae", "lora": "loras",
	"t2i-adapter": "controlnet", "t2i-style": "controlnet", "controlnet": "controlnet",
	"clip_vision": "clip_vision", "gligen": "gligen", "upscale": "upscale_models",
	"embedding": "embeddings", "embeddings": "embeddings", "unet": "diffusion_models",
	"diffusion_model": "diffusion_models",
}

// Folder is where ComfyUI-Manager saves m, relative to models/ (Manager's
// get_model_dir): save_path, or the type's folder for "default", or "etc"
// for unknown types and unsafe paths.
func (m Model) Folder() string {
	sp := strings.Trim(strings.ReplaceAll(m.SavePath, `\`, "/"), "/")
	if sp == "default" || sp == "" {
		if f, ok := managerTypeFolders[strings.ToLower(m.Type)]; ok {
			return f
		}
		return "etc"
	}
	if strings.Contains(sp, "..") || strings.HasPrefix(m.SavePath, "/") || strings.HasPrefix(sp, "custom_nodes") {
		return "etc"
	}
	return sp
}

// IsRepo reports whether the entry is a whole Hugging Face repository
// ("<huggingface>") rather than one file.
func (m Model) IsRepo() bool { return m.Filename == "<huggingface>" }

// CogWeight is one file cog-comfyui's CDN serves.
type CogWeight struct {
	// Name is the canonical file name (after .sft and synonym rewriting).
	Name string
	// Type is the weights.json key (CHECKPOINTS, LORAS, UNET, ...).
	Type string
	// URL is the tar to extract into Folder.
	URL string
	// Folder is the models/ subfolder the tar extracts into.
	Folder string
}

// CanonicalWeight applies cog-comfyui's get_canonical_weight_str: ".sft"
// becomes ".safetensors", then weight_synonyms.json.
func (c *Catalog) CanonicalWeight(name string) string {
	if base, ok := strings.CutSuffix(name, ".sft"); ok {
		name = base + ".safetensors"
	}
	if s, ok := c.data.Synonyms[name]; ok {
		return s
	}
	return name
}

// CogWeights returns the CDN entries for name (canonicalised first), one per
// weights.json type listing it, sorted by type.
func (c *Catalog) CogWeights(name string) []CogWeight {
	canon := c.CanonicalWeight(name)
	types := slices.Clone(c.weights[canon])
	slices.Sort(types)
	var out []CogWeight
	for _, t := range types {
		dir := cogDir(t)
		out = append(out, CogWeight{Name: canon, Type: t, URL: CogWeightsBase + "/" + dir + "/" + canon + ".tar",
			Folder: cogFolder(dir)})
	}
	return out
}

// cogDir is the CDN directory of a weights.json type (weights_manifest.py).
func cogDir(typ string) string {
	switch typ {
	case "BIREFNET":
		return "BiRefNet"
	case "FLASHVSR":
		return "FlashVSR"
	case "LLM", "FBCNN":
		return typ
	}
	return strings.ToLower(typ)
}

// cogFolder is where cog-comfyui extracts a CDN directory.
func cogFolder(dir string) string {
	switch dir {
	case "unet":
		return "diffusion_models"
	case "clip":
		return "text_encoders"
	}
	return dir
}
