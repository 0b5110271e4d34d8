// Package githubcmd implements `cogport github`: a model repository (on
// GitHub, any git host, or a folder on disk) to a Cog package made of the
// repository's own files plus cogport's.
package githubcmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/generators"
	"github.com/cogport/cogport/internal/buildinfo"
	"github.com/cogport/cogport/internal/cli/cmdutil"
	"github.com/cogport/cogport/internal/cli/pkgcmd"
	"github.com/cogport/cogport/internal/output"
	"github.com/cogport/cogport/plan"
	"github.com/cogport/cogport/recipes"
	ghrecipe "github.com/cogport/cogport/recipes/github"
	ghsrc "github.com/cogport/cogport/sources/github"
	"github.com/cogport/cogport/sources/github/pydeps"
)

// Options are the flags and arguments of `cogport github`.
type Options struct {
	IO        *cmdutil.IO
	Source    string
	Output    string
	Entry     string
	Model     string
	Force     bool
	DryRun    bool
	JSON      bool
	Quiet     bool
	Timeout   time.Duration
	Templates string
	// MaxSize caps the repository, in MiB.
	MaxSize int64
	// Cloner replaces the git clone; nil is the real one.
	Cloner ghsrc.Cloner
}

// NewCmd builds `cogport github`. runF replaces the command's work in tests
// of the flag wiring; nil runs it for real.
func NewCmd(streams *cmdutil.IO, runF func(context.Context, *Options) error) *cobra.Command {
	o := &Options{IO: streams}
	cmd := &cobra.Command{
		Use:   "github SOURCE[@ref]",
		Short: "Package a model repository (owner/repo, a git URL or a folder)",
		Long: `Package a model's own repository as a Cog model for Replicate.

SOURCE is owner/repo (GitHub), any git URL (https, ssh, file), or a folder on
disk; "@ref" picks a branch, tag or commit. cogport clones it shallowly, pins
the commit, and reads its requirements, README, scripts and Gradio app.

The package is the repository itself plus cogport's files: cog.yaml,
predict.py, requirements.txt (every line name==version), weights.py and
weights.json for the checkpoints the README links, a cog-safe-push config, CI
and script/{lint,test,push}. predict.py runs the repository's own code:
  - an argparse or click script runs as a subprocess with the inputs on its
    command line (its outputs land in a temporary folder and are returned);
  - a Gradio app is imported once in setup() and its handler called per
    prediction.
--entry picks another candidate script or app.

With -o DIR, DIR receives a copy of the repository's files and cogport's.
A folder source without -o is changed in place: cogport's files are added
next to yours. The repository's own files are never overwritten, except
requirements.txt, which becomes the pinned list (in place this needs --force;
git diff shows the change). Where the repository has a file of cogport's name
(README.md, .dockerignore, ...) the repository's is kept and cogport's copy is
in .cogport/pristine/; the package README goes to README.cog.md. A repository
that is already a Cog package is refused: run 'cogport lint' on it instead,
or pass --force to add cogport's files next to its own.

Private repositories need GITHUB_TOKEN (or GH_TOKEN); the token is sent to
github.com only and never printed or written.`,
		Example: `  cogport github DepthAnything/Depth-Anything-V2 -o depth-anything
  cogport github https://github.com/owner/repo@v1.2 --dry-run --json | jq .inputs
  cogport github owner/repo --entry scripts/infer.py -o out
  cogport github .                      # add the Cog files to this checkout`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Source = args[0]
			if err := o.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), o)
			}
			return Run(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.Output, "output", "o", "", "folder to write the package to (default: the repository's name; a folder source: in place)")
	f.StringVar(&o.Entry, "entry", "", "the script or app to wrap, a path in the repository (default: the best ranked)")
	f.StringVar(&o.Model, "model", "", "Replicate model to push to, owner/name (default: from the source)")
	f.BoolVar(&o.Force, "force", false, "write into a non-empty folder, replacing the files cogport writes; package a repository that already has Cog files")
	f.BoolVar(&o.DryRun, "dry-run", false, "print what would be written and write nothing")
	f.BoolVar(&o.JSON, "json", false, "print the plan as JSON on stdout")
	f.BoolVarP(&o.Quiet, "quiet", "q", false, "print no progress on stderr")
	f.DurationVar(&o.Timeout, "timeout", 5*time.Minute, "give up on the clone after this long")
	f.StringVar(&o.Templates, "templates", "", "your own templates, overriding cogport's: a folder laid out like templates/files, or a git URL[@ref]")
	f.Int64Var(&o.MaxSize, "max-size", ghsrc.DefaultMaxBytes>>20, "refuse repositories larger than this many MiB")
	return cmd
}

func (o *Options) validate() error {
	if o.Model != "" && !recipes.ValidModelName(o.Model) {
		return cmdutil.UsageErrorf("--model %q is not owner/name in lowercase letters, digits, '-', '_' and '.'", o.Model)
	}
	if o.Timeout <= 0 {
		return cmdutil.UsageErrorf("--timeout must be positive")
	}
	if o.MaxSize <= 0 {
		return cmdutil.UsageErrorf("--max-size must be positive")
	}
	return nil
}

