package recipes

import (
	"strings"

	"github.com/cogport/cogport/facts"
)

// DiffusersOptions are the answers only diffusers recipes read. They are
// embedded in Options, so callers set o.Compile directly.
type DiffusersOptions struct {
	// Compile wraps the denoiser in torch.compile in setup() and warms it
	// up with one short call (`--compile`): slower cold boots, faster
	// predictions.
	Compile bool
}

// AdapterBase names the base model of a diffusers LoRA adapter, or "" when
// m is not one. Callers fetch its facts into Options.Base before Build:
// the plan needs the base's pipeline class, files and gating.
func AdapterBase(m *facts.Model) string {
	if !isDiffusersLoRA(m) {
		return ""
	}
	return baseModelID(m)
}

// baseModelID is the adapter's base: the Hub's base_model:adapter: tag,
// else the card's base_model (the first, when it lists several).
func baseModelID(m *facts.Model) string {
	for _, id := range m.TagValues("base_model:adapter:") {
		return id
	}
	for _, id := range m.Card.MetaStrings("base_model") {
		if id = strings.TrimSpace(id); id != "" {
			return id
		}
	}
	return ""
}
