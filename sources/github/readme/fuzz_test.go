package readme

import "testing"

// FuzzParse checks that no README or shell text makes the reader panic.
func FuzzParse(f *testing.F) {
	f.Add(sample)
	f.Add("```\n$ python a.py \\\n --x 'unterminated\n```\n`wget`\n<a href='https://x'>")
	f.Add("- ```sh\n  pip install -e .[dev] && torchrun --nproc_per_node 8 -m pkg.run\n  ```\n")
	f.Fuzz(func(t *testing.T, src string) {
		doc := Parse("README.md", []byte(src))
		for _, c := range doc.Commands {
			Usage(c)
			Download(c)
			AptInstall(c)
			PipInstall(c)
			HubDownload(c)
		}
		Commands(src, 1)
	})
}
