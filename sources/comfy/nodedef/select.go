package nodedef

import "bytes"

// Select builds the shipped table from /object_info dumps: the classes in
// core found in any dump. Where dumps disagree, one with input_order wins
// (it comes from a newer ComfyUI, whose order is explicit), else the first
// given. The generator and the drift test both use it.
func Select(dumps [][]byte, core []string) (*Table, error) {
	isCore := make(map[string]bool, len(core))
	for _, c := range core {
		isCore[c] = true
	}
	out := NewTable()
	for _, ordered := range []bool{true, false} {
		for _, raw := range dumps {
			if bytes.Contains(raw, []byte(`"input_order"`)) != ordered {
				continue
			}
			t, err := Parse(raw)
			if err != nil {
				return nil, err
			}
			for c, n := range t.nodes {
				if _, seen := out.nodes[c]; isCore[c] && !seen {
					out.nodes[c] = n
				}
			}
		}
	}
	return out, nil
}
