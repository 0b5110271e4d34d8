// Package hf is cogport's Hugging Face source adapter. It reads a model from
// the Hub's HTTP API (model info, model card, config files, all pinned to one
// commit) or from a snapshot folder on disk, and returns plain *facts.Model
// values for the recipe engine.
//
// The client follows huggingface_hub's wire behaviour: HF_ENDPOINT and the
// token sources it reads, fully escaped revisions, relative-only redirects for
// API calls, X-Error-Code error classes, and bounded retries on 429 and 5xx.
// Errors are typed (see ErrNotFound and friends) and never carry the token.
package hf
