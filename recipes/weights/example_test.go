package weights_test

import (
	"fmt"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/recipes/weights"
)

func ExampleFilter() {
	paths := []string{"config.json", "unet/diffusion_pytorch_model.bin", "unet/diffusion_pytorch_model.safetensors", "vae/x.bin"}
	// `*` crosses folders, as in huggingface_hub; a trailing `/` names a folder.
	fmt.Println(weights.Filter(paths, []string{"*.bin"}, []string{"vae/"}))
	// Output: [unet/diffusion_pytorch_model.bin]
}

func ExampleSelect() {
	files := []facts.File{
		{Path: "README.md", Size: 9_000},
		{Path: "config.json", Size: 600},
		{Path: "model.safetensors", Size: 290_403_936},
		{Path: "pytorch_model.bin", Size: 290_453_207},
		{Path: "tf_model.h5", Size: 290_661_624},
	}
	sel, err := weights.Select(files, weights.Options{Library: "transformers"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range sel.Files {
		fmt.Println("get ", f.Path)
	}
	for _, s := range sel.Skipped {
		fmt.Printf("skip %s: %s\n", s.Path, s.Reason)
	}
	strategy, _ := weights.Strategy(sel, false, false, "")
	fmt.Println(sel.TotalBytes, "bytes:", strategy)
	// Output:
	// get  config.json
	// get  model.safetensors
	// skip README.md: documentation
	// skip pytorch_model.bin: pytorch .bin duplicate of safetensors
	// skip tf_model.h5: other framework: tensorflow
	// 290404536 bytes: bake
}
