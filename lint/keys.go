package lint

// schemas says which cog.yaml JSON schemas allow a key.
type schemas uint8

const (
	// v016 is cog_config_schema_v1.0 as of cog v0.16.12, the last cog that
	// validated cog.yaml strictly before parsing it.
	v016 schemas = 1 << iota
	// v022 is cog_config_schema_v1.0 as of cog v0.22.0 (HEAD 6110c912).
	v022
	both = v016 | v022
)

// cogKey is one mapping key cog.yaml may hold. Path is where: "" for the
// top level, "build", "build.run" for the items of the build.run list and
// so on (list items share the path of their list).
type cogKey struct {
	Path, Key string
	In        schemas
	// Replacement is set for keys cog deprecates.
	Replacement string
}

// cogYAMLKeys is derived from replicate/cog's cog.yaml JSON schemas, as
// recorded in ../shared/corpus/cog/cog_config_schema_v1.0__cog-v0.16.12.json
// and cog_config_schema_v1.0__cog-v0.22.0-HEAD-6110c912.json (the v0.17.0
// schema adds nothing to their union). The linter embeds it so that it runs
// without the corpus; keys_test.go re-derives it from those files when they
// are present. build.run items and their mounts allow any key in the schema,
// but cog only reads command and mounts, so other keys are reported too.
var cogYAMLKeys = []cogKey{
	{Path: "", Key: "build", In: both},
	{Path: "", Key: "image", In: both},
	{Path: "", Key: "predict", In: both},
	{Path: "", Key: "train", In: both},
	{Path: "", Key: "concurrency", In: both},
	{Path: "", Key: "environment", In: both},
	{Path: "", Key: "tests", In: v016},
	{Path: "", Key: "run", In: v022},
	{Path: "", Key: "model", In: v022},
	{Path: "", Key: "weights", In: v022},

	{Path: "build", Key: "gpu", In: both},
	{Path: "build", Key: "python_version", In: both},
	{Path: "build", Key: "python_requirements", In: both},
	{Path: "build", Key: "system_packages", In: both},
	{Path: "build", Key: "run", In: both},
	{Path: "build", Key: "cuda", In: both},
	{Path: "build", Key: "cudnn", In: both},
	{Path: "build", Key: "python_packages", In: both, Replacement: "build.python_requirements"},
	{Path: "build", Key: "pre_install", In: both, Replacement: "build.run"},
	{Path: "build", Key: "fast", In: v016},
	{Path: "build", Key: "cog_runtime", In: v016},
	{Path: "build", Key: "python_overrides", In: v016},
	{Path: "build", Key: "sdk_version", In: v022},

	{Path: "build.run", Key: "command", In: both},
	{Path: "build.run", Key: "mounts", In: both},
	{Path: "build.run.mounts", Key: "type", In: both},
	{Path: "build.run.mounts", Key: "id", In: both},
	{Path: "build.run.mounts", Key: "target", In: both},

	{Path: "concurrency", Key: "max", In: both},
	{Path: "concurrency", Key: "default_target", In: both},

	{Path: "weights", Key: "name", In: v022},
	{Path: "weights", Key: "target", In: v022},
	{Path: "weights", Key: "source", In: v022},
	{Path: "weights.source", Key: "uri", In: v022},
	{Path: "weights.source", Key: "include", In: v022},
	{Path: "weights.source", Key: "exclude", In: v022},
}

// modernKeys are the top-level keys that only exist from cog 0.17/0.20 on:
// a cog.yaml with one of them targets the v0.22 schema as a whole, any
// other is held to the v0.16 one so that every cog from 0.16 accepts it.
var modernKeys = []string{"run", "model", "weights"}

// findKey returns the key at path, if cog knows it.
func findKey(path, key string) (cogKey, bool) {
	for _, k := range cogYAMLKeys {
		if k.Path == path && k.Key == key {
			return k, true
		}
	}
	return cogKey{}, false
}

// isContainer reports whether path holds keys of its own.
func isContainer(path string) bool {
	for _, k := range cogYAMLKeys {
		if k.Path == path {
			return true
		}
	}
	return false
}

// suggestKey guesses what an unknown key meant: a known key at the same
// path within a small edit distance, or the same key at another path.
func suggestKey(path, key string) string {
	best, bestD := "", 3
	for _, k := range cogYAMLKeys {
		if k.Path != path {
			continue
		}
		if d := editDistance(key, k.Key); d < bestD {
			best, bestD = k.Key, d
		}
	}
	if best != "" {
		return best
	}
	for _, k := range cogYAMLKeys {
		if k.Key == key {
			return joinPath(k.Path, k.Key)
		}
	}
	return ""
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// editDistance is the Levenshtein distance between two short strings.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
