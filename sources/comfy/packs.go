package comfy

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/sources/comfy/catalog"
	"github.com/cogport/cogport/sources/comfy/nodedef"
)

// How a pack was found (facts.ComfyNodePack.Via), in the order tried.
const (
	ViaCNRID      = "cnr_id"
	ViaAuxID      = "aux_id"
	ViaUser       = "user"
	ViaPreemption = "preemption"
	ViaName       = "name"
	ViaStars      = "stars"
	ViaPattern    = "pattern"
)

// coreCNRID is the registry id the frontend writes on core nodes.
const coreCNRID = "comfy-core"

var hexCommit = regexp.MustCompile(`^[0-9a-f]{7,40}$`)

// ParseNodeMap reads a user's node map: YAML mapping a class to the repo
// that provides it, optionally pinned ("https://github.com/o/r@abc1234").
func ParseNodeMap(data []byte) (map[string]string, error) {
	var m map[string]string
	if err := yaml.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("node map: %w", err)
	}
	for class, repo := range m {
		if repo == "" {
			return nil, fmt.Errorf("node map: %q has no repo", class)
		}
	}
	return m, nil
}

type packResolver struct {
	w    *Workflow
	core *nodedef.Table
	cat  *catalog.Catalog
	user map[string]string
	lock map[string]*facts.ComfyNodePack
}

// pick is one class's resolution.
type pick struct {
	repo, commit, version, cnr, via, note string
}

// ResolvePacks finds the node pack of every class ComfyUI does not ship,
// each step reported: the UI's cnr_id/aux_id/ver, the user's map,
// ComfyUI-Manager's preemptions, the exact class name (several packs: the
// most starred wins, and the tie is reported), the packs' name patterns.
// The result is a lock of {repo, commit or version, classes} and the
// classes no rule resolved.
func ResolvePacks(w *Workflow, core *nodedef.Table, cat *catalog.Catalog, user map[string]string) ([]facts.ComfyNodePack, []facts.ComfyUnresolvedNode) {
	r := &packResolver{w: w, core: core, cat: cat, user: user, lock: map[string]*facts.ComfyNodePack{}}
	nodes := map[string][]string{}
	var classes []string
	for _, n := range w.Prompt.Nodes {
		if _, seen := nodes[n.Class]; !seen {
			classes = append(classes, n.Class)
		}
		nodes[n.Class] = append(nodes[n.Class], n.ID)
	}
	slices.Sort(classes)
	var unresolved []facts.ComfyUnresolvedNode
	for _, class := range classes {
		if r.isCore(class, nodes[class]) {
			continue
		}
		p, ok := r.resolve(class, nodes[class])
		if !ok {
			unresolved = append(unresolved, facts.ComfyUnresolvedNode{Class: class, Nodes: nodes[class],
				Reason: "no pack in the workflow's node properties, the node map or ComfyUI-Manager's extension-node-map lists it"})
			continue
		}
		r.record(class, p)
	}
	return r.sortedLock(), unresolved
}

// IsCore reports whether ComfyUI ships class, by the catalog's core list
// or the shipped node table.
func IsCore(class string, core *nodedef.Table, cat *catalog.Catalog) bool {
	return cat.IsCore(class) || core.Lookup(class) != nil
}

func (r *packResolver) isCore(class string, ids []string) bool {
	if IsCore(class, r.core, r.cat) {
		return true
	}
	for _, id := range ids {
		if r.w.Props[id].CNRID == coreCNRID {
			return true
		}
	}
	return false
}

func (r *packResolver) resolve(class string, ids []string) (pick, bool) {
	for _, step := range []func(string, []string) (pick, bool){
		r.fromProps, r.fromUser, r.fromPreemption, r.fromName, r.fromPattern,
	} {
		if p, ok := step(class, ids); ok {
			return p, true
		}
	}
	return pick{}, false
}

