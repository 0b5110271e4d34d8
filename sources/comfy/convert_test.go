package comfy

import (
	"slices"
	"testing"
)

// conversionPair is one of the 13 UI/API pairs of DESIGN §5.5 (INDEX.tsv).
type conversionPair struct {
	name string
	// packs says the workflow needs custom node definitions (--object-info).
	packs bool
	// known are the differences explained by the recorded API file having
	// been exported with other node definitions (or edited by hand) than
	// the shipped table; everything else must match exactly.
	known []string
}

var conversionPairs = []conversionPair{
	{name: "ComfyUI_examples__lora"},
	{name: "ComfyUI_examples__esrgan_example"},
	{name: "ComfyUI_examples__embedding_example"},
	{name: "ComfyUI_examples__img2img"},
	{name: "ComfyUI_examples__inpaint_example", known: []string{
		// VAEEncodeForInpaint gained grow_mask_by (default 6) after this
		// example was saved: the UI node has no widgets_values at all and
		// the API has no grow_mask_by; the shipped definition adds it.
		`node 26 (VAEEncodeForInpaint) input grow_mask_by: "6", not recorded`,
	}},
	{name: "ComfyUI_examples__controlnet_example"},
	{name: "ComfyUI_examples__sdxl_simple_example"},
	{name: "ComfyUI_examples__flux_dev_example", known: []string{
		// DualCLIPLoader gained the optional device widget after the
		// example was saved ([clip_name1, clip_name2, type] in the UI).
		`node 11 (DualCLIPLoader) input device: "default", not recorded`,
	}},
	{name: "ComfyUI_examples__sdxl_edit_model"},
	{name: "ComfyUI_examples__z_image_turbo"},
	{name: "cog-comfyui__brushnet_basic", packs: true},
	{name: "cog-comfyui__xlabs_flux_controlnet", packs: true, known: []string{
		// x-flux-comfyui added denoise_strength to XlabsSampler after the
		// workflow was saved (five widgets and the seed's companion in the UI).
		`node 3 (XlabsSampler) input denoise_strength: "1.0", not recorded`,
		`node 4 (DualCLIPLoader) input device: "default", not recorded`, // as in flux_dev
		// cog-comfyui replaced the upload by a URL in the API file only.
		`node 16 (LoadImage) input image: "ComfyUI_00725_.png", recorded "https://replicate.delivery/yhqm/lZeWBoD7eqnHIUCks11CL7ZF...`,
	}},
	{name: "comfy-pack__simple-pixel-art-generation"},
}

func TestConversionPairs(t *testing.T) {
	base := defaultDefs(t)
	withPacks := base.With(extraDefs(t))
	total, totalMatched := 0, 0
	for _, pair := range conversionPairs {
		t.Run(pair.name, func(t *testing.T) {
			defs := base
			if pair.packs {
				defs = withPacks
			}
			ui, err := Parse(readCorpus(t, "workflows/"+pair.name+".ui.json"), defs, 0)
			if err != nil {
				t.Fatalf("ui: %v", err)
			}
			api, err := Parse(readCorpus(t, "workflows/"+pair.name+".api.json"), defs, 0)
			if err != nil {
				t.Fatalf("api: %v", err)
			}
			matched, diffs := comparePrompts(ui.Prompt, api.Prompt, defs)
			total += len(api.Prompt.Nodes)
			totalMatched += matched
			t.Logf("%s: %d/%d nodes match", pair.name, matched, len(api.Prompt.Nodes))
			for _, d := range diffs {
				t.Logf("  %s", d)
			}
			if !slices.Equal(diffs, pair.known) {
				t.Errorf("differences:\n got %q\nwant %q", diffs, pair.known)
			}
			if len(ui.Warnings) > 0 {
				t.Errorf("warnings: %q", ui.Warnings)
			}
		})
	}
	t.Logf("conversion: %d/%d recorded API nodes reproduced exactly", totalMatched, total)
}

// TestConversionWithoutPackDefinitions measures what the shipped table
// alone gives for the pack workflows: links and core nodes convert, the
// pack nodes' widget values cannot be named and are reported.
func TestConversionWithoutPackDefinitions(t *testing.T) {
	defs := defaultDefs(t)
	for _, pair := range conversionPairs {
		if !pair.packs {
			continue
		}
		ui, err := Parse(readCorpus(t, "workflows/"+pair.name+".ui.json"), defs, 0)
		if err != nil {
			t.Fatalf("%s ui: %v", pair.name, err)
		}
		api, err := Parse(readCorpus(t, "workflows/"+pair.name+".api.json"), defs, 0)
		if err != nil {
			t.Fatalf("%s api: %v", pair.name, err)
		}
		matched, diffs := comparePrompts(ui.Prompt, api.Prompt, defs)
		t.Logf("%s without pack definitions: %d/%d nodes match, %d differences, %d warnings",
			pair.name, matched, len(api.Prompt.Nodes), len(diffs), len(ui.Warnings))
		if len(ui.Unknown) == 0 || len(ui.Warnings) == 0 {
			t.Errorf("%s: unknown classes %v and warnings %v should be reported", pair.name, ui.Unknown, ui.Warnings)
		}
		for _, d := range diffs {
			if !slices.ContainsFunc(slices.Collect(mapsKeys(ui.Unknown)), func(c string) bool { return containsClass(d, c) }) &&
				!slices.Contains(pair.known, d) {
				t.Errorf("%s: difference outside the unknown classes: %s", pair.name, d)
			}
		}
	}
}
