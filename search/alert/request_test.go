package alert

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"vigie/search"
)

// TestCreateBadRequests goes through the real API server: every bad
// request is a 400 with the JSON error shape naming the parameter.
func TestCreateBadRequests(t *testing.T) {
	srv := startSMTP(t, nil)
	e := newEnv(t, srv, nil)
	for _, tc := range []struct {
		name, body  string
		code, param string
	}{
		{"bad e-mail", `{"email":"not-an-address","q":"openai"}`, "bad_parameter", "email"},
		{"missing e-mail", `{"q":"openai"}`, "bad_parameter", "email"},
		{"e-mail with a display name", `{"email":"Bob <bob@example.org>","q":"openai"}`, "bad_parameter", "email"},
		{"e-mail without a dotted domain", `{"email":"bob@localhost","q":"openai"}`, "bad_parameter", "email"},
		{"e-mail too long", `{"email":"` + strings.Repeat("a", 250) + `@example.org","q":"openai"}`, "bad_parameter", "email"},
		{"e-mail not a string", `{"email":["a@example.org"],"q":"openai"}`, "bad_parameter", "email"},
		{"unterminated phrase", `{"email":"a@example.org","q":"\"unterminated"}`, "bad_query", "q"},
		{"unbalanced parenthesis", `{"email":"a@example.org","q":"(drone OR ai"}`, "bad_query", "q"},
		{"unknown frequency", `{"email":"a@example.org","q":"openai","frequency":"hourly"}`, "bad_parameter", "frequency"},
		{"unknown field", `{"email":"a@example.org","q":"openai","compnay":"OpenAI"}`, "bad_parameter", "compnay"},
		{"paging", `{"email":"a@example.org","q":"openai","size":50}`, "bad_parameter", "size"},
		{"bad locale", `{"email":"a@example.org","q":"openai","locale":"de"}`, "bad_parameter", "locale"},
		{"bad language filter", `{"email":"a@example.org","q":"openai","lang":["fr","de"]}`, "bad_parameter", "lang"},
		{"bad amount", `{"email":"a@example.org","q":"openai","amount_min":"lots"}`, "bad_parameter", "amount_min"},
		{"amounts reversed", `{"email":"a@example.org","q":"openai","amount_min":5e8,"amount_max":1e8}`, "bad_parameter", "amount_max"},
		{"object as filter", `{"email":"a@example.org","company":{"name":"OpenAI"}}`, "bad_parameter", "company"},
		{"boolean as filter", `{"email":"a@example.org","company":true}`, "bad_parameter", "company"},
		{"bad date", `{"email":"a@example.org","q":"openai","from":"yesterday"}`, "bad_parameter", "from"},
		{"end in the past", `{"email":"a@example.org","q":"openai","to":"2024-12-31"}`, "bad_parameter", "to"},
		{"empty search", `{"email":"a@example.org","q":"  "}`, "bad_parameter", "q"},
		{"not JSON", `openai`, "bad_parameter", ""},
		{"empty body", ``, "bad_parameter", ""},
		{"JSON array", `[{"email":"a@example.org"}]`, "bad_parameter", ""},
		{"two objects", `{"email":"a@example.org","q":"x"} {}`, "bad_parameter", ""},
		{"null", `null`, "bad_parameter", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do(http.MethodPost, "/api/alerts", "application/json", []byte(tc.body))
			if r.Status != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %s", r.Status, r.Body)
			}
			checkErrorBody(t, r.Body, tc.code, tc.param)
		})
	}
	if n := len(srv.Messages()); n != 0 || e.outboxLen() != 0 {
		t.Errorf("bad requests sent %d messages", n)
	}
	if list, _ := List(e.st); len(list) != 0 {
		t.Errorf("bad requests created alerts: %+v", list)
	}
}

