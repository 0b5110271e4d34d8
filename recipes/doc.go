// Package recipes matches model facts to a recipe and builds the plan: typed
// inputs, pinned requirements, weights, GPU and CUDA, secrets and warnings.
// Recipes do no I/O: sources fetch, recipes decide, generators render.
package recipes
