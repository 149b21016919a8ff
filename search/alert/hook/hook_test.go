package hook

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

var now = time.Date(2025, 6, 17, 12, 0, 0, 0, time.UTC)

func sampleEvent() *Event {
	return &Event{
		ID: "vigie.alert.abc.0123", Type: TypeMatches, CreatedAt: now, Title: `2 new articles for "drones"`,
		Alert: Alert{ID: "abc", Description: `"drones"`, Frequency: "instant", Locale: "en",
			SearchURL: "https://vigie.example/?q=drones", ManageURL: "https://vigie.example/alerts/manage?token=t"},
		Articles: []Article{
			{ID: "a1", Title: "Army buys <loitering> drones | *fast*", URL: "https://news.example/a?x=1|2", Source: "Defense Wire", Lang: "en", Date: "17 June 2025"},
			{ID: "a2", Title: "La DGA commande des drones [reco]", URL: "https://news.example/b(1)", Source: "Lettre", Lang: "fr", Date: "16 June 2025"},
		},
		More: 3,
	}
}

func TestSignVerify(t *testing.T) {
	body := []byte(`{"id":"x"}`)
	sig := Sign("s3cret", now, body)
	if !strings.HasPrefix(sig, "t=1750161600,v1=") || len(sig) != len("t=1750161600,v1=")+64 {
		t.Fatalf("signature %q", sig)
	}
	if err := Verify("s3cret", sig, body, now.Add(time.Minute), 5*time.Minute); err != nil {
		t.Errorf("valid signature refused: %v", err)
	}
	for name, tc := range map[string]struct {
		secret, header string
		body           []byte
		at             time.Time
	}{
		"other secret": {"other", sig, body, now},
		"body changed": {"s3cret", sig, []byte(`{"id":"y"}`), now},
		"replayed":     {"s3cret", sig, body, now.Add(time.Hour)},
		"malformed":    {"s3cret", "v1=abc", body, now},
		"empty":        {"s3cret", "", body, now},
	} {
		if err := Verify(tc.secret, tc.header, tc.body, tc.at, 5*time.Minute); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestCheckURL(t *testing.T) {
	for _, tc := range []struct {
		url, format string
		ok          bool
	}{
		{"https://hooks.slack.com/services/T0/B0/xyz", FormatSlack, true},
		{"http://intranet.example:8080/hook", FormatJSON, true},
		{"https://ntfy.sh/vigie-drones", FormatNtfy, true},
		{"https://ntfy.sh/", FormatNtfy, false},
		{"ftp://example.org/x", FormatJSON, false},
		{"https://user:pass@example.org/x", FormatJSON, false},
		{"/relative", FormatJSON, false},
		{"mailto:a@example.org", FormatJSON, false},
		{"https://example.org/" + strings.Repeat("a", 2100), FormatJSON, false},
	} {
		if err := CheckURL(tc.url, tc.format); (err == nil) != tc.ok {
			t.Errorf("CheckURL(%.40q, %s) = %v, want ok=%v", tc.url, tc.format, err, tc.ok)
		}
	}
}

// TestBuild renders each format and checks the fields each service reads.
func TestBuild(t *testing.T) {
	ev := sampleEvent()
	decode := func(format, u string) (Built, map[string]any) {
		t.Helper()
		b, err := Build(format, u, ev)
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		var m map[string]any
		if err := json.Unmarshal(b.Body, &m); err != nil {
			t.Fatalf("%s: not JSON: %v\n%s", format, err, b.Body)
		}
		return b, m
	}

	_, m := decode(FormatJSON, "https://r.example/hook")
	if m["id"] != ev.ID || m["type"] != TypeMatches || len(m["articles"].([]any)) != 2 || m["more"] != 3.0 {
		t.Errorf("json: %v", m)
	}

	b, m := decode(FormatSlack, "https://hooks.slack.com/services/x")
	blocks := m["blocks"].([]any)
	if m["text"] != ev.Title || len(blocks) != 4 {
		t.Fatalf("slack: %s", b.Body)
	}
	first := blocks[1].(map[string]any)["text"].(map[string]any)["text"].(string)
	if want := "*<https://news.example/a?x=1%7C2|Army buys &lt;loitering&gt; drones | *fast*>*\nDefense Wire · 17 June 2025"; first != want {
		t.Errorf("slack article block\n got %q\nwant %q", first, want)
	}
	if foot := string(b.Body); !strings.Contains(foot, "and 3 more on Vigie") || !strings.Contains(foot, "Manage the alert") {
		t.Errorf("slack footer: %s", foot)
	}

	b, m = decode(FormatTeams, "https://prod.westeurope.logic.azure.com/workflows/x")
	att := m["attachments"].([]any)[0].(map[string]any)
	card := att["content"].(map[string]any)
	if m["type"] != "message" || att["contentType"] != "application/vnd.microsoft.card.adaptive" || card["type"] != "AdaptiveCard" || len(card["actions"].([]any)) != 2 {
		t.Errorf("teams: %s", b.Body)
	}
	if !strings.Contains(string(b.Body), `[La DGA commande des drones \\[reco\\]](https://news.example/b%281%29)`) {
		t.Errorf("teams markdown link not escaped: %s", b.Body)
	}

	_, m = decode(FormatMatrix, "https://hookshot.example/webhook/abc")
	if !strings.Contains(m["html"].(string), "Army buys &lt;loitering&gt; drones") || !strings.Contains(m["text"].(string), "• La DGA commande des drones [reco]") {
		t.Errorf("matrix: %v", m)
	}

	for u, root := range map[string]string{
		"https://ntfy.sh/vigie-drones":         "https://ntfy.sh/",
		"https://push.example/ntfy/alerts/":    "https://push.example/ntfy/",
		"http://127.0.0.1:8090/topic?auth=abc": "http://127.0.0.1:8090/",
	} {
		b, m = decode(FormatNtfy, u)
		if b.URL != root || m["markdown"] != true || !strings.Contains(m["message"].(string), `- [Army buys <loitering> drones | \*fast\*]`) {
			t.Errorf("ntfy %s: posted to %s: %s", u, b.URL, b.Body)
		}
	}
	if _, m = decode(FormatNtfy, "https://ntfy.sh/vigie-drones"); m["topic"] != "vigie-drones" || m["click"] != ev.Alert.SearchURL {
		t.Errorf("ntfy topic/click: %v", m)
	}
	if _, err := Build("xml", "https://x.example/", ev); err == nil {
		t.Error("unknown format accepted")
	}
}

// TestSend posts to a local receiver: headers, signature, and how each
// answer is classified.
func TestSend(t *testing.T) {
	var got *http.Request
	var body []byte
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, body = r, must(io.ReadAll(r.Body))
		switch status {
		case http.StatusTooManyRequests:
			w.Header().Set("Retry-After", "120")
		case http.StatusFound:
			w.Header().Set("Location", "https://elsewhere.example/")
		}
		w.WriteHeader(status)
		io.WriteString(w, "answer")
	}))
	defer srv.Close()
	ctx := context.Background()
	ev := sampleEvent()

	guarded := New(Config{})
	if _, err := guarded.Send(ctx, srv.URL, FormatJSON, "k", ev, now); err == nil || !IsPermanent(err) {
		t.Errorf("a loopback webhook was reached without AllowPrivate: %v", err)
	}

	c := New(Config{AllowPrivate: true})
	res, err := c.Send(ctx, srv.URL+"/hook", FormatJSON, "k", ev, now)
	if err != nil || res.Status != 200 || res.Response != "answer" {
		t.Fatalf("send: %+v %v", res, err)
	}
	h := got.Header
	if h.Get("Idempotency-Key") != ev.ID || h.Get("X-Vigie-Event") != TypeMatches || h.Get("Content-Type") != "application/json" ||
		!strings.Contains(h.Get("User-Agent"), "Vigie") {
		t.Errorf("headers %v", h)
	}
	if err := Verify("k", h.Get("X-Vigie-Signature"), body, now, time.Minute); err != nil {
		t.Errorf("receiver cannot verify: %v", err)
	}

	for _, tc := range []struct {
		status    int
		permanent bool
		retry     time.Duration
	}{
		{http.StatusInternalServerError, false, 0}, {http.StatusBadGateway, false, 0},
		{http.StatusTooManyRequests, false, 2 * time.Minute}, {http.StatusRequestTimeout, false, 0},
		{http.StatusNotFound, true, 0}, {http.StatusGone, true, 0}, {http.StatusForbidden, true, 0},
		{http.StatusFound, true, 0},
	} {
		status = tc.status
		res, err := c.Send(ctx, srv.URL, FormatJSON, "k", ev, now)
		if err == nil || IsPermanent(err) != tc.permanent || res.Status != tc.status || res.RetryAfter != tc.retry {
			t.Errorf("HTTP %d: %+v err %v, want permanent=%v retry %v", tc.status, res, err, tc.permanent, tc.retry)
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// FuzzBuild: article text comes from feeds; every format must still
// render valid JSON, and never panic.
func FuzzBuild(f *testing.F) {
	f.Add("Army <b>drones</b> | *x*", "https://news.example/a?x=1|2", "Wire", "json")
	f.Add("[a](b) `c` _d_ \\", "javascript:alert(1)", "", "slack")
	f.Add("\xff\xfe", "", "Lettre", "ntfy")
	f.Fuzz(func(t *testing.T, title, u, source, format string) {
		ev := sampleEvent()
		ev.Articles[0].Title, ev.Articles[0].URL, ev.Articles[0].Source = title, u, source
		for _, fm := range Formats {
			b, err := Build(fm, "https://ntfy.sh/topic", ev)
			if err != nil {
				t.Fatalf("%s: %v", fm, err)
			}
			if !json.Valid(b.Body) {
				t.Fatalf("%s: invalid JSON %s", fm, b.Body)
			}
		}
		_, _ = Build(format, u, ev)
	})
}
