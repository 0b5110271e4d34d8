package comfy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/cogport/cogport/facts"
)

// renderWorkflow returns the API prompt as indented JSON, nodes and inputs
// in the prompt's own order, with each model reference in rewrites set to
// the file the package downloads (a URL becomes its file name, a synonym
// the name the archive holds). References inside prompt text
// ("embedding:name") are left alone: ComfyUI finds those by name. The
// second result says what was rewritten.
func renderWorkflow(prompt json.RawMessage, rewrites map[facts.ComfyTarget]string) (string, []string, error) {
	root := gjson.ParseBytes(prompt)
	if !root.IsObject() {
		return "", nil, errors.New("the workflow's prompt is not a JSON object")
	}
	var b bytes.Buffer
	var notes []string
	var err error
	b.WriteByte('{')
	first := true
	root.ForEach(func(id, node gjson.Result) bool {
		if !first {
			b.WriteByte(',')
		}
		first = false
		b.WriteString(id.Raw + ":")
		var n []string
		n, err = writeNode(&b, id.String(), node, rewrites)
		notes = append(notes, n...)
		return err == nil
	})
	if err != nil {
		return "", nil, err
	}
	b.WriteByte('}')
	var out bytes.Buffer
	if err := json.Indent(&out, b.Bytes(), "", "  "); err != nil {
		return "", nil, fmt.Errorf("render workflow.json: %w", err)
	}
	return out.String(), notes, nil
}

// writeNode copies one node, rewriting the inputs rewrites names.
func writeNode(b *bytes.Buffer, id string, node gjson.Result, rewrites map[facts.ComfyTarget]string) ([]string, error) {
	if !node.IsObject() {
		return nil, fmt.Errorf("node %s of the prompt is not an object", id)
	}
	var notes []string
	writeObject(b, node, func(key, value gjson.Result) string {
		if key.String() != "inputs" || !value.IsObject() {
			return value.Raw
		}
		var in bytes.Buffer
		writeObject(&in, value, func(name, v gjson.Result) string {
			want, ok := rewrites[facts.ComfyTarget{Node: id, Input: name.String()}]
			if !ok || v.Type != gjson.String || v.String() == want || strings.Contains(v.String(), "embedding:") {
				return v.Raw
			}
			notes = append(notes, fmt.Sprintf("workflow.json: node %s input %s reads %q, the file the download arrives as (the workflow said %q)",
				id, name.String(), want, v.String()))
			return jsonString(want)
		})
		return in.String()
	})
	return notes, nil
}

// writeObject writes obj with each member's value replaced by value(key, v).
func writeObject(b *bytes.Buffer, obj gjson.Result, value func(key, v gjson.Result) string) {
	b.WriteByte('{')
	first := true
	obj.ForEach(func(key, v gjson.Result) bool {
		if !first {
			b.WriteByte(',')
		}
		first = false
		b.WriteString(key.Raw + ":" + value(key, v))
		return true
	})
	b.WriteByte('}')
}

// jsonString encodes s without escaping <, > and & (the file is not HTML).
func jsonString(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}
