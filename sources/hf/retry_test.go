package hf_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cogport/cogport/sources/hf"
	"github.com/cogport/cogport/sources/hf/hubtest"
)

const tinyInfo = "/api/models/acme/tiny-diffusion"

func TestRetryAfterThenSuccess(t *testing.T) {
	later := time.Now().Add(90 * time.Second).UTC().Format(http.TimeFormat)
	srv := hubtest.NewServer(t, hubtest.WithModel(sampleModel()), hubtest.WithFaults(tinyInfo,
		hubtest.Fault{Status: 429, Header: http.Header{"Retry-After": {"7"}}},
		hubtest.Fault{Status: 429, Header: http.Header{"Ratelimit": {`"api";r=0;t=42`}, "Ratelimit-Policy": {`"fixed window";"api";q=500;w=300`}}},
		hubtest.Fault{Status: 503, Header: http.Header{"Retry-After": {later}}},
	))
	var progress bytes.Buffer
	c, sl := newClient(srv, "", &progress)
	m, err := c.ModelInfo(context.Background(), "acme/tiny-diffusion", "")
	if err != nil {
		t.Fatal(err)
	}
	if m.SHA != testSHA {
		t.Errorf("sha %q", m.SHA)
	}
	w := sl.waits()
	if len(w) != 3 || w[0] != 7*time.Second || w[1] != 42*time.Second || w[2] < 85*time.Second || w[2] > 91*time.Second {
		t.Errorf("waits %v, want [7s 42s ~90s]", w)
	}
	if n := len(srv.Requests()); n != 4 {
		t.Errorf("%d requests, want 4", n)
	}
	if !strings.Contains(progress.String(), "429") || !strings.Contains(progress.String(), "retrying in 7s") {
		t.Errorf("progress should report retries:\n%s", progress.String())
	}
}

func TestServerErrorStorm(t *testing.T) {
	storm := make([]hubtest.Fault, 10)
	for i := range storm {
		storm[i] = hubtest.Fault{Status: 500}
	}
	srv := hubtest.NewServer(t, hubtest.WithModel(sampleModel()), hubtest.WithFaults(tinyInfo, storm...))
	c, sl := newClient(srv, secret, nil)
	_, err := c.ModelInfo(context.Background(), "acme/tiny-diffusion", "")
	checkErr(t, err, hf.ErrServer, "500", "5 tries", "try again later")
	want := []time.Duration{1 * time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second}
	if !reflect.DeepEqual(sl.waits(), want) {
		t.Errorf("backoff %v, want %v", sl.waits(), want)
	}
	if n := len(srv.Requests()); n != hf.DefaultMaxRetries+1 {
		t.Errorf("%d requests, want %d", n, hf.DefaultMaxRetries+1)
	}
}

func TestMaxRetriesOption(t *testing.T) {
	srv := hubtest.NewServer(t, hubtest.WithModel(sampleModel()), hubtest.WithFaults(tinyInfo,
		hubtest.Fault{Status: 429}, hubtest.Fault{Status: 429}, hubtest.Fault{Status: 429}))
	sl := &sleepLog{}
	c := hf.NewClient(hf.Options{Endpoint: srv.URL, HTTPClient: srv.Client(), MaxRetries: 2, Sleep: sl.sleep})
	_, err := c.ModelInfo(context.Background(), "acme/tiny-diffusion", "")
	checkErr(t, err, hf.ErrRateLimited, "rate limited", "acme/tiny-diffusion", "3 tries")
	if n := len(srv.Requests()); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
	noRetry := hf.NewClient(hf.Options{Endpoint: srv.URL, HTTPClient: srv.Client(), MaxRetries: -1, Sleep: sl.sleep})
	srv.AddFaults(tinyInfo, hubtest.Fault{Status: 502})
	_, err = noRetry.ModelInfo(context.Background(), "acme/tiny-diffusion", "")
	checkErr(t, err, hf.ErrServer, "1 tries")
}

