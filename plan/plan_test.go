package plan

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestDecodeKeepsIntegersAndFloatsApart(t *testing.T) {
	p := &Plan{
		Recipe: "r", Requirements: []Requirement{{Name: "torch", Version: "2.11.0"}},
		Inputs: []Input{{Name: "steps", Type: "int", Default: int64(4), Ge: F(1)}, {Name: "scale", Type: "float", Default: 3.5}},
		Vars:   map[string]any{"Size": int64(1024), "Args": []any{"a", int64(2)}, "Flag": true},
		Tests:  []TestCase{{Inputs: map[string]any{"seed": int64(42), "x": 0.5}}},
	}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, p) {
		t.Errorf("round trip changed the plan:\n got %#v\nwant %#v", got, p)
	}
}

func TestRequirementJSONIsAPipLine(t *testing.T) {
	b, _ := json.Marshal(Requirement{Name: "diffusers", Version: "0.36.0"})
	if string(b) != `"diffusers==0.36.0"` {
		t.Errorf("got %s", b)
	}
	var r Requirement
	if err := json.Unmarshal([]byte(`"torch"`), &r); err == nil {
		t.Error("an unpinned requirement was accepted")
	}
}
