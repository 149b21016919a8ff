package alert

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"vigie/search/alert/hook"
)

// receiver is a local webhook endpoint that keeps what it is sent and
// answers with the statuses it is told to, then 200.
type receiver struct {
	srv *httptest.Server
	mu  sync.Mutex
	got []delivery
	// fail holds the statuses of the next answers.
	fail []int
}

type delivery struct {
	header http.Header
	body   []byte
	status int
}

func startReceiver(t *testing.T) *receiver {
	r := &receiver{}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		status := http.StatusOK
		if len(r.fail) > 0 {
			status, r.fail = r.fail[0], r.fail[1:]
		}
		r.got = append(r.got, delivery{header: req.Header.Clone(), body: body, status: status})
		r.mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) failNext(statuses ...int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fail = append(r.fail, statuses...)
}

func (r *receiver) deliveries() []delivery {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]delivery(nil), r.got...)
}

// wait returns once n requests arrived.
func (r *receiver) wait(t *testing.T, n int) []delivery {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if d := r.deliveries(); len(d) >= n {
			return d
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%d webhook requests, want %d", len(r.deliveries()), n)
	return nil
}

// allowPrivate lets the alert service post to the test's loopback
// receiver.
func allowPrivate(c *Config) { c.WebhookAllowPrivate = true }

// webhookAlert creates and confirms an instant webhook alert on "openai".
func webhookAlert(t *testing.T, e *testEnv, srv *testSMTP, url, format string) Created {
	t.Helper()
	c := e.create(`{"email":"ops@example.org","q":"openai","frequency":"instant","locale":"en",` +
		`"channel":"webhook","webhook_url":"` + url + `","webhook_format":"` + format + `"}`)
	if c.Channel != ChannelWebhook || len(c.WebhookSecret) != 64 {
		t.Fatalf("created %+v: want the webhook channel and a 256-bit secret", c)
	}
	msgs := srv.WaitMessages(1, 5*time.Second)
	e.confirmFrom(msgs[len(msgs)-1])
	return c
}

// TestWebhookDelivery follows a webhook alert: confirmation by e-mail,
// matches posted as signed JSON with an idempotency key, a failing
// receiver retried through the outbox, the delivery log.
func TestWebhookDelivery(t *testing.T) {
	srv := startSMTP(t, nil)
	e := newEnv(t, srv, allowPrivate)
	rcv := startReceiver(t)
	c := webhookAlert(t, e, srv, rcv.srv.URL+"/vigie", hook.FormatJSON)

	rcv.failNext(http.StatusServiceUnavailable, http.StatusBadGateway)
	e.wire("batch1.xml")
	got := rcv.wait(t, 3)
	time.Sleep(100 * time.Millisecond)
	if n := len(rcv.deliveries()); n != 3 {
		t.Fatalf("%d requests, want 2 refused then 1 accepted", n)
	}
	keys := map[string]bool{}
	for _, d := range got {
		keys[d.header.Get("Idempotency-Key")] = true
		if err := hook.Verify(c.WebhookSecret, d.header.Get("X-Vigie-Signature"), d.body, e.clock.Now(), time.Minute); err != nil {
			t.Errorf("signature: %v", err)
		}
	}
	if len(keys) != 1 {
		t.Errorf("retries carried %d idempotency keys, want the same one: %v", len(keys), keys)
	}
	var ev hook.Event
	if err := json.Unmarshal(got[2].body, &ev); err != nil {
		t.Fatal(err)
	}
	if ev.Type != hook.TypeMatches || ev.Alert.ID != c.ID || len(ev.Articles) != 2 || ev.ID != got[2].header.Get("Idempotency-Key") {
		t.Fatalf("event %+v", ev)
	}
	if ev.Articles[0].Title != titleAirForce || ev.Articles[1].Title != titleContract || ev.Articles[1].AmountUSD != 2e8 {
		t.Errorf("articles %+v, want newest first with their amounts", ev.Articles)
	}
	if !strings.Contains(ev.Alert.ManageURL, "/alerts/manage?token="+c.ID+".m.") || ev.Title != `Vigie: 2 new articles for "openai"` {
		t.Errorf("alert %+v title %q", ev.Alert, ev.Title)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("%d e-mails, want only the confirmation: matches go to the webhook", n)
	}

	// The delivery log, newest first, through the manage token.
	manage := "/api/alerts/" + c.ID + "/deliveries?token=" + e.svc.sign.token(purposeManage, c.ID)
	r := e.do(http.MethodGet, manage, "", nil)
	var log struct{ Deliveries []Delivery }
	if err := json.Unmarshal(r.Body, &log); err != nil || r.Status != 200 {
		t.Fatalf("deliveries: %d %s", r.Status, r.Body)
	}
	if len(log.Deliveries) != 3 || !log.Deliveries[0].OK || log.Deliveries[0].Articles != 2 || log.Deliveries[0].Attempt != 3 ||
		log.Deliveries[2].OK || log.Deliveries[2].Status != 503 || !strings.Contains(log.Deliveries[2].Error, "503") {
		t.Errorf("log %+v", log.Deliveries)
	}
	if r := e.do(http.MethodGet, "/api/alerts/"+c.ID+"/deliveries?token=forged", "", nil); r.Status != http.StatusBadRequest {
		t.Errorf("forged token: %d", r.Status)
	}

	// A receiver that refuses for good (404): the delivery is dead, not
	// retried for days.
	rcv.failNext(http.StatusNotFound)
	e.wire("later.xml")
	rcv.wait(t, 4)
	time.Sleep(150 * time.Millisecond)
	if n := len(rcv.deliveries()); n != 4 {
		t.Errorf("%d requests after a 404, want no retry", n)
	}
	if n, _ := countBucket(e.st, bucketDead); n != 1 {
		t.Errorf("%d dead letters, want the refused delivery", n)
	}
}

// TestWebhookFormats posts the chat formats to a receiver and checks each
// is the shape its service reads.
func TestWebhookFormats(t *testing.T) {
	for _, tc := range []struct {
		format, path, want string
	}{
		{hook.FormatSlack, "/services/T0/B0/x", `"blocks":[`},
		{hook.FormatTeams, "/workflows/x", `"contentType":"application/vnd.microsoft.card.adaptive"`},
		{hook.FormatMatrix, "/webhook/x", `"html":"\u003cp\u003e\u003cstrong\u003eVigie: 2 new articles`},
		{hook.FormatNtfy, "/vigie-topic", `"topic":"vigie-topic"`},
	} {
		t.Run(tc.format, func(t *testing.T) {
			srv := startSMTP(t, nil)
			e := newEnv(t, srv, allowPrivate)
			rcv := startReceiver(t)
			webhookAlert(t, e, srv, rcv.srv.URL+tc.path, tc.format)
			e.wire("batch1.xml")
			d := rcv.wait(t, 1)[0]
			if !strings.Contains(string(d.body), tc.want) || !json.Valid(d.body) {
				t.Errorf("%s body lacks %s:\n%s", tc.format, tc.want, d.body)
			}
			if d.header.Get("X-Vigie-Signature") == "" || d.header.Get("Idempotency-Key") == "" {
				t.Errorf("%s: unsigned", tc.format)
			}
		})
	}
}

// TestWebhookRefusesPrivate: without WebhookAllowPrivate, a webhook on a
// loopback address is never requested (SSRF), and the failure is logged.
func TestWebhookRefusesPrivate(t *testing.T) {
	srv := startSMTP(t, nil)
	e := newEnv(t, srv, nil)
	rcv := startReceiver(t)
	c := webhookAlert(t, e, srv, rcv.srv.URL+"/hook", hook.FormatJSON)
	e.wire("batch1.xml")
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		if n, _ := countBucket(e.st, bucketDead); n == 1 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if n := len(rcv.deliveries()); n != 0 {
		t.Errorf("the loopback receiver got %d requests", n)
	}
	ds, err := e.svc.Deliveries(c.ID)
	if err != nil || len(ds) != 1 || ds[0].OK || !strings.Contains(ds[0].Error, "non-public address") {
		t.Errorf("deliveries %+v %v", ds, err)
	}
}

func TestCreateWebhookValidation(t *testing.T) {
	srv := startSMTP(t, nil)
	e := newEnv(t, srv, nil)
	for body, param := range map[string]string{
		`{"email":"a@example.org","q":"x","channel":"webhook"}`:                                                          "webhook_url",
		`{"email":"a@example.org","q":"x","channel":"pigeon"}`:                                                           "channel",
		`{"email":"a@example.org","q":"x","webhook_url":"ftp://x.example/"}`:                                             "webhook_url",
		`{"email":"a@example.org","q":"x","webhook_url":"https://x.example/h","webhook_format":"xml"}`:                   "webhook_format",
		`{"email":"a@example.org","q":"x","channel":"email","webhook_url":"https://x.example/h"}`:                        "webhook_url",
		`{"email":"a@example.org","q":"x","channel":"webhook","webhook_url":"https://ntfy.sh/","webhook_format":"ntfy"}`: "webhook_url",
	} {
		r := e.do(http.MethodPost, "/api/alerts", "application/json", []byte(body))
		var answer struct{ Error struct{ Param string } }
		json.Unmarshal(r.Body, &answer)
		if r.Status != http.StatusBadRequest || answer.Error.Param != param {
			t.Errorf("%s: %d %s, want 400 on %s", body, r.Status, r.Body, param)
		}
	}
}
