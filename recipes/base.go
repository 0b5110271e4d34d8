package recipes

import "github.com/cogport/cogport/facts"

// BaseModel names the base model an adapter needs, a PEFT adapter or a
// diffusers LoRA, with the revision its config pins ("" when none). The
// caller loads it into Options.Base before Build.
func BaseModel(m *facts.Model) (id, revision string, ok bool) {
	if id, rev, ok := PeftBase(m); ok {
		return id, rev, true
	}
	if id := AdapterBase(m); id != "" {
		return id, "", true
	}
	return "", "", false
}
