package e2e

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// JQ runs the real jq on output with query as cog-safe-push's jq_query
// does: the case passes when jq prints true.
func JQ(output json.RawMessage, query string) error {
	cmd := exec.Command("jq", "-e", query)
	cmd.Stdin = bytes.NewReader(output)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("jq %q on %s: %v: %s", query, clip(output), err, out)
	}
	if strings.TrimSpace(string(out)) != "true" {
		return fmt.Errorf("jq %q on %s gave %s, not true", query, clip(output), out)
	}
	return nil
}

// File is one file a prediction returned.
type File struct {
	Name string // a name with the right extension, for inspectors
	Data []byte
}

// Files decodes a Path or list[Path] output: coglet without an upload URL
// returns each file as a data URI.
func Files(output json.RawMessage) ([]File, error) {
	var one string
	var many []string
	if err := json.Unmarshal(output, &one); err == nil {
		many = []string{one}
	} else if err := json.Unmarshal(output, &many); err != nil {
		return nil, fmt.Errorf("output %s is neither a file nor a list of files", clip(output))
	}
	var files []File
	for i, s := range many {
		f, err := decodeDataURI(s)
		if err != nil {
			return nil, fmt.Errorf("output %d: %w", i, err)
		}
		files = append(files, f)
	}
	return files, nil
}

func decodeDataURI(s string) (File, error) {
	rest, ok := strings.CutPrefix(s, "data:")
	if !ok {
		return File{}, fmt.Errorf("not a data URI: %.60s", s)
	}
	meta, payload, ok := strings.Cut(rest, ",")
	if !ok {
		return File{}, fmt.Errorf("data URI without a comma: %.60s", s)
	}
	var data []byte
	if strings.HasSuffix(meta, ";base64") {
		b, err := base64.StdEncoding.DecodeString(payload)
		if err != nil {
			return File{}, fmt.Errorf("data URI payload: %w", err)
		}
		data = b
	} else {
		u, err := url.PathUnescape(payload)
		if err != nil {
			return File{}, err
		}
		data = []byte(u)
	}
	mime, _, _ := strings.Cut(meta, ";")
	return File{Name: "output" + extFor(mime), Data: data}, nil
}

func extFor(mime string) string {
	switch mime {
	case "image/png":
		return ".png"
	case "image/jpeg":
		return ".jpg"
	case "image/webp":
		return ".webp"
	case "audio/wav", "audio/x-wav", "audio/wave":
		return ".wav"
	case "audio/mpeg":
		return ".mp3"
	case "video/mp4":
		return ".mp4"
	case "application/json":
		return ".json"
	}
	return ".bin"
}

// Media is what describe.py reports of a file: its kind ("image", "audio",
// "video"), size, sample rate, frames and duration where they apply.
type Media struct {
	Kind     string  `json:"kind"`
	Format   string  `json:"format"`
	Width    int     `json:"width"`
	Height   int     `json:"height"`
	Rate     int     `json:"rate"`
	Frames   int     `json:"frames"`
	Duration float64 `json:"duration"`
}

// Inspect decodes f completely with the package's own libraries (PIL for
// images, soundfile or wave for audio, PyAV or ffprobe for video), run in
// venv by tiny/describe.py, so a file that merely has the right name fails.
func Inspect(v Venv, f File) (Media, error) {
	dir, err := os.MkdirTemp("", "cogport-e2e-output-")
	if err != nil {
		return Media{}, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, f.Name)
	if err := os.WriteFile(path, f.Data, 0o644); err != nil {
		return Media{}, err
	}
	out, err := exec.Command(v.Python(), filepath.Join(TinyDir(), "describe.py"), path).CombinedOutput()
	if err != nil {
		return Media{}, fmt.Errorf("describe.py %s: %w\n%s", f.Name, err, out)
	}
	var m Media
	if err := json.Unmarshal(out, &m); err != nil {
		return Media{}, fmt.Errorf("describe.py %s printed %s", f.Name, out)
	}
	return m, nil
}

func clip(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "…"
	}
	return string(b)
}
