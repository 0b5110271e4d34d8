package comfy

import (
	"path"
	"regexp"
	"strings"

	"github.com/cogport/cogport/sources/comfy/nodedef"
)

// loaderFolders says which models/ folder a core loader input reads
// (ComfyUI folder_paths); the folder decides where a download must land.
var loaderFolders = []struct{ class, input, folder string }{
	{"CheckpointLoaderSimple", "ckpt_name", "checkpoints"},
	{"CheckpointLoader", "ckpt_name", "checkpoints"},
	{"CheckpointLoader", "config_name", "configs"},
	{"unCLIPCheckpointLoader", "ckpt_name", "checkpoints"},
	{"ImageOnlyCheckpointLoader", "ckpt_name", "checkpoints"},
	{"DiffusersLoader", "model_path", "diffusers"},
	{"LoraLoader", "lora_name", "loras"},
	{"LoraLoaderModelOnly", "lora_name", "loras"},
	{"VAELoader", "vae_name", "vae"},
	{"ControlNetLoader", "control_net_name", "controlnet"},
	{"DiffControlNetLoader", "control_net_name", "controlnet"},
	{"UpscaleModelLoader", "model_name", "upscale_models"},
	{"CLIPLoader", "clip_name", "text_encoders"},
	{"DualCLIPLoader", "clip_name1", "text_encoders"},
	{"DualCLIPLoader", "clip_name2", "text_encoders"},
	{"TripleCLIPLoader", "clip_name1", "text_encoders"},
	{"TripleCLIPLoader", "clip_name2", "text_encoders"},
	{"TripleCLIPLoader", "clip_name3", "text_encoders"},
	{"QuadrupleCLIPLoader", "clip_name1", "text_encoders"},
	{"QuadrupleCLIPLoader", "clip_name2", "text_encoders"},
	{"QuadrupleCLIPLoader", "clip_name3", "text_encoders"},
	{"QuadrupleCLIPLoader", "clip_name4", "text_encoders"},
	{"UNETLoader", "unet_name", "diffusion_models"},
	{"CLIPVisionLoader", "clip_name", "clip_vision"},
	{"StyleModelLoader", "style_model_name", "style_models"},
	{"GLIGENLoader", "gligen_name", "gligen"},
	{"HypernetworkLoader", "hypernetwork_name", "hypernetworks"},
	{"PhotoMakerLoader", "photomaker_model_name", "photomaker"},
	{"ModelPatchLoader", "name", "model_patches"},
	{"AudioEncoderLoader", "audio_encoder_name", "audio_encoders"},
	{"LatentUpscaleModelLoader", "model_name", "latent_upscale_models"},
}

func loaderFolder(class, input string) (string, bool) {
	for _, l := range loaderFolders {
		if l.class == class && l.input == input {
			return l.folder, true
		}
	}
	return "", false
}

// weightExt are the extensions cog-comfyui treats as weights, plus GGUF.
var weightExt = regexp.MustCompile(`(?i)\.(ckpt|safetensors|sft|pt|pth|bin|onnx|torchscript|engine|patch|gguf)$`)

// embeddingRef finds "embedding:name" in prompt text; ComfyUI's tokenizer
// splits on spaces and strips trailing commas.
var embeddingRef = regexp.MustCompile(`embedding:([^\s,()\[\]{}|]+)`)

// modelRef is one reference to a model file.
type modelRef struct {
	name   string // as written, `\` normalised
	folder string // "" when the loader is unknown
	target Target
	// embedding: the name may lack its extension.
	embedding bool
}

// modelRefs lists the model files the live nodes reference: inputs of the
// core loaders, other literals that look like weight files, and embeddings
// named in prompt text.
func modelRefs(w *Workflow, defs *nodedef.Table) []modelRef {
	live := w.Prompt.Live(defs)
	var refs []modelRef
	for _, n := range w.Prompt.Nodes {
		if !live[n.ID] {
			continue
		}
		def := defs.Lookup(n.Class)
		for _, in := range n.Inputs {
			s, ok := in.Value.(string)
			if !ok || in.Link != nil || s == "" {
				continue
			}
			tg := Target{n.ID, in.Name}
			folder, isLoader := loaderFolder(n.Class, in.Name)
			name := strings.ReplaceAll(s, `\`, "/")
			switch {
			case isLoader || (weightExt.MatchString(s) && fileRole(n.Class, in.Name, def) == ""):
				refs = append(refs, modelRef{name: name, folder: folder, target: tg})
			case strings.Contains(s, "embedding:"):
				refs = append(refs, embeddings(s, tg)...)
			}
		}
	}
	return refs
}

func embeddings(text string, tg Target) []modelRef {
	var out []modelRef
	for _, m := range embeddingRef.FindAllStringSubmatch(text, -1) {
		name := strings.TrimRight(m[1], ".:;")
		out = append(out, modelRef{name: name, folder: "embeddings", target: tg, embedding: true})
	}
	return out
}

// embeddingNames are the files ComfyUI tries for an embedding name.
func embeddingNames(name string) []string {
	if weightExt.MatchString(name) {
		return []string{name}
	}
	return []string{name + ".safetensors", name + ".pt", name + ".bin", name}
}

// unsafePath reports names that would escape the models folder.
func unsafePath(name string) bool {
	if strings.HasPrefix(name, "/") || (len(name) > 1 && name[1] == ':') {
		return true
	}
	for _, seg := range strings.Split(name, "/") {
		if seg == ".." {
			return true
		}
	}
	return false
}

// isURL reports a model given as a download URL (a LoRA from Hugging Face).
func isURL(s string) bool {
	return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")
}

// downloadURL turns a Hugging Face page URL (/blob/) into its file URL
// (/resolve/).
func downloadURL(u string) string {
	if strings.HasPrefix(u, "https://huggingface.co/") {
		return strings.Replace(u, "/blob/", "/resolve/", 1)
	}
	return u
}

// urlFile is the file name a URL downloads to.
func urlFile(u string) string {
	u, _, _ = strings.Cut(u, "?")
	return path.Base(u)
}
