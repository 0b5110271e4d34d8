package hubtest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// serve applies the next scripted fault for the path, if any, then answers
// like the Hub.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	f, faulty, rp := s.record(r)
	if faulty && f.Reset {
		hijackClose(w)
		return
	}
	if faulty && f.Delay > 0 {
		select {
		case <-time.After(f.Delay):
		case <-r.Context().Done():
			return
		}
	}
	if faulty && f.Status != 0 {
		write(w, f.Status, f.Header, []byte(f.Body), f.Truncate)
		return
	}
	status, header, body := s.answer(r, rp)
	if faulty && f.Body != "" {
		status, body = http.StatusOK, []byte(f.Body)
	}
	for k, v := range f.Header {
		header[k] = v
	}
	if status == http.StatusOK && r.Header.Get("Range") != "" && !(faulty && f.Truncate) {
		// Files are served as the Hub's CDN serves them, byte ranges
		// included: pget fetches each file in ranged chunks.
		for k, v := range header {
			w.Header()[k] = v
		}
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
		return
	}
	write(w, status, header, body, faulty && f.Truncate)
}

// write sends an answer; truncated, it announces len(body) but sends half
// and drops the connection.
func write(w http.ResponseWriter, status int, header http.Header, body []byte, truncate bool) {
	for k, v := range header {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if !truncate {
		_, _ = w.Write(body)
		return
	}
	_, _ = w.Write(body[:len(body)/2])
	if fl, ok := w.(http.Flusher); ok {
		fl.Flush()
	}
	hijackClose(w)
}

// hijackClose drops the connection, which the client sees as a reset or EOF.
func hijackClose(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("hubtest: the response writer cannot be hijacked")
	}
	conn, _, err := hj.Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

// answer routes a request to a replay, model info or a file.
func (s *Server) answer(r *http.Request, rp *replay) (int, http.Header, []byte) {
	if rp != nil {
		return rp.status, rp.header.Clone(), rp.body
	}
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	s.mu.Lock()
	defer s.mu.Unlock()
	if tok != "" && len(s.tokens) > 0 && !s.tokens[tok] {
		return hubError(http.StatusUnauthorized, "", "Invalid credentials in Authorization header")
	}
	path := r.URL.EscapedPath()
	if rest, ok := strings.CutPrefix(path, "/api/models/"); ok {
		if id, after, ok := strings.Cut(rest, "/tree/"); ok {
			return s.tree(id, after, tok)
		}
		return s.info(rest, tok)
	}
	if i := strings.Index(path, "/resolve/"); i > 0 {
		return s.resolve(path[1:i], path[i+len("/resolve/"):], tok)
	}
	return hubError(http.StatusNotFound, "", "Sorry, we can't find the page you are looking for.")
}

// info answers /api/models/{id}[/revision/{rev}].
func (s *Server) info(rest, tok string) (int, http.Header, []byte) {
	id, rev, hasRev := strings.Cut(rest, "/revision/")
	if newID, ok := s.aliases[id]; ok {
		loc := "/api/models/" + newID
		if hasRev {
			loc += "/revision/" + rev
		}
		return redirect(loc)
	}
	m, sha, f := s.lookup(id, rev, tok, false)
	if f != nil {
		return f.status, f.header, f.body
	}
	h := http.Header{"Content-Type": {"application/json; charset=utf-8"}}
	return http.StatusOK, h, m.infoJSON(sha)
}

// resolve answers /{id}/resolve/{rev}/{path}.
func (s *Server) resolve(id, after, tok string) (int, http.Header, []byte) {
	if newID, ok := s.aliases[id]; ok {
		return redirect("/" + newID + "/resolve/" + after)
	}
	rev, path, _ := strings.Cut(after, "/")
	m, sha, f := s.lookup(id, rev, tok, true)
	if f != nil {
		return f.status, f.header, f.body
	}
	file, ok := m.file(unescape(path))
	if !ok {
		return hubError(http.StatusNotFound, "EntryNotFound", "Entry not found")
	}
	h := http.Header{"X-Repo-Commit": {sha}, "ETag": {`"` + file.etag() + `"`}}
	return http.StatusOK, h, file.Body
}

// tree answers /api/models/{id}/tree/{rev}[/{path}] (recursive or not) in
// one page: the listing huggingface_hub's snapshot_download reads.
func (s *Server) tree(id, after, tok string) (int, http.Header, []byte) {
	if newID, ok := s.aliases[id]; ok {
		return redirect("/api/models/" + newID + "/tree/" + after)
	}
	rev, dir, _ := strings.Cut(after, "/")
	m, _, f := s.lookup(id, rev, tok, false)
	if f != nil {
		return f.status, f.header, f.body
	}
	body, err := json.Marshal(m.treeEntries(unescape(dir)))
	if err != nil {
		return hubError(http.StatusInternalServerError, "", err.Error())
	}
	return http.StatusOK, http.Header{"Content-Type": {"application/json; charset=utf-8"}}, body
}

// failure is an error answer.
type failure struct {
	status int
	header http.Header
	body   []byte
}

func fail(status int, header http.Header, body []byte) *failure {
	return &failure{status, header, body}
}

// lookup finds the model id as tok may see it and resolves rev (escaped)
// to a commit, or says how the Hub refuses: an unknown or hidden repo, a
// gated one when files are asked for without a granted token, a bad
// revision, in that order.
func (s *Server) lookup(id, rev, tok string, files bool) (*Model, string, *failure) {
	m, ok := s.models[id]
	if !ok || !m.visible(tok) {
		return nil, "", fail(notFound(id, tok))
	}
	if files && m.Gated != "" && !slices.Contains(m.Tokens, tok) {
		status := http.StatusForbidden
		if tok == "" {
			status = http.StatusUnauthorized
		}
		return nil, "", fail(hubError(status, "GatedRepo", "Access to model "+id+" is restricted. You must have access to it and be authenticated to access it. Please log in."))
	}
	sha, ok := m.resolveRev(unescape(rev))
	if !ok {
		return nil, "", fail(hubError(http.StatusNotFound, "RevisionNotFound", "Invalid rev id: "+unescape(rev)))
	}
	return m, sha, nil
}

func redirect(loc string) (int, http.Header, []byte) {
	h := http.Header{"Location": {loc}, "Content-Type": {"text/plain; charset=utf-8"}}
	return http.StatusTemporaryRedirect, h, []byte("Temporary Redirect. Redirecting to " + loc)
}

// notFound is the Hub's answer for a missing or invisible repo: 401 to an
// anonymous caller, 404 to an authenticated one.
func notFound(id, tok string) (int, http.Header, []byte) {
	status := http.StatusUnauthorized
	if tok != "" {
		status = http.StatusNotFound
	}
	return hubError(status, "RepoNotFound", "Repository not found")
}

// hubError is an error answer with the Hub's X-Error-* headers.
func hubError(status int, code, msg string) (int, http.Header, []byte) {
	h := http.Header{"Content-Type": {"application/json; charset=utf-8"}, "X-Error-Message": {msg}}
	if code != "" {
		h.Set("X-Error-Code", code)
	}
	body, _ := json.Marshal(map[string]string{"error": msg})
	return status, h, body
}

func unescape(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

// escapeSegment is Python's quote(s, safe=""), as huggingface_hub uses.
func escapeSegment(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte("_.-~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
