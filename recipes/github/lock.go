package github

import (
	"encoding/json"
	"regexp"
	"strings"
)

// LockFiles are the lock files whose versions pin what the requirements
// leave open, in the order they are trusted.
var LockFiles = []string{"uv.lock", "poetry.lock", "pdm.lock", "Pipfile.lock"}

var (
	lockName    = regexp.MustCompile(`^name\s*=\s*"([^"]+)"`)
	lockVersion = regexp.MustCompile(`^version\s*=\s*"([^"]+)"`)
	pep503      = regexp.MustCompile(`[-_.]+`)
)

// ParseLock reads the versions a lock file pins, by PEP 503 name. TOML
// locks (uv, Poetry, PDM) list [[package]] tables with name and version;
// Pipfile.lock is JSON with "==x" versions. Unreadable input gives none.
func ParseLock(name string, data []byte) map[string]string {
	if strings.HasSuffix(name, ".json") || strings.HasSuffix(name, "Pipfile.lock") {
		return pipfileLock(data)
	}
	out := map[string]string{}
	pkg, cur := false, ""
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "["):
			pkg, cur = line == "[[package]]", ""
		case !pkg:
		case lockName.MatchString(line):
			cur = normalize(lockName.FindStringSubmatch(line)[1])
		case cur != "" && lockVersion.MatchString(line):
			if _, dup := out[cur]; !dup {
				out[cur] = lockVersion.FindStringSubmatch(line)[1]
			}
		}
	}
	return out
}

func pipfileLock(data []byte) map[string]string {
	var lock struct {
		Default map[string]struct {
			Version string `json:"version"`
		} `json:"default"`
	}
	out := map[string]string{}
	if json.Unmarshal(data, &lock) != nil {
		return out
	}
	for name, p := range lock.Default {
		if v, ok := strings.CutPrefix(p.Version, "=="); ok {
			out[normalize(name)] = v
		}
	}
	return out
}

func normalize(name string) string { return strings.ToLower(pep503.ReplaceAllString(name, "-")) }
