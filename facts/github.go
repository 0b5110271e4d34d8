package facts

// Repo is everything cogport learned about one git repository (usually a
// GitHub model repository) by reading its files at one commit.
type Repo struct {
	// Source is what the user typed ("owner/repo@v1", a URL, a path).
	Source string
	// URL is the clone URL without credentials; empty for a local directory
	// read in place.
	URL string
	// Owner and Name are set for GitHub repositories.
	Owner string
	Name  string
	// Ref is the branch, tag or sha the user asked for; empty for the default branch.
	Ref string
	// SHA is the commit the facts were read at (40 hex); empty for a local
	// directory that is not a git repository.
	SHA string
	// LocalDir is the directory read in place, for local sources.
	LocalDir string

	// Files lists the tree's files (regular files, symlinks, submodules).
	Files      []RepoFile
	TotalBytes int64

	// Python holds the Python version constraints found, strongest first.
	Python []RepoVersionHint
	// Dependencies are the Python requirements of every file read, in file order.
	Dependencies []RepoDependency
	// IndexURLs are the --index-url/--extra-index-url/--find-links options
	// of the requirements files.
	IndexURLs []string
	// Torch summarises the torch requirement, when there is one.
	Torch *RepoTorch
	// SystemPackages are apt packages the code implies, in discovery order.
	SystemPackages []RepoSystemPackage
	// Imports are the top-level modules imported by the repository's Python
	// files, sorted, without the repository's own packages.
	Imports []string

	// Cog describes an existing Cog setup; nil when there is none.
	Cog *RepoCog
	// Readme is the parsed README; nil when the repository has none.
	Readme *RepoReadme
	// Usage are the command lines that run a Python script, from the README
	// and shell scripts, in order.
	Usage []RepoUsage
	// Weights are checkpoint download links (README, scripts, code).
	Weights []RepoWeight
	// HubRefs are Hugging Face repositories referenced by code or docs.
	HubRefs []RepoHubRef
	// EntryPoints are the candidate inference scripts and apps, best first.
	EntryPoints []RepoEntryPoint
	// Submodules are declared in .gitmodules; they are never fetched.
	Submodules []RepoSubmodule

	// Warnings record every guess and every thing left for a human.
	Warnings []string
}

// RepoFile is one entry of the repository tree.
type RepoFile struct {
	Path string `json:"path"`
	Size int64  `json:"size"`
	// Mode is "file", "exec", "symlink" or "submodule".
	Mode string `json:"mode"`
	// Target is a symlink's target as stored.
	Target string `json:"target,omitempty"`
}

// RepoVersionHint is one statement about the Python version.
type RepoVersionHint struct {
	// Spec is the constraint as written (">=3.9", "3.10", "^3.10").
	Spec string
	// From names the file (and key) it came from.
	From string
}

// RepoDependency is one Python requirement.
type RepoDependency struct {
	// Name is the PEP 503 normalised project name (lowercase, "-").
	Name   string
	Extras []string
	// Specifier is the version constraint as written (">=2.0,<3", "==1.2"),
	// empty when none.
	Specifier string
	Marker    string
	// URL is a direct reference (git+https://..., a wheel URL).
	URL string
	// Pinned is true for "==X" without wildcards, and for a URL pinned to a
	// commit or a wheel.
	Pinned bool
	// Version is X when Pinned by "==X".
	Version string
	// From is the file the requirement came from ("requirements.txt:3").
	From string
	// Group is "" for runtime requirements, else "dev", "test", "docs",
	// "build", "optional:<extra>", "constraints", a requirements file's
	// suffix ("gpu" for requirements-gpu.txt), "readme" (a pip install
	// line of the README) or "script" (one of a root install script).
	Group string
	// Conda marks a conda (not pip) package of environment.yml.
	Conda bool
	// Editable marks "-e" lines.
	Editable bool
	// Line is the requirement as written.
	Line string
}

// RepoTorch summarises how the repository asks for torch.
type RepoTorch struct {
	// Specifier is torch's version constraint as written ("==2.1.0", ">=2").
	Specifier string
	// Version is the pinned version without a local suffix ("2.1.0").
	Version string
	// CUDA is the CUDA version implied by a "+cu118" suffix, a
	// download.pytorch.org index URL or conda's pytorch-cuda/cudatoolkit ("11.8").
	CUDA string
	// Vision and Audio are torchvision's and torchaudio's specifiers.
	Vision string
	Audio  string
	From   string
}

// RepoSystemPackage is one apt package and why it is needed.
type RepoSystemPackage struct {
	Name string
	Why  string
}

// RepoCog describes an existing Cog setup.
type RepoCog struct {
	// Config is the cog.yaml path; empty when only a predictor exists.
	Config string
	// Predict and Train are cog.yaml's "predict" and "train" values.
	Predict string
	Train   string
	// PythonVersion, GPU, CUDA, SystemPackages and PythonRequirements are
	// the cog.yaml build settings.
	PythonVersion      string
	GPU                bool
	CUDA               string
	SystemPackages     []string
	PythonRequirements string
	// PythonPackages is the deprecated build.python_packages list.
	PythonPackages []string
	// Predictors are Python files defining a BasePredictor subclass.
	Predictors []string
}

