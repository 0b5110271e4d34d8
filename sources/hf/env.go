package hf

import (
	"os"
	"path/filepath"
	"strings"
)

// DefaultEndpoint is the public Hub.
const DefaultEndpoint = "https://huggingface.co"

// EndpointFromEnv returns HF_ENDPOINT with any trailing slash removed, or
// DefaultEndpoint when it is unset or blank.
func EndpointFromEnv(getenv func(string) string) string {
	return normalizeEndpoint(getenv("HF_ENDPOINT"))
}

func normalizeEndpoint(ep string) string {
	ep = strings.TrimRight(strings.TrimSpace(ep), "/")
	if ep == "" {
		return DefaultEndpoint
	}
	return ep
}

// TokenFromEnv finds a Hub token the way huggingface_hub does: HF_TOKEN, then
// HUGGING_FACE_HUB_TOKEN, then the file named by HF_TOKEN_PATH, else
// $HF_HOME/token (HF_HOME defaults to home/.cache/huggingface). The result is
// trimmed; "" means anonymous. An unreadable token file counts as no token,
// as it does for huggingface_hub.
func TokenFromEnv(getenv func(string) string, home string) string {
	for _, key := range []string{"HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"} {
		if tok := strings.TrimSpace(getenv(key)); tok != "" {
			return tok
		}
	}
	b, err := os.ReadFile(tokenPath(getenv, home))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// tokenPath is where the token file lives: HF_TOKEN_PATH, else HF_HOME/token.
func tokenPath(getenv func(string) string, home string) string {
	if p := strings.TrimSpace(getenv("HF_TOKEN_PATH")); p != "" {
		return expandHome(p, home)
	}
	hfHome := strings.TrimSpace(getenv("HF_HOME"))
	if hfHome == "" {
		hfHome = filepath.Join(home, ".cache", "huggingface")
	}
	return filepath.Join(expandHome(hfHome, home), "token")
}

// expandHome turns a leading "~/" into home, as Python's expanduser does.
func expandHome(p, home string) string {
	if p == "~" {
		return home
	}
	if rest, ok := strings.CutPrefix(p, "~/"); ok && home != "" {
		return filepath.Join(home, rest)
	}
	return p
}
