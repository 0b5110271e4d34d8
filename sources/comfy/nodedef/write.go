package nodedef

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Marshal writes t back in the /object_info shape, one class a line in
// sorted order with explicit input_order, so the generated table diffs well
// and Parse reads it like any dump. Only the facts cogport uses survive.
func Marshal(t *Table) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("{\n")
	for i, c := range t.Classes() {
		line, err := marshalNode(t.nodes[c])
		if err != nil {
			return nil, fmt.Errorf("class %q: %w", c, err)
		}
		key, _ := json.Marshal(c)
		b.Write(key)
		b.WriteString(": ")
		b.Write(line)
		if i < t.Len()-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("}\n")
	return b.Bytes(), nil
}

// orderedObject marshals its members in order.
type orderedObject []member

type member struct {
	key   string
	value any
}

func (o orderedObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.key)
		v, err := json.Marshal(m.value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func marshalNode(n *Node) ([]byte, error) {
	var req, opt orderedObject
	order := map[string][]string{}
	for _, in := range n.Inputs {
		sec := "required"
		if in.Optional {
			sec = "optional"
		}
		m := member{in.Name, specOf(in)}
		if in.Optional {
			opt = append(opt, m)
		} else {
			req = append(req, m)
		}
		order[sec] = append(order[sec], in.Name)
	}
	input := orderedObject{{"required", req}}
	if len(opt) > 0 {
		input = append(input, member{"optional", opt})
	}
	var types, names []string
	var lists []bool
	for _, o := range n.Outputs {
		types, names, lists = append(types, o.Type), append(names, o.Name), append(lists, o.IsList)
	}
	obj := orderedObject{{"input", input}, {"input_order", order}, {"output", nonNil(types)},
		{"output_is_list", nonNilB(lists)}, {"output_name", nonNil(names)}, {"name", n.Class},
		{"display_name", n.DisplayName}, {"category", n.Category}, {"output_node", n.OutputNode}}
	if n.Deprecated {
		obj = append(obj, member{"deprecated", true})
	}
	return json.Marshal(obj)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilB(s []bool) []bool {
	if s == nil {
		return []bool{}
	}
	return s
}

// specOf rebuilds [TYPE, {options}] for one input.
func specOf(in Input) []any {
	var typ any = in.Type
	if in.Type == TypeCombo {
		typ = nonNilAny(in.Choices)
	}
	var o orderedObject
	add := func(k string, v any, keep bool) {
		if keep {
			o = append(o, member{k, v})
		}
	}
	add("default", in.Default, in.Default != nil)
	for _, b := range []struct {
		k string
		v *float64
	}{{"min", in.Min}, {"max", in.Max}, {"step", in.Step}} {
		if b.v != nil {
			add(b.k, *b.v, true)
		}
	}
	add("multiline", true, in.Multiline)
	add("dynamicPrompts", true, in.DynamicPrompts)
	add("forceInput", true, in.ForceInput)
	add(in.Upload+"_upload", true, in.Upload != "")
	if in.Control != nil {
		add("control_after_generate", *in.Control, true)
	}
	add("tooltip", in.Tooltip, in.Tooltip != "")
	if len(o) == 0 {
		return []any{typ}
	}
	return []any{typ, o}
}

func nonNilAny(s []any) []any {
	if s == nil {
		return []any{}
	}
	return s
}