// RepoReadme is the parsed README.
type RepoReadme struct {
	Path    string
	Title   string
	Summary string
	// Code holds the fenced code blocks, in order.
	Code []CodeBlock
	// AptPackages are packages an "apt(-get) install" line of the README installs.
	AptPackages []string
}

// RepoUsage is one command line that runs a Python script.
type RepoUsage struct {
	// Text is the command as written, continuation lines joined.
	Text string
	// Script is the repository path of the script ("scripts/infer.py"); for
	// "python -m pkg.mod" it is the module's file when found.
	Script string
	// Module is set for "python -m pkg.mod".
	Module string
	// Args are the script's arguments, shell-split.
	Args []string
	// From is where the command was found ("README.md:42", "run.sh:3").
	From string
	// Section is the README heading above the command.
	Section string
}

// RepoWeight is a checkpoint download found in docs, scripts or code.
type RepoWeight struct {
	URL string
	// Kind is "hf" (a Hub resolve URL), "github-release", "gdrive" or "direct".
	Kind string
	// Repo, Revision and Path are set for Hub resolve URLs.
	Repo     string
	Revision string
	Path     string
	// Dest is the download destination a wget/curl line names.
	Dest string
	From string
}

// RepoHubRef is a reference to a Hugging Face repository.
type RepoHubRef struct {
	// Repo is "org/name".
	Repo string
	// Filename is hf_hub_download's filename, when given.
	Filename string
	Revision string
	// Kind is "model", "dataset" or "space".
	Kind string
	// Via says how it was referenced: from_pretrained, hf_hub_download,
	// snapshot_download, pipeline, cli, link.
	Via  string
	From string
}

// RepoEntryPoint is one candidate way to run the model.
type RepoEntryPoint struct {
	// Path is the script or app file.
	Path string
	// Kind is "argparse", "click", "gradio" or "script".
	Kind string
	// Score ranks candidates (higher is better); Reasons explain it.
	Score   int
	Reasons []string
	// Description is the ArgumentParser description or the app's title.
	Description string
	// Func is the function a Gradio app calls (its "fn").
	Func string
	// Args are the script's raw command-line arguments.
	Args []RepoScriptArg
	// Inputs are the typed inputs derived from Args or the app's components.
	Inputs []RepoInput
	// Outputs are a Gradio app's output components ("Image", "Textbox").
	Outputs []string
	// Usage is the README or script command that runs this entry point.
	Usage *RepoUsage
}

// RepoScriptArg is one argparse add_argument (or click option) call as written.
type RepoScriptArg struct {
	// Flags are the option strings ("-i", "--input") or the positional name.
	Flags []string
	Dest  string
	// Type is the type= expression as written ("int", "Path", "str2bool").
	Type string
	// Default is the literal default (string, int64, float64, bool, []any),
	// nil when absent or not a literal; DefaultText is the expression as written.
	Default     any
	DefaultText string
	Choices     []any
	Help        string
	Action      string
	Required    bool
	Nargs       string
	Metavar     string
	// Line is the call's line in the file.
	Line int
}

// RepoInput is one typed input derived from an argument or a component.
type RepoInput struct {
	// Name is a valid, non-reserved, unique Python identifier.
	Name string
	// Type is str, int, float, bool, Path or list[T].
	Type string
	// Default is the literal default (string, int64, float64, bool, []any);
	// nil for a required input, one without a literal default, and every
	// Path (a repository file named as default goes to Example instead).
	Default any
	Choices []any
	Ge      *float64
	Le      *float64
	// Description comes from help= or a label; DescriptionGuessed is true
	// when cogport made it up.
	Description        string
	DescriptionGuessed bool
	Required           bool
	// Role is "input", "output" (an output path or directory the wrapper
	// fills with a temp dir), "weights" (a checkpoint path the wrapper
	// downloads in setup()), "config" (a config file the wrapper keeps at
	// its default) or "runtime" (device, workers, ranks, ports: the wrapper
	// fixes them).
	Role string
	// Flag is the option string to pass on a command line ("--input"); empty
	// for positionals and components.
	Flag string
	// Dest is the argparse dest or the function parameter it feeds.
	Dest string
	// Example is a value from a usage command or a default file that exists
	// in the repository.
	Example string
}

// RepoSubmodule is one .gitmodules entry.
type RepoSubmodule struct {
	Path string
	URL  string
}

// RuntimeDependencies returns the dependencies of Group "" (and conda's).
func (r *Repo) RuntimeDependencies() []RepoDependency {
	var out []RepoDependency
	for _, d := range r.Dependencies {
		if d.Group == "" {
			out = append(out, d)
		}
	}
	return out
}

// HasRepoFile reports whether the repository holds path.
func (r *Repo) HasRepoFile(path string) bool {
	for _, f := range r.Files {
		if f.Path == path {
			return true
		}
	}
	return false
}
