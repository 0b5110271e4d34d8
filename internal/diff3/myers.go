package diff3

// This file holds the two-way line diff that the merge and the unified diff
// share: Myers' O(ND) algorithm in its linear-space form (the "middle snake"
// bisection of Myers 1986, section 4b), followed by a pass that slides
// ambiguous change groups into one canonical place. The slide matters for
// merges: "insert x after the run of x" and "insert x before it" are the same
// diff, but only one of them stays clear of an edit on the other side, and
// git slides the same way, so clean merges agree with `git merge-file`.

// hunk is one changed region: a[a0:a1] was replaced by b[b0:b1].
type hunk struct{ a0, a1, b0, b1 int }

// lineDiff compares two sequences of interned lines and returns their hunks
// in order.
func lineDiff(a, b []int) []hunk {
	ca, cb := reducedDiff(a, b)
	compact(a, ca, cb)
	compact(b, cb, ca)
	return hunksOf(ca, cb)
}

// differ marks in ca the lines of a that are deleted and in cb the lines of
// b that are inserted.
type differ struct {
	a, b   []int
	ca, cb []bool
}

func (d *differ) compare(a0, a1, b0, b1 int) {
	for a0 < a1 && b0 < b1 && d.a[a0] == d.b[b0] {
		a0, b0 = a0+1, b0+1
	}
	for a0 < a1 && b0 < b1 && d.a[a1-1] == d.b[b1-1] {
		a1, b1 = a1-1, b1-1
	}
	if a0 < a1 && b0 < b1 {
		if x, y, ok := d.split(a0, a1, b0, b1); ok {
			d.compare(a0, x, b0, y)
			d.compare(x, a1, y, b1)
			return
		}
	}
	// one side is empty, or the two share no line at all
	for i := a0; i < a1; i++ {
		d.ca[i] = true
	}
	for j := b0; j < b1; j++ {
		d.cb[j] = true
	}
}

// split finds a point on a shortest edit path from (a0, b0) to (a1, b1) by
// running the greedy search from both corners, one edit at a time, until the
// frontiers overlap on a diagonal. It returns the frontier point of the
// search that detected the overlap. The cost to either corner only shrinks
// along a diagonal towards it, so that point lies on a shortest path and
// splits the problem into two strictly smaller ones. Both searches visit
// the diagonals k = x - y from the highest to the lowest (the backward one
// works in mirrored coordinates, hence its ascending loop), which breaks
// ties between equally short paths the way git does. ok is false when the
// two ranges share no line.
func (d *differ) split(a0, a1, b0, b1 int) (x, y int, ok bool) {
	n, m := a1-a0, b1-b0
	maxD := (n + m + 1) / 2
	off := maxD + 1
	vf, vb := newFrontier(2*off+2), newFrontier(2*off+2)
	vf[off+1], vb[off+1] = 0, 0
	delta := n - m
	odd := delta&1 != 0
	// vb holds the backward search in mirrored coordinates (x counted from
	// a1 down, y from b1 down), so both searches share furthest; diagonals
	// that ran off the graph stop being extended.
	var fLo, fHi, bLo, bHi int
	for D := 0; D <= maxD; D++ {
		for k := D - fHi; k >= -D+fLo; k -= 2 {
			x := furthest(vf, off, k, D)
			y := x - k
			for x < n && y < m && d.a[a0+x] == d.b[b0+y] {
				x, y = x+1, y+1
			}
			vf[off+k] = x
			switch {
			case x > n:
				fHi += 2
			case y > m:
				fLo += 2
			case odd:
				if xb, ok := valid(vb, off, delta-k, n, m); ok && x >= n-xb {
					return a0 + x, b0 + y, true
				}
			}
		}
		for k := -D + bLo; k <= D-bHi; k += 2 {
			x := furthest(vb, off, k, D)
			y := x - k
			for x < n && y < m && d.a[a1-1-x] == d.b[b1-1-y] {
				x, y = x+1, y+1
			}
			vb[off+k] = x
			switch {
			case x > n:
				bHi += 2
			case y > m:
				bLo += 2
			case !odd:
				kf := delta - k
				if xf, ok := valid(vf, off, kf, n, m); ok && xf >= n-x {
					return a1 - x, b1 - y, true
				}
			}
		}
	}
	return 0, 0, false
}

func newFrontier(size int) []int {
	v := make([]int, size)
	for i := range v {
		v[i] = -1
	}
	return v
}

