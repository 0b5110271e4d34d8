// Package jsonx holds the JSON helpers the ComfyUI readers share: the key
// order of objects (object_info's widget order and API input order depend on
// it, and Go maps forget it) and decoding numbers without losing digits
// (seeds reach 2^64−1, which float64 cannot hold).
package jsonx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
)

// Field is one member of a JSON object, in document order.
type Field struct {
	Key   string
	Value json.RawMessage
}

// Errors of Object.
var (
	ErrNotObject = errors.New("not a JSON object")
	ErrTrailing  = errors.New("data after the JSON value")
)

// Object returns the members of the object raw in document order. A JSON
// null gives no fields and no error.
func Object(raw json.RawMessage) ([]Field, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if tok == nil {
		return nil, nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, ErrNotObject
	}
	var out []Field
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := kt.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("member %q: %w", key, err)
		}
		out = append(out, Field{Key: key, Value: v})
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, ErrTrailing
	}
	return out, nil
}

// Unmarshal decodes raw into v, keeping numbers as json.Number.
func Unmarshal(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	return dec.Decode(v)
}

// Value decodes raw into a generic value whose numbers are json.Number.
func Value(raw json.RawMessage) (any, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	var v any
	err := Unmarshal(raw, &v)
	return v, err
}

// Float returns v as a float64 when it is a number.
func Float(v any) (float64, bool) {
	switch n := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(n), 64)
		return f, err == nil || errors.Is(err, strconv.ErrRange)
	case float64:
		return n, true
	case int64:
		return float64(n), true
	case int:
		return float64(n), true
	}
	return 0, false
}

// Int returns v as an int64 when it is an integral number that fits.
func Int(v any) (int64, bool) {
	switch n := v.(type) {
	case json.Number:
		if i, err := strconv.ParseInt(string(n), 10, 64); err == nil {
			return i, true
		}
		f, ok := Float(n)
		if ok && f == math.Trunc(f) && math.Abs(f) < 1<<63 {
			return int64(f), true
		}
	case float64:
		if n == math.Trunc(n) && math.Abs(n) < 1<<63 {
			return int64(n), true
		}
	case int64:
		return n, true
	case int:
		return int64(n), true
	}
	return 0, false
}

// IsNumber reports whether v is a JSON number.
func IsNumber(v any) bool {
	_, ok := Float(v)
	return ok
}

// Equal compares two decoded JSON values, numbers by value (8 == 8.0).
func Equal(a, b any) bool {
	if fa, ok := Float(a); ok {
		if eq, ok := bigIntEqual(a, b); ok {
			return eq
		}
		fb, ok := Float(b)
		return ok && fa == fb
	}
	switch x := a.(type) {
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !Equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			if w, ok := y[k]; !ok || !Equal(v, w) {
				return false
			}
		}
		return true
	}
	return a == b
}

// bigIntEqual compares two integer literals exactly: seeds near 2^64 are
// equal as float64 even when they differ.
func bigIntEqual(a, b any) (equal, ok bool) {
	na, okA := a.(json.Number)
	nb, okB := b.(json.Number)
	if !okA || !okB {
		return false, false
	}
	x, okX := new(big.Int).SetString(string(na), 10)
	y, okY := new(big.Int).SetString(string(nb), 10)
	if !okX || !okY {
		return false, false
	}
	return x.Cmp(y) == 0, true
}
