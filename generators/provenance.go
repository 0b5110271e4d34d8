package generators

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path"

	"github.com/cogport/cogport/plan"
)

// ProvenanceDir holds what `template refresh` needs: the provenance file and
// pristine copies of the generated files (the base of a 3-way merge).
const ProvenanceDir = ".cogport"

// ProvenancePath is the provenance file.
const ProvenancePath = ProvenanceDir + "/provenance.json"

// Provenance records how a package was generated. It holds no secrets and no
// timestamps: the same input gives the same bytes.
type Provenance struct {
	Note      string                `json:"note"`
	Cogport   string                `json:"cogport"`
	Templates string                `json:"templates"`
	CogAPI    string                `json:"cog_api"`
	Source    plan.Source           `json:"source"`
	Answers   map[string]string     `json:"answers"`
	Files     map[string]FileRecord `json:"files"`
	Plan      *plan.Plan            `json:"plan"`
}

// FileRecord is what the provenance knows of one generated file.
type FileRecord struct {
	Policy Policy `json:"policy"`
	SHA256 string `json:"sha256"`
}

// WithProvenance returns files plus the provenance file and a pristine copy
// of each generated file.
func (r *Renderer) WithProvenance(p *plan.Plan, files []File, version string, answers map[string]string) ([]File, error) {
	prov := Provenance{
		Note:      "Written by cogport for `cogport template refresh`: do not edit.",
		Cogport:   version,
		Templates: r.TemplatesDigest(),
		CogAPI:    cogAPI(p),
		Source:    p.Source,
		Answers:   answers,
		Files:     map[string]FileRecord{},
		Plan:      p,
	}
	out := append([]File(nil), files...)
	for _, f := range files {
		prov.Files[f.Path] = FileRecord{Policy: f.Policy, SHA256: Digest(f.Body)}
		out = append(out, File{Path: path.Join(ProvenanceDir, "pristine", f.Path), Mode: 0o644, Body: f.Body, Policy: Managed})
	}
	body, err := json.MarshalIndent(prov, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode provenance: %w", err)
	}
	out = append(out, File{Path: ProvenancePath, Mode: 0o644, Body: append(body, '\n'), Policy: Managed})
	return out, nil
}

// TemplatesDigest identifies the template set the files were rendered with.
func (r *Renderer) TemplatesDigest() string {
	h := sha256.New()
	for _, name := range r.set.Names() {
		fmt.Fprintf(h, "%s\x00%s\x00", name, r.set.Sources[name])
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// Digest is the hex sha256 of b.
func Digest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