// furthest picks the better of the two moves onto diagonal k: down from
// k+1 (an insertion) or right from k-1 (a deletion); deletions win ties.
func furthest(v []int, off, k, D int) int {
	if k == -D || (k != D && v[off+k-1] < v[off+k+1]) {
		return v[off+k+1]
	}
	return v[off+k-1] + 1
}

// valid reads the frontier on diagonal k when it is inside the graph.
func valid(v []int, off, k, n, m int) (int, bool) {
	i := off + k
	if i < 0 || i >= len(v) {
		return 0, false
	}
	x := v[i]
	if x < 0 || x > n || x-k < 0 || x-k > m {
		return 0, false
	}
	return x, true
}

// compact moves every group of changed lines in x (flags cx) as far down as
// equal lines allow, unless a higher position lines it up with a change on
// the other side (flags cy), where it becomes one replacement hunk instead of
// a deletion next to an insertion. Groups that touch while sliding merge.
func compact(x []int, cx, cy []bool) {
	other := changedAfter(cy)
	u := 0 // unchanged lines of x before i
	for i := 0; i < len(x); {
		if !cx[i] {
			u, i = u+1, i+1
			continue
		}
		s, e := i, i
		for e < len(x) && cx[e] {
			e++
		}
		aligned := -1
		for size := -1; size != e-s; {
			size = e - s
			for s > 0 && !cx[s-1] && x[s-1] == x[e-1] {
				cx[s-1], cx[e-1] = true, false
				s, e, u = s-1, e-1, u-1
				for s > 0 && cx[s-1] {
					s--
				}
			}
			aligned = -1
			if other[u] {
				aligned = e
			}
			for e < len(x) && !cx[e] && x[s] == x[e] {
				cx[s], cx[e] = false, true
				s, e, u = s+1, e+1, u+1
				for e < len(x) && cx[e] {
					e++
				}
				if other[u] {
					aligned = e
				}
			}
		}
		for aligned >= 0 && e > aligned {
			cx[s-1], cx[e-1] = true, false
			s, e, u = s-1, e-1, u-1
		}
		i = e
	}
}

// changedAfter reports, for each count u of unchanged lines, whether changed
// lines follow the u-th unchanged line (u = 0: the start) before the next.
func changedAfter(c []bool) []bool {
	out := []bool{false}
	for _, ch := range c {
		if ch {
			out[len(out)-1] = true
		} else {
			out = append(out, false)
		}
	}
	return out
}

// hunksOf pairs the unchanged lines of both sides in order and returns the
// changed runs between them.
func hunksOf(ca, cb []bool) []hunk {
	var hs []hunk
	i, j := 0, 0
	for i < len(ca) || j < len(cb) {
		if i < len(ca) && j < len(cb) && !ca[i] && !cb[j] {
			i, j = i+1, j+1
			continue
		}
		h := hunk{a0: i, b0: j}
		for i < len(ca) && ca[i] {
			i++
		}
		for j < len(cb) && cb[j] {
			j++
		}
		h.a1, h.b1 = i, j
		hs = append(hs, h)
	}
	return hs
}

// reducedDiff runs the search on the lines each side shares with the other.
// A line that occurs nowhere on the other side is changed in every diff, so
// leaving it out costs nothing and shortens the search; it also settles ties
// between equally short diffs the way git does, which keeps clean merges
// byte-identical to `git merge-file`. It returns the change flags of a and b.
func reducedDiff(a, b []int) (ca, cb []bool) {
	ra, ia, ca := shared(a, b)
	rb, ib, cb := shared(b, a)
	d := &differ{a: ra, b: rb, ca: make([]bool, len(ra)), cb: make([]bool, len(rb))}
	d.compare(0, len(ra), 0, len(rb))
	for i, c := range d.ca {
		ca[ia[i]] = ca[ia[i]] || c
	}
	for i, c := range d.cb {
		cb[ib[i]] = cb[ib[i]] || c
	}
	return ca, cb
}

// shared returns the lines of x that also occur in y, their indexes in x,
// and change flags for x with every other line already marked.
func shared(x, y []int) (kept, index []int, changed []bool) {
	inY := make(map[int]bool, len(y))
	for _, v := range y {
		inY[v] = true
	}
	changed = make([]bool, len(x))
	for i, v := range x {
		if inY[v] {
			kept, index = append(kept, v), append(index, i)
		} else {
			changed[i] = true
		}
	}
	return kept, index, changed
}
