// Package weights chooses the files a model needs from its repository file
// list, so that a package downloads one copy of the tensors the pipeline
// loads and nothing else, and picks how the package gets them (bake, pget or
// huggingface_hub). It is pure logic over facts: no network or disk I/O.
//
// The rules follow DESIGN §3: safetensors per component, pickles only where a
// component has none; other frameworks' weights, training artefacts, media and
// docs are skipped; diffusers pipelines keep the model_index.json components
// and prefer the fp16 variant; transformers keep the shards named by the
// safetensors index. Every skipped file carries a short reason. Patterns use
// huggingface_hub's fnmatch semantics (Match, Filter), so the allow patterns
// a Selection emits select the same files in Python.
package weights
