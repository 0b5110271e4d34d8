package jsonx

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestObjectKeepsOrder(t *testing.T) {
	fields, err := Object([]byte(` {"z": 1, "a": {"n": [1, 2]}, "m": null} `))
	if err != nil {
		t.Fatal(err)
	}
	var keys string
	for _, f := range fields {
		keys += f.Key
	}
	if keys != "zam" || string(fields[1].Value) != `{"n": [1, 2]}` {
		t.Errorf("fields = %q", fields)
	}
	for raw, want := range map[string]error{`[1]`: ErrNotObject, `{"a": 1} {}`: ErrTrailing} {
		if _, err := Object([]byte(raw)); !errors.Is(err, want) {
			t.Errorf("Object(%s) = %v, want %v", raw, err, want)
		}
	}
	if f, err := Object(nil); f != nil || err != nil {
		t.Errorf("empty input: %v %v", f, err)
	}
}

func TestNumbers(t *testing.T) {
	v, err := Value([]byte(`[18446744073709551615, 18446744073709551614, 8, 8.0, 0.5, -9223372036854776000]`))
	if err != nil {
		t.Fatal(err)
	}
	a := v.([]any)
	if Equal(a[0], a[1]) {
		t.Error("seeds near 2^64 must not compare equal through float64")
	}
	if !Equal(a[2], a[3]) || !Equal(a[2], int64(8)) || !Equal(a[4], 0.5) {
		t.Error("8 == 8.0 == int64(8); 0.5 == 0.5")
	}
	if i, ok := Int(a[3]); !ok || i != 8 {
		t.Errorf("Int(8.0) = %d, %v", i, ok)
	}
	if _, ok := Int(a[4]); ok {
		t.Error("0.5 is not an integer")
	}
	if _, ok := Int(a[0]); ok {
		t.Error("2^64-1 does not fit an int64")
	}
	if f, ok := Float(a[5]); !ok || f > -9e18 {
		t.Errorf("Float = %v, %v", f, ok)
	}
	if !Equal(map[string]any{"a": []any{json.Number("1")}}, map[string]any{"a": []any{1.0}}) {
		t.Error("nested values compare by value")
	}
}