// TestDecodeCreate checks what a valid request becomes.
func TestDecodeCreate(t *testing.T) {
	now := tuesday17
	for _, tc := range []struct {
		name, body, acceptLanguage string
		want                       createInput
	}{
		{
			name: "defaults", body: `{"email":" Desk@Example.ORG ","q":"openai"}`,
			want: createInput{Email: "Desk@example.org", Frequency: Daily, Locale: "en",
				Request: search.Request{Q: "openai", Sort: "relevance", Page: 1, Size: 10, FacetSize: 10}},
		},
		{
			name: "filters as strings, numbers and lists", acceptLanguage: "fr-FR,fr;q=0.9,en;q=0.8",
			body: `{"email":"a@example.org","company":"OpenAI","agency":["DoD","CDAO"],"lang":["fr"],` +
				`"amount_min":"100M","amount_max":2e9,"frequency":"Weekly","from":null}`,
			want: createInput{Email: "a@example.org", Frequency: Weekly, Locale: "fr",
				Request: search.Request{Companies: []string{"OpenAI"}, Agencies: []string{"DoD", "CDAO"}, Langs: []string{"fr"},
					AmountMin: 1e8, AmountMax: 2e9, Sort: "relevance", Page: 1, Size: 10, FacetSize: 10}},
		},
		{
			name: "explicit locale wins", acceptLanguage: "fr", body: `{"email":"a@example.org","q":"drone","locale":"EN","frequency":"instant","sort":"date"}`,
			want: createInput{Email: "a@example.org", Frequency: Instant, Locale: "en",
				Request: search.Request{Q: "drone", Sort: "date", Page: 1, Size: 10, FacetSize: 10}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := decodeCreate([]byte(tc.body), tc.acceptLanguage, now)
			if err != nil {
				t.Fatal(err)
			}
			if got.Email != tc.want.Email || got.Frequency != tc.want.Frequency || got.Locale != tc.want.Locale {
				t.Errorf("got %s/%s/%s, want %s/%s/%s", got.Email, got.Frequency, got.Locale, tc.want.Email, tc.want.Frequency, tc.want.Locale)
			}
			g, w := got.Request, tc.want.Request
			if g.Q != w.Q || !slices.Equal(g.Companies, w.Companies) || !slices.Equal(g.Agencies, w.Agencies) ||
				!slices.Equal(g.Langs, w.Langs) || g.AmountMin != w.AmountMin || g.AmountMax != w.AmountMax ||
				g.Sort != w.Sort || g.Page != w.Page || g.Size != w.Size || g.FacetSize != w.FacetSize {
				t.Errorf("request %+v, want %+v", g, w)
			}
		})
	}
}