// Run does the work: fetch and inspect the repository, plan, render,
// combine with the repository's files, then write or print.
func Run(ctx context.Context, o *Options) error {
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	src, err := ghsrc.ParseSource(o.Source)
	if err != nil {
		return cmdutil.UsageErrorf("%w", err)
	}
	snap, repo, err := o.load(ctx, src)
	if err != nil {
		return err
	}
	p, err := ghrecipe.Build(repo, o.recipeOptions(snap))
	if err != nil {
		return err
	}
	dir, inPlace := o.outputDir(src)
	r, err := pkgcmd.Renderer(ctx, o.Templates)
	if err != nil {
		return err
	}
	gen, err := r.Render(p)
	if err != nil {
		return err
	}
	pkg, err := combine(snap, repo, gen, inPlace, o.Force)
	if err != nil {
		return err
	}
	files, err := o.withProvenance(r, p, pkg)
	if err != nil {
		return err
	}
	if o.DryRun {
		return o.report(p, pkg, files, nil)
	}
	// A non-empty folder is written into only with --force, or in place
	// once combine has checked that no file of the repository is lost.
	res, err := output.Write(ctx, dir, files, o.Force || inPlace)
	if err != nil {
		return err
	}
	return o.report(p, pkg, files, &res)
}

// load fetches the repository's files and inspects them.
func (o *Options) load(ctx context.Context, src ghsrc.Source) (*ghsrc.Snapshot, *facts.Repo, error) {
	token := o.IO.Getenv("GITHUB_TOKEN")
	if token == "" {
		token = o.IO.Getenv("GH_TOKEN")
	}
	opts := ghsrc.Options{Cloner: o.Cloner, Token: token, Progress: o.progress(), MaxBytes: o.MaxSize << 20}
	if src.Kind != ghsrc.KindLocal && !o.Quiet {
		fmt.Fprintf(o.IO.Err, "cloning %s ...\n", src)
	}
	snap, err := ghsrc.Fetch(ctx, src, opts)
	if errors.Is(err, ghsrc.ErrTooLarge) {
		return nil, nil, fmt.Errorf("%w (raise the cap with --max-size, in MiB)", err)
	}
	if err != nil {
		return nil, nil, err
	}
	repo := ghsrc.Inspect(snap, src)
	if !hasPython(repo.Files) {
		return nil, nil, fmt.Errorf("%w: %s has no Python files; cogport github wraps Python model repositories", ghsrc.ErrNoPython, src)
	}
	return snap, repo, nil
}

func hasPython(files []facts.RepoFile) bool {
	for _, f := range files {
		if strings.HasSuffix(f.Path, ".py") || strings.HasSuffix(f.Path, ".ipynb") {
			return true
		}
	}
	return false
}

func (o *Options) progress() io.Writer {
	if o.Quiet {
		return nil
	}
	return o.IO.Err
}

// recipeOptions passes the answers, pydeps' Python choice (recipes may not
// import sources), and the versions of the first lock file found.
func (o *Options) recipeOptions(snap *ghsrc.Snapshot) ghrecipe.Options {
	opts := ghrecipe.Options{Model: o.Model, Entry: o.Entry, Python: pydeps.ChoosePython}
	for _, name := range ghrecipe.LockFiles {
		data, err := snap.ReadFile(name, 32<<20)
		if err != nil {
			continue
		}
		if locked := ghrecipe.ParseLock(name, data); len(locked) > 0 {
			opts.Locked, opts.LockFrom = locked, name
			break
		}
	}
	return opts
}

// outputDir is -o, else the repository's name; a folder source without
// -o (or with -o naming it) is written in place.
func (o *Options) outputDir(src ghsrc.Source) (string, bool) {
	local := src.Kind == ghsrc.KindLocal && src.Ref == "" && !ghsrc.IsBareRepo(src.Path)
	if o.Output == "" {
		if local {
			return src.Path, true
		}
		name := src.Name
		if name == "" {
			name = strings.TrimSuffix(filepath.Base(strings.TrimRight(src.URL, "/")), ".git")
		}
		if name == "" || name == "." || name == "/" {
			name = "cog-package"
		}
		return name, false
	}
	if abs, err := filepath.Abs(o.Output); err == nil && local && abs == src.Path {
		return src.Path, true
	}
	return o.Output, false
}

// withProvenance adds .cogport/: cogport's files only (the repository's
// are not generated), kept ones as skip-if-exists so that `template
// refresh` never touches them.
func (o *Options) withProvenance(r *generators.Renderer, p *plan.Plan, pkg *packageFiles) ([]generators.File, error) {
	answers := map[string]string{"recipe": p.Recipe, "weights": p.Weights.Strategy, "model": p.Model,
		"entry": entryOf(p)}
	all, err := r.WithProvenance(p, pkg.generated, buildinfo.Version, pkgcmd.WithTemplates(answers, o.Templates))
	if err != nil {
		return nil, err
	}
	kept := map[string]bool{}
	for _, k := range pkg.kept {
		kept[k] = true
	}
	out := append([]generators.File(nil), pkg.repo...)
	for _, f := range all {
		if !kept[f.Path] {
			out = append(out, f)
		}
	}
	return out, nil
}

func entryOf(p *plan.Plan) string {
	for _, k := range []string{"Script", "App"} {
		if s, ok := p.Vars[k].(string); ok {
			return s
		}
	}
	return ""
}
