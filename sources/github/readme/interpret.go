package readme

import (
	"path"
	"regexp"
	"strings"
)

var (
	pythonRE = regexp.MustCompile(`^(?:.*/)?(?:python[0-9.]*|py|pythonw)$`)
	envRE    = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=`)
)

// wrappers are words that run the rest of the command line.
var wrappers = map[string]bool{"env": true, "nohup": true, "time": true, "sudo": true, "exec": true}

// Words returns the command's words without environment assignments and
// wrappers ("env", "nohup", "uv run", "poetry run", "conda run -n x").
func Words(c Command) []string { return commandWords(c.Argv) }

func commandWords(argv []string) []string {
	for len(argv) > 0 {
		switch {
		case envRE.MatchString(argv[0]) || wrappers[argv[0]]:
			argv = argv[1:]
		case len(argv) > 1 && argv[1] == "run" && (argv[0] == "uv" || argv[0] == "poetry" || argv[0] == "pipenv" || argv[0] == "pdm" || argv[0] == "rye"):
			argv = argv[2:]
		case len(argv) > 1 && argv[0] == "conda" && argv[1] == "run":
			argv = skipOptions(argv[2:], map[string]bool{"-n": true, "--name": true, "-p": true, "--prefix": true})
		default:
			return argv
		}
	}
	return argv
}

// skipOptions drops leading options; those in withValue take the next word.
func skipOptions(argv []string, withValue map[string]bool) []string {
	for len(argv) > 0 && strings.HasPrefix(argv[0], "-") {
		if withValue[argv[0]] && len(argv) > 1 {
			argv = argv[1:]
		}
		argv = argv[1:]
	}
	return argv
}

// launchers take their own options before the script.
var launchers = map[string]bool{"accelerate": true, "torchrun": true, "deepspeed": true,
	"streamlit": true, "gradio": true}

// notScripts are "python -m" modules that are tools, not the project.
var notScripts = map[string]bool{"pip": true, "venv": true, "ensurepip": true, "http.server": true,
	"pytest": true, "unittest": true, "build": true, "twine": true}

// Usage reports how cmd runs a Python script: the script as written (or
// the module of "python -m"), and its arguments.
func Usage(c Command) (script, module string, args []string, ok bool) {
	argv := commandWords(c.Argv)
	if len(argv) == 0 {
		return "", "", nil, false
	}
	switch {
	case pythonRE.MatchString(argv[0]):
		return pythonArgs(argv[1:])
	case launchers[argv[0]]:
		for i, a := range argv[1:] {
			if strings.HasSuffix(a, ".py") {
				return a, "", argv[i+2:], true
			}
		}
	case strings.HasPrefix(argv[0], "./") && strings.HasSuffix(argv[0], ".py"):
		return argv[0], "", argv[1:], true // "./infer.py --x" with a shebang
	}
	return "", "", nil, false
}

// pythonArgs reads the interpreter's options up to the script or -m module.
func pythonArgs(argv []string) (script, module string, args []string, ok bool) {
	for i := 0; i < len(argv); i++ {
		a := argv[i]
		switch {
		case a == "-m" && i+1 < len(argv):
			mod := argv[i+1]
			switch {
			case notScripts[mod]:
				return "", "", nil, false
			case mod == "torch.distributed.launch" || mod == "torch.distributed.run":
				return pythonArgs(skipLauncherOptions(argv[i+2:]))
			}
			return "", mod, argv[i+2:], true
		case a == "-c":
			return "", "", nil, false
		case a == "-W" || a == "-X":
			i++
		case strings.HasPrefix(a, "-"):
		default:
			if strings.HasSuffix(a, ".py") && path.Base(a) != "setup.py" {
				return a, "", argv[i+1:], true
			}
			return "", "", nil, false
		}
	}
	return "", "", nil, false
}

// skipLauncherOptions drops torch.distributed.launch's options, returning
// the words from the script on.
func skipLauncherOptions(argv []string) []string {
	for i, a := range argv {
		if strings.HasSuffix(a, ".py") {
			return argv[i:]
		}
	}
	return nil
}

// Download reports a wget/curl/aria2c/gdown command's URL and destination.
func Download(c Command) (url, dest string, ok bool) {
	argv := commandWords(c.Argv)
	if len(argv) < 2 {
		return "", "", false
	}
	dir := ""
	for i := 1; i < len(argv); i++ {
		a := argv[i]
		next := ""
		if i+1 < len(argv) {
			next = argv[i+1]
		}
		switch {
		case isURL(a) && url == "":
			url = a
		case a == "-O" || a == "-o" || a == "--output" || a == "--output-document" || a == "--out":
			dest, i = next, i+1
		case a == "-P" || a == "--directory-prefix" || a == "-d" || a == "--dir":
			dir, i = next, i+1
		case strings.HasPrefix(a, "--output-document=") || strings.HasPrefix(a, "--output="):
			dest = a[strings.Index(a, "=")+1:]
		}
	}
	switch argv[0] {
	case "wget", "curl", "aria2c", "axel", "gdown", "pget":
	default:
		return "", "", false
	}
	if argv[0] == "pget" && dest == "" && len(argv) > 2 && isURL(argv[1]) {
		dest = argv[2]
	}
	if dest == "" && dir != "" && url != "" {
		dest = path.Join(dir, path.Base(strings.SplitN(url, "?", 2)[0]))
	} else if dir != "" && dest != "" && !strings.HasPrefix(dest, "/") {
		dest = path.Join(dir, dest)
	}
	return url, dest, url != ""
}

// AptInstall returns the packages of "apt(-get) install".
func AptInstall(c Command) []string {
	argv := commandWords(c.Argv)
	if len(argv) < 3 || (argv[0] != "apt" && argv[0] != "apt-get") || argv[1] != "install" {
		return nil
	}
	var out []string
	for _, a := range argv[2:] {
		if !strings.HasPrefix(a, "-") {
			out = append(out, a)
		}
	}
	return out
}

// PipInstall returns the requirement strings and -r files of "pip install".
func PipInstall(c Command) (reqs, files, options []string) {
	argv := commandWords(c.Argv)
	switch {
	case len(argv) >= 2 && (argv[0] == "pip" || argv[0] == "pip3" || argv[0] == "uv" && argv[1] == "pip"):
		if argv[0] == "uv" {
			argv = argv[1:]
		}
	case len(argv) >= 3 && pythonRE.MatchString(argv[0]) && argv[1] == "-m" && argv[2] == "pip":
		argv = argv[2:]
	default:
		return nil, nil, nil
	}
	if len(argv) < 2 || argv[1] != "install" {
		return nil, nil, nil
	}
	for i := 2; i < len(argv); i++ {
		a := argv[i]
		switch {
		case a == "-r" || a == "--requirement":
			if i+1 < len(argv) {
				files = append(files, argv[i+1])
				i++
			}
		case a == "--index-url" || a == "--extra-index-url" || a == "-i" || a == "-f" || a == "--find-links":
			if i+1 < len(argv) {
				options = append(options, a+" "+argv[i+1])
				i++
			}
		case a == "-e" || a == "--editable" || strings.HasPrefix(a, "-"):
		default:
			reqs = append(reqs, a)
		}
	}
	return reqs, files, options
}

// HubDownload reads "huggingface-cli download repo [files]", "hf download
// repo [files]" and "git clone https://huggingface.co/repo".
func HubDownload(c Command) (repo string, files []string, ok bool) {
	argv := commandWords(c.Argv)
	switch {
	case len(argv) >= 3 && (argv[0] == "huggingface-cli" || argv[0] == "hf") && argv[1] == "download":
		args := positional(argv[2:], map[string]bool{"--local-dir": true, "--revision": true,
			"--repo-type": true, "--cache-dir": true, "--include": true, "--exclude": true, "--token": true})
		if len(args) == 0 {
			return "", nil, false
		}
		return args[0], args[1:], true
	case len(argv) >= 3 && argv[0] == "git" && argv[1] == "clone":
		for _, a := range argv[2:] {
			if m := hubRepoURLRE.FindStringSubmatch(a); m != nil {
				return m[1], nil, true
			}
		}
	}
	return "", nil, false
}

var hubRepoURLRE = regexp.MustCompile(`^https?://(?:www\.)?(?:huggingface\.co|hf\.co)/([\w.-]+/[\w.-]+?)(?:\.git)?/?$`)

// positional returns the non-option words; options in withValue take a value.
func positional(argv []string, withValue map[string]bool) []string {
	var out []string
	for i := 0; i < len(argv); i++ {
		a := argv[i]
		if strings.HasPrefix(a, "-") {
			if withValue[a] && !strings.Contains(a, "=") {
				i++
			}
			continue
		}
		out = append(out, a)
	}
	return out
}

func isURL(s string) bool {
	return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")
}