func TestLocaleFrom(t *testing.T) {
	for in, want := range map[string]string{
		"":                                 "en",
		"fr":                               "fr",
		"fr-CA":                            "fr",
		"en-US,en;q=0.9,fr;q=0.8":          "en",
		"de-DE,de;q=0.9,fr;q=0.7,en;q=0.5": "fr",
		"en;q=0.2, fr;q=0.9":               "fr",
		"es":                               "en",
		"fr;q=bad, en":                     "en",
	} {
		if got := localeFrom(in); got != want {
			t.Errorf("localeFrom(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestValidEmail(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"analyst@example.org", "analyst@example.org"},
		{"First.Last+alerts@Sub.Example.CO.UK", "First.Last+alerts@sub.example.co.uk"},
		{"josé@exemple.fr", "josé@exemple.fr"},
		{"a@défense.gouv.fr", "a@défense.gouv.fr"},
		{"a@b", ""},
		{"a@[127.0.0.1]", ""},
		{"a@-bad.example", ""},
		{"a@bad-.example", ""},
		{"a@example..org", ""},
		{"two@@example.org", ""},
		{"a b@example.org", ""},
		{"a@example.org\r\nBcc: victim@example.org", ""},
		{"a@example.org, b@example.org", ""},
		{strings.Repeat("x", 65) + "@example.org", ""},
	} {
		got, err := validEmail(tc.in)
		if tc.want == "" {
			var br *search.BadRequestError
			if !errors.As(err, &br) || br.Param != "email" {
				t.Errorf("validEmail(%q) = %q, %v; want an email error", tc.in, got, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("validEmail(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

// TestAdminList checks that personal data is listed with the admin token
// only.
func TestAdminList(t *testing.T) {
	srv := startSMTP(t, nil)
	e := newEnv(t, srv, nil)
	c := e.create(`{"email":"desk@example.org","q":"openai"}`)
	for _, tc := range []struct {
		name, auth string
		status     int
	}{
		{"no token", "", http.StatusUnauthorized},
		{"wrong token", "Bearer nope", http.StatusUnauthorized},
		{"token prefix", "Bearer s3cret", http.StatusUnauthorized},
		{"not bearer", "Basic czNjcmV0LWFkbWlu", http.StatusUnauthorized},
		{"admin", "Bearer s3cret-admin", http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var hdr []string
			if tc.auth != "" {
				hdr = []string{"Authorization", tc.auth}
			}
			r := e.do(http.MethodGet, "/api/alerts", "", nil, hdr...)
			if r.Status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.Status, tc.status, r.Body)
			}
			if tc.status == http.StatusUnauthorized {
				checkErrorBody(t, r.Body, "unauthorized", "")
				if strings.Contains(string(r.Body), "desk@example.org") {
					t.Error("401 body leaks the address")
				}
				return
			}
			if !strings.Contains(string(r.Body), `"email":"desk@example.org"`) || !strings.Contains(string(r.Body), c.ID) {
				t.Errorf("list %s", r.Body)
			}
		})
	}

	// Without a configured admin token, nobody lists.
	e2 := newEnv(t, srv, func(c *Config) { c.AdminToken = "" })
	r := e2.do(http.MethodGet, "/api/alerts", "", nil, "Authorization", "Bearer ")
	if r.Status != http.StatusUnauthorized {
		t.Errorf("no admin token configured: %d", r.Status)
	}
	checkErrorBody(t, r.Body, "unauthorized", "")
}

func TestMailNotConfigured(t *testing.T) {
	e := newEnv(t, nil, nil)
	r := e.do(http.MethodPost, "/api/alerts", "application/json", []byte(`{"email":"a@example.org","q":"openai"}`))
	if r.Status != http.StatusServiceUnavailable {
		t.Fatalf("status %d: %s", r.Status, r.Body)
	}
	checkErrorBody(t, r.Body, "mail_not_configured", "")
	if !strings.Contains(string(r.Body), "VIGIE_SMTP_URL") {
		t.Errorf("the message should say how to configure mail: %s", r.Body)
	}
}

// TestCreationLimits checks the per-client and per-address limits and the
// duplicate refusal.
func TestCreationLimits(t *testing.T) {
	srv := startSMTP(t, nil)
	e := newEnv(t, srv, func(c *Config) {
		c.Limits.PerIPPerHour = 4
		c.Limits.PendingPerDay = 2
	})
	post := func(body string) httpResult {
		return e.do(http.MethodPost, "/api/alerts", "application/json", []byte(body))
	}
	if r := post(`{"email":"a@example.org","q":"openai"}`); r.Status != http.StatusCreated {
		t.Fatalf("first: %d %s", r.Status, r.Body)
	}
	r := post(`{"email":"A@EXAMPLE.org","q":"openai"}`)
	if r.Status != http.StatusConflict {
		t.Fatalf("duplicate: %d %s", r.Status, r.Body)
	}
	checkErrorBody(t, r.Body, "conflict", "")
	if r := post(`{"email":"a@example.org","q":"openai","frequency":"weekly"}`); r.Status != http.StatusCreated {
		t.Fatalf("same search, other frequency: %d %s", r.Status, r.Body)
	}
	r = post(`{"email":"a@example.org","q":"anduril"}`)
	if r.Status != http.StatusTooManyRequests {
		t.Fatalf("third pending for one address: %d %s", r.Status, r.Body)
	}
	checkErrorBody(t, r.Body, "rate_limited", "")
	// The client has now made 4 attempts that reached the limiter.
	r = post(`{"email":"b@example.org","q":"palantir"}`)
	if r.Status != http.StatusTooManyRequests {
		t.Fatalf("fifth from one client: %d %s", r.Status, r.Body)
	}
	if ra := r.Header.Get("Retry-After"); ra == "" || ra == "0" {
		t.Errorf("Retry-After %q", ra)
	}
	if n := len(srv.WaitMessages(2, 5*time.Second)); n != 2 {
		t.Errorf("%d confirmations, want 2", n)
	}
}

func TestWindowLimiter(t *testing.T) {
	l := newWindowLimiter(2, time.Minute)
	t0 := tuesday17
	steps := []struct {
		at   time.Duration
		key  string
		want bool
	}{
		{0, "a", true}, {time.Second, "a", true}, {2 * time.Second, "a", false}, {2 * time.Second, "b", true},
		// An event leaves the window a full minute after it happened.
		{59 * time.Second, "a", false}, {60 * time.Second, "a", true}, {61 * time.Second, "a", true}, {62 * time.Second, "a", false},
	}
	for i, s := range steps {
		if got, _ := l.allow(s.key, t0.Add(s.at)); got != s.want {
			t.Errorf("step %d (%v %s): %v, want %v", i, s.at, s.key, got, s.want)
		}
	}
	l.prune(t0.Add(10 * time.Minute))
	if len(l.events) != 0 {
		t.Errorf("prune left %d keys", len(l.events))
	}
}

// FuzzDecodeCreate: any body is either a valid alert or a 400, never a
// panic, and a valid one survives validation again.
func FuzzDecodeCreate(f *testing.F) {
	for _, s := range []string{
		`{"email":"a@example.org","q":"openai"}`,
		`{"email":"a@example.org","company":["OpenAI",1],"amount_min":"1.5B","frequency":"weekly","locale":"fr"}`,
		`{"email":"a@example.org","q":"\"x","to":"2030-01-01"}`,
		`[1,2]`, `{"a":{"b":[]}}`, `{"email":null}`, ``,
	} {
		f.Add([]byte(s), "fr-FR")
	}
	f.Fuzz(func(t *testing.T, body []byte, acceptLanguage string) {
		in, err := decodeCreate(body, acceptLanguage, tuesday17)
		if err != nil {
			var br *search.BadRequestError
			if !errors.As(err, &br) {
				t.Fatalf("error %v is not a BadRequestError", err)
			}
			return
		}
		if _, err := validEmail(in.Email); err != nil {
			t.Fatalf("accepted e-mail %q does not validate again: %v", in.Email, err)
		}
		if !slices.Contains(locales, in.Locale) {
			t.Fatalf("locale %q", in.Locale)
		}
		r := in.Request
		if err := r.Validate(); err != nil {
			t.Fatalf("accepted request does not validate again: %v", err)
		}
	})
}
