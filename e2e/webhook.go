package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"
)

// Webhook receives the state updates cog's server sends for an asynchronous
// prediction: coglet serves no GET of a prediction, so a webhook is how a
// caller (Replicate included) follows one.
type Webhook struct {
	*httptest.Server
	mu   sync.Mutex
	last Prediction
	seen int
}

// NewWebhook starts a webhook receiver on loopback; Close it when done.
func NewWebhook() *Webhook {
	w := &Webhook{}
	w.Server = httptest.NewServer(http.HandlerFunc(w.receive))
	return w
}

func (w *Webhook) receive(rw http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	var p Prediction
	if err == nil && json.Unmarshal(body, &p) == nil {
		w.mu.Lock()
		w.last, w.seen = p, w.seen+1
		w.mu.Unlock()
	}
	rw.WriteHeader(http.StatusOK)
}

// Last is the latest state received, and how many updates came.
func (w *Webhook) Last() (Prediction, int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.last, w.seen
}

// WaitFor polls the received state until ok holds or ctx ends.
func (w *Webhook) WaitFor(ctx context.Context, ok func(Prediction) bool) (Prediction, error) {
	for {
		p, _ := w.Last()
		if ok(p) {
			return p, nil
		}
		select {
		case <-ctx.Done():
			return p, fmt.Errorf("prediction stuck at %q: %w", p.Status, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}
