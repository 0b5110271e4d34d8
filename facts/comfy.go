package facts

import "encoding/json"

// ComfyWorkflow is everything cogport learned from one ComfyUI workflow: the
// runnable API prompt, the typed inputs traced through its graph, the model
// files it loads and the custom node packs it needs.
type ComfyWorkflow struct {
	// Name labels the workflow (its file name, usually).
	Name string `json:"name"`
	// Format is what the file was: "ui" (nodes + links) or "api".
	Format string `json:"format"`
	// Prompt is the workflow in API format ({id: {class_type, inputs,
	// _meta}}), the form ComfyUI's /prompt endpoint queues; UI files are
	// converted. Node ids are strings ("37:8" inside a group node or subgraph).
	Prompt json.RawMessage `json:"prompt"`
	// Nodes lists the prompt's nodes in id order.
	Nodes []ComfyNode `json:"nodes"`
	// OutputNodes are the ids of the nodes that produce results (SaveImage,
	// PreviewImage, SaveAudio, VHS_VideoCombine, ...), in id order.
	OutputNodes []string `json:"output_nodes,omitempty"`
	// Inputs are the typed predict() inputs traced through the graph.
	Inputs []ComfyInput `json:"inputs"`
	// Models are the model files the prompt references.
	Models []ComfyModel `json:"models"`
	// Packs is the custom node lock: every non-core class resolved to a repo.
	Packs []ComfyNodePack `json:"packs"`
	// UnresolvedNodes are classes no pack could be found for.
	UnresolvedNodes []ComfyUnresolvedNode `json:"unresolved_nodes,omitempty"`
	// Warnings say what was guessed, dropped or could not be converted.
	Warnings []string `json:"warnings,omitempty"`
}

// ComfyNode is one node of the API prompt.
type ComfyNode struct {
	ID    string `json:"id"`
	Class string `json:"class"`
	// Title is the author-given title, empty when the node kept its default.
	Title string `json:"title,omitempty"`
	// Core is true for classes ComfyUI itself ships.
	Core bool `json:"core"`
}

// ComfyTarget is one place in the prompt a value is written to: a node id
// and the name of one of its inputs.
type ComfyTarget struct {
	Node  string `json:"node"`
	Input string `json:"input"`
}

// ComfyInput is one traced predict() input.
type ComfyInput struct {
	// Name is a valid, non-reserved Python identifier, unique in the workflow.
	Name string `json:"name"`
	// Role says why it was exposed: prompt, negative_prompt, seed, steps,
	// cfg, sampler_name, scheduler, denoise, width, height, batch_size,
	// image, mask, audio, video, lora_strength_model, lora_strength_clip,
	// declared (the workflow's own API) or exposed (a user override).
	Role string `json:"role"`
	// Type is the Python annotation without Optional: str, int, float,
	// bool or Path.
	Type string `json:"type"`
	// Optional makes the annotation Optional[Type] (seed: None → random).
	Optional bool `json:"optional,omitempty"`
	// Default is the workflow's value (string, int64, float64 or bool); nil
	// for a required input or an Optional one that defaults to None.
	Default any `json:"default"`
	// Example is the workflow's value where it cannot be a default (the
	// file name a LoadImage held), for tests and documentation.
	Example any `json:"example,omitempty"`
	// Min and Max bound numbers (from the node definition); nil when open.
	Min *float64 `json:"min,omitempty"`
	Max *float64 `json:"max,omitempty"`
	// Step is the widget's step, 0 when unknown.
	Step float64 `json:"step,omitempty"`
	// Choices are a combo's options (strings), empty otherwise.
	Choices     []any  `json:"choices,omitempty"`
	Description string `json:"description"`
	// Targets are where the value is substituted; several when one value
	// feeds several nodes (a PrimitiveNode, a shared seed).
	Targets []ComfyTarget `json:"targets"`
}

// ComfyModel is one model file the prompt loads.
type ComfyModel struct {
	// Name is the value the workflow references, with `\` normalised to `/`
	// ("FLUX1/flux1-dev-fp8.safetensors").
	Name string `json:"name"`
	// Folder is the models/ subfolder it belongs in ("checkpoints", "loras");
	// empty when unknown.
	Folder string `json:"folder"`
	// URL is where to download it from; empty when unresolved.
	URL string `json:"url,omitempty"`
	// Archive means URL is a tar to extract into Folder (cog-comfyui's CDN).
	Archive bool `json:"archive,omitempty"`
	// Source says which rule resolved it: properties, user, manager,
	// cog-comfyui, url; empty when unresolved.
	Source string `json:"source,omitempty"`
	// Stored is the name the download arrives under when it differs from
	// Name (cog-comfyui's synonyms: ae.sft → ae.safetensors); the prompt
	// must then be rewritten to it, or the file renamed.
	Stored string `json:"stored,omitempty"`
	// Size is the catalog's human size ("6.46GB"), when it gives one.
	Size string `json:"size,omitempty"`
	// Refs are the inputs that reference it.
	Refs []ComfyTarget `json:"refs"`
	// Problem says why it is unresolved or rejected.
	Problem string `json:"problem,omitempty"`
}

// Resolved reports whether a download URL is known.
func (m ComfyModel) Resolved() bool { return m.URL != "" }

// ComfyNodePack is one line of the custom node lock.
type ComfyNodePack struct {
	// Repo is the clone URL (https://github.com/owner/name).
	Repo string `json:"repo"`
	// Commit pins the repo (7–40 hex) when known.
	Commit string `json:"commit,omitempty"`
	// Version is the registry version the workflow recorded (cnr "ver").
	Version string `json:"version,omitempty"`
	// CNRID is the Comfy registry id, when known.
	CNRID string `json:"cnr_id,omitempty"`
	// Classes are the workflow's classes the pack provides.
	Classes []string `json:"classes"`
	// Via says which rule resolved it: cnr_id, aux_id, user, preemption,
	// name, stars (a tie broken by GitHub stars) or pattern; the most
	// certain one when its classes were resolved differently.
	Via string `json:"via"`
	// Note explains ties and guesses for the report.
	Note string `json:"note,omitempty"`
}

// ComfyUnresolvedNode is a class no pack could be found for.
type ComfyUnresolvedNode struct {
	Class  string   `json:"class"`
	Nodes  []string `json:"nodes"`
	Reason string   `json:"reason"`
}

// ComfyInputNamed returns the traced input called name, if any.
func (w *ComfyWorkflow) ComfyInputNamed(name string) (ComfyInput, bool) {
	for _, in := range w.Inputs {
		if in.Name == name {
			return in, true
		}
	}
	return ComfyInput{}, false
}