func TestConnectionResetRetried(t *testing.T) {
	srv := hubtest.NewServer(t, hubtest.WithModel(sampleModel()), hubtest.WithFaults(tinyInfo,
		hubtest.Fault{Reset: true}, hubtest.Fault{Reset: true}))
	c, sl := newClient(srv, "", nil)
	m, err := c.ModelInfo(context.Background(), "acme/tiny-diffusion", "")
	if err != nil {
		t.Fatal(err)
	}
	if m.ID != "acme/tiny-diffusion" || len(sl.waits()) != 2 {
		t.Errorf("id %q, waits %v", m.ID, sl.waits())
	}
}

func TestMalformedAndTruncatedBodies(t *testing.T) {
	cases := []struct {
		name   string
		faults []hubtest.Fault
		words  []string
	}{
		{"invalid json", []hubtest.Fault{{Body: `{"id": "acme/tiny-diffusion", "sha": `}}, []string{"not valid json"}},
		{"not an object", []hubtest.Fault{{Body: `["a"]`}}, []string{"not valid json"}},
		{"no id", []hubtest.Fault{{Body: `{"sha": "abc"}`}}, []string{"no \"id\""}},
		{"truncated every time", repeatFault(hubtest.Fault{Truncate: true}, 5), []string{"cut short", "5 tries"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := hubtest.NewServer(t, hubtest.WithModel(sampleModel()), hubtest.WithFaults(tinyInfo, tc.faults...))
			c, _ := newClient(srv, secret, nil)
			_, err := c.ModelInfo(context.Background(), "acme/tiny-diffusion", "")
			checkErr(t, err, hf.ErrBadResponse, tc.words...)
		})
	}
	// A body cut once is retried and then read whole.
	srv := hubtest.NewServer(t, hubtest.WithModel(sampleModel()), hubtest.WithFaults(tinyInfo, hubtest.Fault{Truncate: true}))
	c, sl := newClient(srv, "", nil)
	if _, err := c.ModelInfo(context.Background(), "acme/tiny-diffusion", ""); err != nil || len(sl.waits()) != 1 {
		t.Errorf("one truncation should be retried once: %v, waits %v", err, sl.waits())
	}
}

func repeatFault(f hubtest.Fault, n int) []hubtest.Fault {
	out := make([]hubtest.Fault, n)
	for i := range out {
		out[i] = f
	}
	return out
}

func TestBodyTooLarge(t *testing.T) {
	srv := hubtest.NewServer(t, hubtest.WithModel(sampleModel()))
	c := hf.NewClient(hf.Options{Endpoint: srv.URL, HTTPClient: srv.Client(), MaxBodyBytes: 100})
	_, err := c.ModelInfo(context.Background(), "acme/tiny-diffusion", "")
	checkErr(t, err, hf.ErrTooLarge, "model info", "100 bytes")
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("a too-large body must not be retried: %d requests", n)
	}
	big := sampleModel()
	big.Files = append(big.Files, hubtest.File{Path: "big.json", Body: bytes.Repeat([]byte("x"), 5000)})
	srv2 := hubtest.NewServer(t, hubtest.WithModel(big))
	c2 := hf.NewClient(hf.Options{Endpoint: srv2.URL, HTTPClient: srv2.Client(), MaxBodyBytes: 4096})
	_, err = c2.File(context.Background(), big.ID, testSHA, "big.json")
	checkErr(t, err, hf.ErrTooLarge, `file "big.json"`)
}

func TestContextDeadlineHonoured(t *testing.T) {
	srv := hubtest.NewServer(t, hubtest.WithModel(sampleModel()), hubtest.WithFaults(tinyInfo, hubtest.Fault{Delay: time.Minute}))
	c := hf.NewClient(hf.Options{Endpoint: srv.URL, HTTPClient: srv.Client()})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := c.ModelInfo(ctx, "acme/tiny-diffusion", "")
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("want a deadline error, got %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("ModelInfo ignored its context")
	}

	// A real (default) sleep between retries also ends with the context.
	srv.AddFaults(tinyInfo, hubtest.Fault{Status: 429, Header: http.Header{"Retry-After": {"300"}}})
	ctx2, cancel2 := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel2()
	go func() {
		_, err := c.ModelInfo(ctx2, "acme/tiny-diffusion", "")
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("want a deadline error while waiting to retry, got %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the retry wait ignored the context")
	}
}
