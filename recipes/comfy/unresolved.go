package comfy

import (
	"fmt"
	"strings"
)

// Kinds of unresolved items.
const (
	KindModel = "model"
	KindNode  = "node"
	KindPack  = "pack"
)

// Unresolved is one thing the workflow needs that cogport could not find.
type Unresolved struct {
	// Kind is KindModel, KindNode or KindPack.
	Kind string
	// Name is the model file, the node class or the pack's repository.
	Name string
	// Where is the models/ folder a model belongs in, or the nodes a class
	// is used by.
	Where string
	// Why says what was tried.
	Why string
	// unpinned marks a pack that is known but has no commit: with
	// AllowUnresolved it is still cloned.
	unpinned bool
}

// String is the item on one line: what, where, why.
func (u Unresolved) String() string {
	var what string
	switch u.Kind {
	case KindModel:
		what = fmt.Sprintf("model %q (in models/%s)", u.Name, orUnknown(u.Where))
	case KindNode:
		what = fmt.Sprintf("node class %q (%s)", u.Name, u.Where)
	default:
		what = fmt.Sprintf("pack %s", u.Name)
	}
	return what + ": " + u.Why
}

// consequence says what the package does without the item.
func (u Unresolved) consequence() string {
	switch {
	case u.Kind == KindModel && u.Where != "":
		return fmt.Sprintf("the package does not download it: put it in models/%s yourself", u.Where)
	case u.Kind == KindModel:
		return "the package does not download it"
	case u.Kind == KindNode:
		return "ComfyUI will refuse the workflow until a pack providing it is installed"
	case u.unpinned:
		return "the package clones its default branch, so builds are not reproducible"
	}
	return "the package leaves it out"
}

func orUnknown(folder string) string {
	if folder == "" {
		return "<unknown folder>"
	}
	return folder
}

// UnresolvedError is Build's refusal: every item it could not resolve.
type UnresolvedError struct {
	Items []Unresolved
}

func (e *UnresolvedError) Error() string {
	parts := make([]string, len(e.Items))
	for i, u := range e.Items {
		parts[i] = u.String()
	}
	noun := "items"
	if len(e.Items) == 1 {
		noun = "item"
	}
	return fmt.Sprintf("the workflow needs %d unresolved %s: %s", len(e.Items), noun, strings.Join(parts, "; "))
}
