package pydeps

import "testing"

// FuzzReaders checks that no input makes the TOML, requirement, setup or
// conda readers panic.
func FuzzReaders(f *testing.F) {
	f.Add("[project]\ndependencies = ['torch>=2', \"x[y]==1; python_version<'3.9'\"]\n")
	f.Add("a.b.\"c\" = {d = [1, 2.5, true, '''x''']}\n[[t]]\n[t.u]\n")
	f.Add("-r other.txt\ngit+https://h/o/r@abc#egg=r\npkg @ https://x/y.whl\n")
	f.Add("dependencies:\n  - python=3.10\n  - pip:\n    - -e .\n")
	f.Fuzz(func(t *testing.T, src string) {
		Pyproject("pyproject.toml", []byte(src))
		SetupPy("setup.py", []byte(src))
		SetupCfg("setup.cfg", []byte(src))
		Environment("environment.yml", []byte(src))
		r := &Result{}
		(&RequirementsReader{Read: func(string) ([]byte, error) { return []byte(src), nil }}).Parse("requirements.txt", "", r)
		Torch(r)
		ParseRequirement(src)
		PoetryToPEP440(src)
		Allows(src, "3.12")
	})
}
