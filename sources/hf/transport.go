package hf

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Backoff bounds, as huggingface_hub's http_backoff (1 s doubling to 8 s);
// a wait the server asks for (Retry-After, RateLimit t=) is honoured up to
// one 5-minute rate-limit window.
const (
	baseBackoff   = time.Second
	maxBackoff    = 8 * time.Second
	maxServerWait = 5 * time.Minute
)

// answer is one HTTP exchange: the response head and, for a 2xx, the body.
type answer struct {
	resp *http.Response
	body []byte
}

// errTruncated marks a body that ended early; it is retried like a
// transport error and reported as ErrBadResponse when retries run out.
var errTruncated = errors.New("response body ended early")

// get fetches rawURL and follows redirects: relative (same-origin) ones
// always, absolute ones to other hosts only for file downloads.
func (c *Client) get(ctx context.Context, t target, rawURL string, limit int64) ([]byte, error) {
	if c.epURL == nil || (c.epURL.Scheme != "http" && c.epURL.Scheme != "https") || c.epURL.Host == "" {
		return nil, fmt.Errorf("hub endpoint %q is not an http(s) url: check HF_ENDPOINT", c.endpoint)
	}
	cur, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("bad hub url for %s: %w", t.repo, err)
	}
	seen := map[string]bool{}
	for hop := 0; ; hop++ {
		seen[cur.String()] = true
		a, err := c.retrying(ctx, t, cur, limit)
		if err != nil {
			return nil, err
		}
		if !isRedirect(a.resp.StatusCode) {
			return a.body, nil
		}
		next, err := c.redirectTarget(t, cur, a.resp.Header.Get("Location"))
		if err != nil {
			return nil, err
		}
		if seen[next.String()] {
			return nil, badResponse(t, fmt.Sprintf("redirect loop at %s", next.Path), nil)
		}
		if hop+1 >= maxRedirects {
			return nil, badResponse(t, fmt.Sprintf("more than %d redirects", maxRedirects), nil)
		}
		cur = next
	}
}

func isRedirect(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// redirectTarget resolves Location against cur. API calls follow only
// redirects that stay on the Hub (a renamed repo answers a relative 307);
// file downloads may leave for a CDN, without the token.
func (c *Client) redirectTarget(t target, cur *url.URL, loc string) (*url.URL, error) {
	if loc == "" {
		return nil, badResponse(t, "redirect without a location", nil)
	}
	ref, err := url.Parse(loc)
	if err != nil {
		return nil, badResponse(t, "redirect to an unparsable location", err)
	}
	next := cur.ResolveReference(ref)
	if next.Scheme != "http" && next.Scheme != "https" {
		return nil, badResponse(t, fmt.Sprintf("redirect to a %q url", next.Scheme), nil)
	}
	if t.kind != kindFile && !c.sameOrigin(next) {
		return nil, badResponse(t, fmt.Sprintf("api call redirected to another host (%s), not followed", next.Host), nil)
	}
	if t.kind == kindInfo && ref.RawQuery == "" {
		// A renamed repo's Location carries only the new path; keep
		// ?blobs=true so the answer still has sizes.
		next.RawQuery = cur.RawQuery
	}
	return next, nil
}

// retrying performs one request, retrying 429, 5xx, transport errors and
// truncated bodies with capped exponential backoff.
func (c *Client) retrying(ctx context.Context, t target, u *url.URL, limit int64) (answer, error) {
	for attempt := 0; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return answer{}, ctxError(t, err)
		}
		a, err := c.once(ctx, t, u, limit)
		if ctxErr := ctx.Err(); ctxErr != nil && err != nil {
			return answer{}, ctxError(t, ctxErr)
		}
		if errors.Is(err, ErrTooLarge) {
			return answer{}, err
		}
		retry := err != nil && !isPermanent(err)
		if err == nil {
			s := a.resp.StatusCode
			retry = s == http.StatusTooManyRequests || s >= 500
		}
		if !retry {
			if err != nil {
				return answer{}, c.giveUp(t, a, err, attempt+1)
			}
			if a.resp.StatusCode >= 400 {
				return answer{}, c.statusError(t, a.resp, attempt+1)
			}
			return a, nil
		}
		if attempt >= c.maxRetries {
			return answer{}, c.giveUp(t, a, err, attempt+1)
		}
		wait := retryWait(a.resp, attempt, time.Now())
		c.progressf("%s: retrying in %s (try %d of %d)", retryReason(a.resp, err), wait, attempt+2, c.maxRetries+1)
		if err := c.sleep(ctx, wait); err != nil {
			return answer{}, ctxError(t, err)
		}
	}
}

