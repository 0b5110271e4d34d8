package hf

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/cogport/cogport/facts"
)

// ModelInfo reads one model's info with a single GET
// {endpoint}/api/models/{id}[/revision/{rev}]?blobs=true. The returned ID is
// the canonical one from the answer (a renamed repo redirects); Revision is
// revision, or "main" when empty.
func (c *Client) ModelInfo(ctx context.Context, id, revision string) (*facts.Model, error) {
	if err := ValidateRepoID(id); err != nil {
		return nil, err
	}
	t := target{kind: kindInfo, repo: id, revision: revision, endpoint: c.endpoint, withTok: c.token != ""}
	u := c.endpoint + "/api/models/" + id
	if revision != "" {
		if err := validateRevision(revision); err != nil {
			return nil, fmt.Errorf("model %s: %w", id, err)
		}
		u += "/revision/" + escapeRevision(revision)
	}
	body, err := c.get(ctx, t, u+"?blobs=true", c.maxInfo)
	if err != nil {
		return nil, err
	}
	m, err := parseModelInfo(body)
	if err != nil {
		return nil, badResponse(t, "model info is not valid json: "+err.Error(), err)
	}
	m.Endpoint = c.endpoint
	m.Revision = revision
	if m.Revision == "" {
		m.Revision = "main"
	}
	return m, nil
}

// apiModel is the part of the model info answer cogport reads.
type apiModel struct {
	ID               string                  `json:"id"`
	ModelID          string                  `json:"modelId"`
	SHA              string                  `json:"sha"`
	PipelineTag      string                  `json:"pipeline_tag"`
	LibraryName      string                  `json:"library_name"`
	Tags             []string                `json:"tags"`
	Gated            json.RawMessage         `json:"gated"`
	Private          bool                    `json:"private"`
	Config           json.RawMessage         `json:"config"`
	TransformersInfo *facts.TransformersInfo `json:"transformersInfo"`
	Safetensors      *struct {
		Total int64 `json:"total"`
	} `json:"safetensors"`
	WidgetData json.RawMessage `json:"widgetData"`
	CardData   json.RawMessage `json:"cardData"`
	Siblings   []apiSibling    `json:"siblings"`
}

type apiSibling struct {
	RFilename string `json:"rfilename"`
	Size      *int64 `json:"size"`
	BlobID    string `json:"blobId"`
	LFS       *struct {
		SHA256 string `json:"sha256"`
		Size   int64  `json:"size"`
	} `json:"lfs"`
}

// parseModelInfo turns a model info body into facts.
func parseModelInfo(body []byte) (*facts.Model, error) {
	var a apiModel
	if err := json.Unmarshal(body, &a); err != nil {
		return nil, err
	}
	if a.ID == "" {
		a.ID = a.ModelID
	}
	if a.ID == "" {
		return nil, fmt.Errorf("no \"id\" field")
	}
	m := &facts.Model{
		ID:          a.ID,
		SHA:         a.SHA,
		PipelineTag: a.PipelineTag,
		LibraryName: a.LibraryName,
		Tags:        a.Tags,
		Gated:       parseGated(a.Gated),
		Private:     a.Private,
		Files:       siblingsToFiles(a.Siblings),
	}
	if len(a.Config) > 0 && string(a.Config) != "null" {
		m.Config = a.Config
	}
	if a.TransformersInfo != nil {
		m.TransformersInfo = *a.TransformersInfo
	}
	if a.Safetensors != nil {
		m.Parameters = a.Safetensors.Total
	}
	m.Widgets = parseWidgets(a.WidgetData)
	if len(m.Widgets) == 0 {
		var cd struct {
			Widget json.RawMessage `json:"widget"`
		}
		if json.Unmarshal(a.CardData, &cd) == nil {
			m.Widgets = parseWidgets(cd.Widget)
		}
	}
	return m, nil
}

// parseGated maps false|"auto"|"manual" (and a stray true) to the facts form.
func parseGated(raw json.RawMessage) string {
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		if b {
			return "auto"
		}
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		s = strings.ToLower(strings.TrimSpace(s))
		if s == "false" {
			return ""
		}
		return s
	}
	return ""
}

func siblingsToFiles(sibs []apiSibling) []facts.File {
	files := make([]facts.File, 0, len(sibs))
	for _, s := range sibs {
		if s.RFilename == "" {
			continue
		}
		f := facts.File{Path: s.RFilename, Size: -1, BlobID: s.BlobID}
		if s.Size != nil {
			f.Size = *s.Size
		}
		if s.LFS != nil {
			f.LFS = true
			f.SHA256 = s.LFS.SHA256
			if f.Size < 0 && s.LFS.Size > 0 {
				f.Size = s.LFS.Size
			}
		}
		files = append(files, f)
	}
	return files
}

// parseWidgets reads a widget list leniently: entries that are not objects,
// or that carry neither text nor src, are skipped.
func parseWidgets(raw json.RawMessage) []facts.Widget {
	var items []json.RawMessage
	if len(raw) == 0 || json.Unmarshal(raw, &items) != nil {
		return nil
	}
	var out []facts.Widget
	for _, it := range items {
		var w map[string]any
		if json.Unmarshal(it, &w) != nil {
			continue
		}
		if wd, ok := widgetFromMap(w); ok {
			out = append(out, wd)
		}
	}
	return out
}

// widgetFromMap reads text, src and example_title when they are strings; a
// chat widget ({"messages": [...]}) contributes its last user message.
func widgetFromMap(w map[string]any) (facts.Widget, bool) {
	text, _ := w["text"].(string)
	if text == "" {
		text = lastUserMessage(w["messages"])
	}
	src, _ := w["src"].(string)
	title, _ := w["example_title"].(string)
	if text == "" && src == "" {
		return facts.Widget{}, false
	}
	return facts.Widget{Text: text, Src: src, Title: title}, true
}

// lastUserMessage returns the content of the last {"role": "user"} message
// whose content is a plain string.
func lastUserMessage(v any) string {
	msgs, _ := v.([]any)
	text := ""
	for _, m := range msgs {
		mm, _ := m.(map[string]any)
		if role, _ := mm["role"].(string); role != "user" {
			continue
		}
		if s, ok := mm["content"].(string); ok && s != "" {
			text = s
		}
	}
	return text
}
