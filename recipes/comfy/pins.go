package comfy

import (
	"github.com/cogport/cogport/plan"
	"github.com/cogport/cogport/recipes"
)

// comfyTorch is the torch replicate/cog-comfyui runs ComfyUICommit on; cog
// v0.22 knows it and builds it on CUDA 12.8.
const comfyTorch = "2.7.1"

// comfyRequirements pins what ComfyUI itself imports at ComfyUICommit, as
// replicate/cog-comfyui's requirements.txt lists it (the specifier there
// in each comment). An exact version there is kept; otherwise the newest
// release on PyPI (2026-11) that meets the specifier, except where that
// release is a later major version that ComfyUICommit predates
// (transformers 5): there the version DESIGN §10 records as working.
var comfyRequirements = []plan.Requirement{
	{Name: "accelerate", Version: "1.15.0"},                // accelerate>=1.1.1
	{Name: "aiohttp", Version: "3.14.5"},                   // aiohttp>=3.11.8
	{Name: "alembic", Version: "1.20.1"},                   // alembic (the app database)
	{Name: "av", Version: "19.0.2"},                        // av>=14.2.0
	{Name: "comfyui-frontend-package", Version: "1.28.8"},  // ==1.28.8 (ComfyUI warns on any other)
	{Name: "comfyui-workflow-templates", Version: "0.2.4"}, // ==0.2.4
	{Name: "einops", Version: "0.8.2"},                     // einops
	{Name: "kornia", Version: "0.9.0"},                     // kornia>=0.7.1
	{Name: "numpy", Version: "2.5.5"},                      // numpy>=1.25.0
	{Name: "pillow", Version: "13.0.0"},                    // Pillow
	{Name: "psutil", Version: "7.2.2"},                     // psutil
	{Name: "pydantic", Version: "2.14.3"},                  // pydantic~=2.0
	{Name: "pydantic-settings", Version: "2.16.3"},         // pydantic-settings~=2.0
	{Name: "pyyaml", Version: "6.0.3"},                     // pyyaml
	{Name: "safetensors", Version: "0.8.0"},                // safetensors>=0.4.2
	{Name: "scipy", Version: "1.18.1"},                     // scipy
	{Name: "sentencepiece", Version: "0.2.3"},              // sentencepiece
	{Name: "soundfile", Version: "0.14.0"},                 // soundfile
	{Name: "spandrel", Version: "0.4.2"},                   // spandrel (upscale models)
	{Name: "sqlalchemy", Version: "2.1.9"},                 // SQLAlchemy
	{Name: "tokenizers", Version: "0.22.2"},                // tokenizers>=0.13.3; transformers 4.57 needs <=0.23.0
	{Name: "torchsde", Version: "0.2.6"},                   // torchsde
	{Name: "tqdm", Version: "4.70.1"},                      // tqdm
	{Name: "transformers", Version: "4.57.3"},              // transformers>=4.49.0; 5.x postdates ComfyUICommit
	{Name: "yarl", Version: "1.25.1"},                      // yarl>=1.18.0
}

// requirements are torch, torchvision and torchaudio from cog's own row for
// comfyTorch, then ComfyUI's requirements.
func requirements(row recipes.TorchRow) []plan.Requirement {
	reqs := []plan.Requirement{
		{Name: "torch", Version: row.Torch},
		{Name: "torchvision", Version: row.Torchvision},
		{Name: "torchaudio", Version: row.Torchaudio},
	}
	return append(reqs, comfyRequirements...)
}