// isPermanent reports transport errors that retrying cannot fix: a
// certificate that does not verify, or a host name that does not resolve.
func isPermanent(err error) bool {
	var certErr *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var dnsErr *net.DNSError
	return errors.As(err, &certErr) || errors.As(err, &unknownCA) || errors.As(err, &hostErr) ||
		(errors.As(err, &dnsErr) && dnsErr.IsNotFound)
}

// giveUp turns the last failure into the error for the caller.
func (c *Client) giveUp(t target, a answer, err error, tries int) error {
	switch {
	case err == nil:
		return c.statusError(t, a.resp, tries)
	case errors.Is(err, errTruncated):
		return badResponse(t, fmt.Sprintf("the answer was cut short (%d tries)", tries), err)
	default:
		return &Error{Class: ErrServer, Repo: t.repo, Err: err,
			Msg: fmt.Sprintf("cannot reach %s for %s (%d tries): %v: check your network or HF_ENDPOINT", t.endpoint, t.repo, tries, c.scrubErr(err))}
	}
}

// once sends a single GET. A 2xx body is read whole (up to limit); other
// bodies are drained and discarded.
func (c *Client) once(ctx context.Context, t target, u *url.URL, limit int64) (answer, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return answer{}, fmt.Errorf("bad hub request for %s: %w", t.repo, err)
	}
	req.Header.Set("User-Agent", "cogport")
	if t.kind == kindInfo {
		req.Header.Set("Accept", "application/json")
	}
	if c.token != "" && c.sameOrigin(u) {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
		return answer{resp: resp}, nil
	}
	body, err := readCapped(resp, limit)
	if err != nil {
		if errors.Is(err, ErrTooLarge) {
			return answer{}, &Error{Class: ErrTooLarge, Repo: t.repo, Status: resp.StatusCode,
				Msg: fmt.Sprintf("%s for %s is larger than %d bytes: refusing to read it", t.what(), t.repo, limit)}
		}
		return answer{}, err
	}
	return answer{resp: resp, body: body}, nil
}

// readCapped reads a body of at most limit bytes, checking Content-Length
// first and that the body is as long as announced.
func readCapped(resp *http.Response, limit int64) ([]byte, error) {
	if resp.ContentLength > limit {
		return nil, ErrTooLarge
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if int64(len(b)) > limit {
		return nil, ErrTooLarge
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errTruncated, err)
	}
	if resp.ContentLength >= 0 && int64(len(b)) < resp.ContentLength {
		return nil, fmt.Errorf("%w: %d of %d bytes", errTruncated, len(b), resp.ContentLength)
	}
	return b, nil
}

// retryWait is how long to wait before the next try: the server's
// Retry-After or RateLimit reset when given, else capped doubling.
func retryWait(resp *http.Response, attempt int, now time.Time) time.Duration {
	if resp != nil {
		if d, ok := serverWait(resp.Header, now); ok {
			return min(d, maxServerWait)
		}
	}
	d := baseBackoff << min(attempt, 16)
	return min(d, maxBackoff)
}

// serverWait reads Retry-After (seconds or an HTTP date), then the IETF
// RateLimit header the Hub sends: `"api";r=0;t=55`.
func serverWait(h http.Header, now time.Time) (time.Duration, bool) {
	if ra := strings.TrimSpace(h.Get("Retry-After")); ra != "" {
		if s, err := strconv.Atoi(ra); err == nil && s >= 0 {
			return time.Duration(s) * time.Second, true
		}
		if at, err := http.ParseTime(ra); err == nil {
			return max(at.Sub(now), 0), true
		}
	}
	for _, part := range strings.Split(h.Get("RateLimit"), ";") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(part), "t="); ok {
			if s, err := strconv.Atoi(v); err == nil && s >= 0 {
				return time.Duration(s) * time.Second, true
			}
		}
	}
	return 0, false
}

func retryReason(resp *http.Response, err error) string {
	if err != nil {
		return "request failed (" + firstLine(err.Error()) + ")"
	}
	return "hub answered " + resp.Status
}

func (c *Client) progressf(format string, args ...any) {
	if c.progress != nil {
		fmt.Fprintf(c.progress, format+"\n", args...)
	}
}

// ctxError reports a cancelled or expired context, keeping it matchable.
func ctxError(t target, err error) error {
	return fmt.Errorf("reading %s from the hub: %w", t.repo, err)
}

func badResponse(t target, why string, err error) error {
	return &Error{Class: ErrBadResponse, Repo: t.repo, Err: err,
		Msg: fmt.Sprintf("bad answer from %s for %s: %s; check that HF_ENDPOINT is a hugging face hub, or try again later", t.endpoint, t.repo, why)}
}

// scrubErr renders err without the token.
func (c *Client) scrubErr(err error) string { return c.scrub(firstLine(err.Error())) }

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// what names the thing a request fetches, for messages.
func (t target) what() string {
	if t.kind == kindFile {
		return fmt.Sprintf("file %q", t.path)
	}
	return "model info"
}
