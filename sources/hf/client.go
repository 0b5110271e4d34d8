package hf

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Default limits.
const (
	// DefaultMaxRetries is how many times a request is retried after a 429,
	// a 5xx or a transport error.
	DefaultMaxRetries = 4
	// DefaultMaxInfoBytes caps a model info body.
	DefaultMaxInfoBytes = 64 << 20
	// DefaultMaxFileBytes caps a file read through File (cards, configs).
	DefaultMaxFileBytes = 16 << 20
	// maxRedirects bounds a redirect chain.
	maxRedirects = 5
)

// Options configure a Client. The zero value talks to the public Hub
// anonymously with http.DefaultClient.
type Options struct {
	// Endpoint is the Hub base URL (HF_ENDPOINT); default DefaultEndpoint.
	Endpoint string
	// Token is sent as "Authorization: Bearer" to the Endpoint host only.
	Token string
	// HTTPClient carries the requests; its redirect policy is replaced by
	// the client's own. Default http.DefaultClient.
	HTTPClient *http.Client
	// MaxRetries bounds retries per request; 0 means DefaultMaxRetries and a
	// negative value disables retries.
	MaxRetries int
	// Progress receives one line per step and per retry when non-nil.
	Progress io.Writer
	// Sleep waits between retries; tests inject it. Default: a timer that
	// returns ctx.Err() when ctx ends first.
	Sleep func(context.Context, time.Duration) error
	// MaxBodyBytes caps model info bodies (default DefaultMaxInfoBytes);
	// when set below DefaultMaxFileBytes it caps files too.
	MaxBodyBytes int64
}

// Client reads models from a Hugging Face Hub. It is safe for concurrent use.
type Client struct {
	endpoint   string
	epURL      *url.URL
	token      string
	hc         *http.Client
	maxRetries int
	progress   io.Writer
	sleep      func(context.Context, time.Duration) error
	maxInfo    int64
	maxFile    int64
}

// NewClient returns a Client for o. An Endpoint that does not parse as an
// absolute http(s) URL makes every request fail with a clear error.
func NewClient(o Options) *Client {
	c := &Client{
		endpoint:   normalizeEndpoint(o.Endpoint),
		token:      strings.TrimSpace(o.Token),
		maxRetries: o.MaxRetries,
		progress:   o.Progress,
		sleep:      o.Sleep,
		maxInfo:    o.MaxBodyBytes,
		maxFile:    DefaultMaxFileBytes,
	}
	c.epURL, _ = url.Parse(c.endpoint)
	base := o.HTTPClient
	if base == nil {
		base = http.DefaultClient
	}
	hc := *base // a shallow copy shares the transport but not the redirect policy
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.hc = &hc
	switch {
	case c.maxRetries == 0:
		c.maxRetries = DefaultMaxRetries
	case c.maxRetries < 0:
		c.maxRetries = 0
	}
	if c.sleep == nil {
		c.sleep = sleepCtx
	}
	if c.maxInfo <= 0 {
		c.maxInfo = DefaultMaxInfoBytes
	}
	if o.MaxBodyBytes > 0 && o.MaxBodyBytes < c.maxFile {
		c.maxFile = o.MaxBodyBytes
	}
	return c
}

// String describes the client without its token, so printing one by
// mistake leaks nothing.
func (c *Client) String() string {
	return fmt.Sprintf("hf.Client{endpoint: %s, token: %t}", c.endpoint, c.token != "")
}

// GoString is String for %#v.
func (c *Client) GoString() string { return c.String() }

// Endpoint returns the Hub base URL the client talks to.
func (c *Client) Endpoint() string { return c.endpoint }

// sleepCtx waits for d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// sameOrigin reports whether u is on the Hub endpoint's scheme and host, the
// only place the token may go.
func (c *Client) sameOrigin(u *url.URL) bool {
	if c.epURL == nil {
		return false
	}
	return strings.EqualFold(u.Scheme, c.epURL.Scheme) && hostPort(u) == hostPort(c.epURL)
}

// hostPort is the lowercased host with the scheme's default port made explicit.
func hostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[strings.ToLower(u.Scheme)]
	}
	return strings.ToLower(u.Hostname()) + ":" + port
}
