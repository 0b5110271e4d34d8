package github

import (
	"fmt"

	"github.com/cogport/cogport/facts"
)

// aptByModule maps an imported module to the apt packages it needs at run
// time (shared libraries the wheels do not bundle, or binaries it calls).
var aptByModule = []struct {
	module string
	pkgs   []string
}{
	{"cv2", []string{"libgl1", "libglib2.0-0"}},
	{"soundfile", []string{"libsndfile1"}},
	{"librosa", []string{"libsndfile1", "ffmpeg"}},
	{"torchaudio", []string{"libsndfile1"}},
	{"audioread", []string{"ffmpeg"}},
	{"pydub", []string{"ffmpeg"}},
	{"moviepy", []string{"ffmpeg"}},
	{"ffmpeg", []string{"ffmpeg"}},
	{"whisper", []string{"ffmpeg"}},
	{"decord", []string{"ffmpeg"}},
	{"pyaudio", []string{"portaudio19-dev"}},
	{"phonemizer", []string{"espeak-ng"}},
	{"espeakng", []string{"espeak-ng"}},
	{"pytesseract", []string{"tesseract-ocr"}},
	{"pdf2image", []string{"poppler-utils"}},
	{"cairosvg", []string{"libcairo2"}},
	{"open3d", []string{"libgl1", "libgomp1"}},
	{"pyrender", []string{"libgl1", "libosmesa6"}},
	{"mediapipe", []string{"libgl1", "libglib2.0-0"}},
	{"dlib", []string{"cmake", "build-essential"}},
	{"insightface", []string{"build-essential"}},
	{"pycocotools", []string{"build-essential"}},
	{"magic", []string{"libmagic1"}},
	{"gi", []string{"libgirepository1.0-dev"}},
}

// aptByDependency maps a PyPI project to apt packages, for dependencies
// that are not imported under their own name.
var aptByDependency = []struct {
	project string
	pkgs    []string
}{
	{"opencv-python", []string{"libgl1", "libglib2.0-0"}},
	{"opencv-contrib-python", []string{"libgl1", "libglib2.0-0"}},
	{"opencv-python-headless", []string{"libglib2.0-0"}},
	{"opencv-contrib-python-headless", []string{"libglib2.0-0"}},
	{"soundfile", []string{"libsndfile1"}},
	{"librosa", []string{"libsndfile1", "ffmpeg"}},
	{"pydub", []string{"ffmpeg"}},
	{"moviepy", []string{"ffmpeg"}},
	{"ffmpeg-python", []string{"ffmpeg"}},
	{"openai-whisper", []string{"ffmpeg"}},
	{"pyaudio", []string{"portaudio19-dev"}},
	{"phonemizer", []string{"espeak-ng"}},
	{"pytesseract", []string{"tesseract-ocr"}},
	{"pdf2image", []string{"poppler-utils"}},
	{"dlib", []string{"cmake", "build-essential"}},
	{"python-magic", []string{"libmagic1"}},
}

// sysPackages accumulates apt packages in discovery order.
type sysPackages struct {
	list []facts.RepoSystemPackage
	seen map[string]bool
}

func (s *sysPackages) add(name, why string) {
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	if s.seen[name] {
		return
	}
	s.seen[name] = true
	s.list = append(s.list, facts.RepoSystemPackage{Name: name, Why: why})
}

// systemPackages derives apt packages from imports, dependencies, code
// that runs ffmpeg, git dependencies and the README's apt lines.
func systemPackages(imports map[string]string, deps []facts.RepoDependency, ffmpegAt string, readmeApt []string) []facts.RepoSystemPackage {
	var s sysPackages
	for _, e := range aptByModule {
		if at, ok := imports[e.module]; ok {
			for _, p := range e.pkgs {
				s.add(p, fmt.Sprintf("import %s (%s)", e.module, at))
			}
		}
	}
	for _, d := range deps {
		if d.Group != "" && d.Group != "readme" && d.Group != "script" {
			continue
		}
		for _, e := range aptByDependency {
			if d.Name == e.project {
				for _, p := range e.pkgs {
					s.add(p, fmt.Sprintf("requirement %s (%s)", d.Name, d.From))
				}
			}
		}
		if d.URL != "" && len(d.URL) > 4 && d.URL[:4] == "git+" {
			s.add("git", fmt.Sprintf("requirement %s is installed from git (%s)", d.Name, d.From))
		}
	}
	if ffmpegAt != "" {
		s.add("ffmpeg", "the code runs ffmpeg ("+ffmpegAt+")")
	}
	for _, p := range readmeApt {
		s.add(p, "the README installs it with apt")
	}
	return s.list
}