// fromProps reads what the frontend recorded on the node: a registry id
// with its version, or a GitHub "owner/repo" with the commit.
func (r *packResolver) fromProps(_ string, ids []string) (pick, bool) {
	for _, id := range ids {
		p := r.w.Props[id]
		if p.CNRID != "" && p.CNRID != coreCNRID {
			if pack, ok := r.cat.PackByCNR(p.CNRID); ok {
				return pick{repo: pack.URL, version: p.Ver, cnr: p.CNRID, via: ViaCNRID}, true
			}
		}
		if owner, name, ok := strings.Cut(p.AuxID, "/"); ok && owner != "" && name != "" {
			pk := pick{repo: "https://github.com/" + p.AuxID, via: ViaAuxID}
			if hexCommit.MatchString(p.Ver) {
				pk.commit = p.Ver
			} else {
				pk.version = p.Ver
			}
			return pk, true
		}
	}
	return pick{}, false
}

func (r *packResolver) fromUser(class string, _ []string) (pick, bool) {
	v, ok := r.user[class]
	if !ok {
		return pick{}, false
	}
	repo, commit, _ := strings.Cut(v, "@")
	return pick{repo: repo, commit: commit, via: ViaUser}, true
}

func (r *packResolver) fromPreemption(class string, _ []string) (pick, bool) {
	pack, ok := r.cat.Preemption(class)
	if !ok {
		return pick{}, false
	}
	return pick{repo: pack.URL, cnr: pack.CNRID, via: ViaPreemption}, true
}

// fromName picks among the packs listing the class: the most starred, the
// first in Manager's order on equal stars; the losers are reported.
func (r *packResolver) fromName(class string, _ []string) (pick, bool) {
	packs := r.cat.PacksFor(class)
	if len(packs) == 0 {
		return pick{}, false
	}
	slices.SortStableFunc(packs, func(a, b catalog.Pack) int { return b.Stars - a.Stars })
	p := pick{repo: packs[0].URL, cnr: packs[0].CNRID, via: ViaName}
	if len(packs) > 1 {
		p.via = ViaStars
		var others []string
		for _, o := range packs[1:] {
			others = append(others, fmt.Sprintf("%s (%d★)", o.URL, o.Stars))
		}
		p.note = fmt.Sprintf("%s: %d★, also in %s", class, packs[0].Stars, strings.Join(others, ", "))
	}
	return p, true
}

func (r *packResolver) fromPattern(class string, _ []string) (pick, bool) {
	pack, ok := r.cat.PatternMatch(class)
	if !ok {
		return pick{}, false
	}
	return pick{repo: pack.URL, cnr: pack.CNRID, via: ViaPattern,
		note: fmt.Sprintf("%s matches nodename_pattern %q", class, pack.Pattern)}, true
}

// record adds class to its pack's lock entry; a pack's pin comes from the
// workflow or the user when given, else from cog-comfyui's known-good list.
// The entry's Via is the most certain rule among its classes.
func (r *packResolver) record(class string, p pick) {
	key := catalog.NormalizeRepo(p.repo)
	e := r.lock[key]
	if e == nil {
		e = &facts.ComfyNodePack{Repo: p.repo, Via: p.via, CNRID: p.cnr}
		r.lock[key] = e
	}
	e.Classes = append(e.Classes, class)
	if viaRank(p.via) < viaRank(e.Via) {
		e.Via = p.via // the entry shows its strongest evidence
	}
	if e.CNRID == "" {
		e.CNRID = p.cnr
	}
	if e.Commit == "" {
		e.Commit = p.commit
	}
	if e.Version == "" {
		e.Version = p.version
	}
	if p.note != "" {
		e.Note = strings.TrimPrefix(e.Note+"; "+p.note, "; ")
	}
	if e.Commit == "" {
		e.Commit = r.cat.Pin(p.repo)
	}
}

// viaOrder ranks the rules from the most to the least certain.
var viaOrder = []string{ViaCNRID, ViaAuxID, ViaUser, ViaPreemption, ViaName, ViaStars, ViaPattern}

func viaRank(via string) int { return slices.Index(viaOrder, via) }

func (r *packResolver) sortedLock() []facts.ComfyNodePack {
	var out []facts.ComfyNodePack
	for _, e := range r.lock {
		slices.Sort(e.Classes)
		out = append(out, *e)
	}
	slices.SortFunc(out, func(a, b facts.ComfyNodePack) int { return strings.Compare(a.Repo, b.Repo) })
	return out
}
