package alert

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

const (
	titleContract   = "OpenAI signs $200 million contract with the Pentagon"
	titleAirForce   = "L'armée de l'Air teste les modèles d'OpenAI pour la maintenance prédictive"
	titleWashington = "OpenAI opens a Washington office to work with defense agencies"
	titleOld        = "OpenAI and Anduril team up on counter-drone AI"
)

// TestEndToEnd follows one instant alert through its life: creation with
// a preview, confirmation e-mail, confirmation link, ingest of matching and
// non-matching articles, dedup across feeds and links, manage page and
// unsubscribe.
func TestEndToEnd(t *testing.T) {
	srv := startSMTP(t, nil)
	e := newEnv(t, srv, nil)
	e.wire("before.xml") // already there: the preview sees it, the alert never sends it

	c := e.create(`{"email":"Analyst@Example.ORG","q":"openai","frequency":"instant","locale":"en"}`)
	if c.State != StatePending || c.Frequency != Instant || c.Locale != "en" || !validID(c.ID) {
		t.Errorf("created %+v", c)
	}
	if c.Preview.Total != 1 || c.Preview.WindowDays != 30 || len(c.Preview.Hits) != 1 || c.Preview.Hits[0].Title != titleOld {
		t.Errorf("preview %+v, want the one OpenAI article of the last 30 days", c.Preview)
	}

	// The confirmation e-mail.
	msgs := srv.WaitMessages(1, 5*time.Second)
	if got := msgs[0].To; len(got) != 1 || got[0] != "Analyst@example.org" {
		t.Errorf("confirmation to %v, want the address with its domain lower-cased", got)
	}
	cm := parseMail(t, msgs[0].Data)
	if cm.Subject != `Confirm your Vigie alert: "openai"` {
		t.Errorf("subject %q", cm.Subject)
	}
	for _, want := range []string{`"openai"`, "In the last 30 days, it would have matched 1 article.", "as soon as they are published", "/alerts/confirm?token="} {
		if !strings.Contains(cm.Text, want) {
			t.Errorf("confirmation text lacks %q:\n%s", want, cm.Text)
		}
	}
	if !strings.Contains(cm.HTML, "/alerts/confirm?token=") || !strings.Contains(cm.HTML, "Confirm the alert") {
		t.Errorf("confirmation HTML lacks the button:\n%s", cm.HTML)
	}
	if h := cm.Header.Get("List-Unsubscribe"); h != "" {
		t.Errorf("a confirmation is not a subscription, yet List-Unsubscribe: %s", h)
	}

	// Nothing is sent before confirmation.
	e.wire("later.xml")
	time.Sleep(100 * time.Millisecond)
	if n := len(srv.Messages()); n != 1 {
		t.Fatalf("%d messages before confirmation, want only the confirmation", n)
	}

	e.confirmFrom(msgs[0])
	r := e.do(http.MethodGet, link(t, cm.Text, "/alerts/confirm?token="), "", nil)
	if r.Status != http.StatusOK || !strings.Contains(string(r.Body), "already confirmed") {
		t.Errorf("second confirmation: %d %s", r.Status, r.Body)
	}

	// New articles: two match (one of them French), one does not.
	if res := e.wire("batch1.xml"); res.Added != 3 {
		t.Fatalf("batch1: %+v", res)
	}
	msgs = srv.WaitMessages(2, 5*time.Second)
	m := parseMail(t, msgs[1].Data)
	got := titles(m.Text)
	slices.Sort(got)
	if want := []string{titleAirForce, titleContract}; !slices.Equal(got, want) {
		t.Errorf("alert lists %q, want %q", got, want)
	}
	checkAlertMail(t, e, m, c.ID)
	if m.Subject != `Vigie: 2 new articles for "openai"` {
		t.Errorf("subject %q", m.Subject)
	}

	// The same article from a second feed, and the same story under
	// another link, are not sent again; the new story is, alone.
	if res := e.mirror("mirror.xml"); res.Added != 2 || res.Unchanged != 1 {
		t.Fatalf("mirror: %+v", res)
	}
	msgs = srv.WaitMessages(3, 5*time.Second)
	m3 := parseMail(t, msgs[2].Data)
	if got := titles(m3.Text); !slices.Equal(got, []string{titleWashington}) {
		t.Errorf("third e-mail lists %q, want only %q", got, titleWashington)
	}
	e.wire("batch1.xml") // polled again: unchanged
	time.Sleep(100 * time.Millisecond)
	if n := len(srv.Messages()); n != 3 {
		t.Errorf("%d messages, want 3", n)
	}
	ids := map[string]bool{}
	for _, msg := range srv.Messages() {
		id := parseMail(t, msg.Data).Header.Get("Message-ID")
		if ids[id] {
			t.Errorf("Message-ID %s sent twice", id)
		}
		ids[id] = true
	}

	// The manage page.
	r = e.do(http.MethodGet, link(t, m3.Text, "/alerts/manage?token="), "", nil)
	if r.Status != http.StatusOK || !strings.Contains(string(r.Body), "&#34;openai&#34;") ||
		!strings.Contains(string(r.Body), "Analyst@example.org") {
		t.Errorf("manage page: %d %s", r.Status, r.Body)
	}
	checkPageHeaders(t, r)

	list, err := List(e.st)
	if err != nil || len(list) != 1 || list[0].SentCount != 3 || list[0].State != StateActive {
		t.Fatalf("List: %+v, %v", list, err)
	}

	// One-click unsubscribe from the header's link; later matches are not sent.
	unsub := strings.Trim(m3.Header.Get("List-Unsubscribe"), "<>")
	r = e.do(http.MethodGet, unsub, "", nil)
	if r.Status != http.StatusOK || !strings.Contains(string(r.Body), "You are unsubscribed") {
		t.Fatalf("unsubscribe: %d %s", r.Status, r.Body)
	}
	if res := e.wire("after.xml"); res.Added != 1 {
		t.Fatalf("after: %+v", res)
	}
	time.Sleep(150 * time.Millisecond)
	if n := len(srv.Messages()); n != 3 {
		t.Errorf("%d messages after unsubscribing, want 3", n)
	}
	if n := e.outboxLen(); n != 0 {
		t.Errorf("outbox holds %d entries, want 0", n)
	}
}

// checkAlertMail checks the headers and links every alert e-mail has.
func checkAlertMail(t *testing.T, e *testEnv, m parsedMail, id string) {
	t.Helper()
	if got := m.Header.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post %q", got)
	}
	lu := m.Header.Get("List-Unsubscribe")
	if !regexp.MustCompile(`^<` + regexp.QuoteMeta(e.base) + `/alerts/unsubscribe\?token=` + id + `\.u\.[A-Za-z0-9_-]{43}>$`).MatchString(lu) {
		t.Errorf("List-Unsubscribe %q", lu)
	}
	if mid := m.Header.Get("Message-ID"); !regexp.MustCompile(`^<vigie\.(alert|digest)\.` + id + `\.[0-9a-f]{20}@127\.0\.0\.1>$`).MatchString(mid) {
		t.Errorf("Message-ID %q", mid)
	}
	if got := m.Header.Get("Auto-Submitted"); got != "auto-generated" {
		t.Errorf("Auto-Submitted %q", got)
	}
	search := e.base + "/?q=openai"
	for _, want := range []string{search, "/alerts/manage?token=" + id + ".m.", "/alerts/unsubscribe?token=" + id + ".u.", `"openai"`} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("text part lacks %q:\n%s", want, m.Text)
		}
	}
	for _, want := range []string{`href="` + search + `"`, "<mark>", "/alerts/manage?token=", "/alerts/unsubscribe?token="} {
		if !strings.Contains(m.HTML, want) {
			t.Errorf("HTML part lacks %q:\n%s", want, m.HTML)
		}
	}
}

func checkPageHeaders(t *testing.T, r httpResult) {
	t.Helper()
	csp := r.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "script-src") {
		t.Errorf("CSP %q", csp)
	}
	if got := r.Header.Get("Referrer-Policy"); got != "no-referrer" {
		t.Errorf("Referrer-Policy %q: the page URL holds a token", got)
	}
	if got := r.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control %q", got)
	}
	if strings.Contains(string(r.Body), "<script") {
		t.Error("page has a script")
	}
}

// TestUnsubscribe checks both one-click forms stop further mail.
func TestUnsubscribe(t *testing.T) {
	for _, tc := range []struct {
		name   string
		method string
		body   string
		ctype  string
	}{
		{"GET link", http.MethodGet, "", ""},
		{"RFC 8058 POST", http.MethodPost, "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded"},
		{"page button POST", http.MethodPost, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := startSMTP(t, nil)
			e := newEnv(t, srv, nil)
			e.create(`{"email":"desk@example.org","q":"openai","frequency":"instant"}`)
			e.confirmFrom(srv.WaitMessages(1, 5*time.Second)[0])
			e.wire("batch1.xml")
			m := parseMail(t, srv.WaitMessages(2, 5*time.Second)[1].Data)
			unsub := strings.Trim(m.Header.Get("List-Unsubscribe"), "<>")
			r := e.do(tc.method, unsub, tc.ctype, []byte(tc.body))
			if r.Status != http.StatusOK {
				t.Fatalf("%s %s: %d %s", tc.method, unsub, r.Status, r.Body)
			}
			e.mirror("mirror.xml") // holds a new matching story
			time.Sleep(150 * time.Millisecond)
			if n := len(srv.Messages()); n != 2 {
				t.Errorf("%d messages, want 2: nothing after unsubscribing", n)
			}
			list, _ := List(e.st)
			if len(list) != 1 || list[0].State != StateUnsubscribed {
				t.Fatalf("alerts %+v", list)
			}
			// Unsubscribing twice is harmless.
			if r := e.do(tc.method, unsub, tc.ctype, []byte(tc.body)); r.Status != http.StatusOK {
				t.Errorf("second unsubscribe: %d", r.Status)
			}
			// Undo from the page's button: new matches flow again, old ones do not.
			react := regexp.MustCompile(`action="(/alerts/reactivate\?token=[^"]+)"`).FindStringSubmatch(string(r.Body))
			if react == nil {
				t.Fatalf("no reactivate button in %s", r.Body)
			}
			if r := e.do(http.MethodPost, strings.ReplaceAll(react[1], "&amp;", "&"), "", nil); r.Status != http.StatusOK {
				t.Fatalf("reactivate: %d %s", r.Status, r.Body)
			}
			e.wire("later.xml")
			got := titles(parseMail(t, srv.WaitMessages(3, 5*time.Second)[2].Data).Text)
			if !slices.Equal(got, []string{"OpenAI model cleared for use on classified networks"}) {
				t.Errorf("after reactivation got %q", got)
			}
		})
	}
}

// TestLinks checks what the signed links accept and refuse.
func TestLinks(t *testing.T) {
	srv := startSMTP(t, nil)
	e := newEnv(t, srv, nil)
	c := e.create(`{"email":"desk@example.org","q":"drone","frequency":"daily"}`)
	good := e.svc.sign.token(purposeConfirm, c.ID)
	other, _ := newID()
	forged := []byte(good)
	mid := len(forged) - 20 // inside the signature
	forged[mid] = map[bool]byte{true: 'B', false: 'A'}[forged[mid] == 'A']
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	loose := []byte(good) // the last character carries 2 unused bits: set one
	loose[len(loose)-1] = alphabet[strings.IndexByte(alphabet, loose[len(loose)-1])^1]
	for _, tc := range []struct {
		name, path string
		status     int
	}{
		{"no token", "/alerts/confirm", http.StatusBadRequest},
		{"garbage", "/alerts/confirm?token=garbage", http.StatusBadRequest},
		{"truncated", "/alerts/confirm?token=" + good[:len(good)-5], http.StatusBadRequest},
		{"forged signature", "/alerts/confirm?token=" + string(forged), http.StatusForbidden},
		{"non-canonical encoding", "/alerts/confirm?token=" + string(loose), http.StatusBadRequest},
		{"other purpose", "/alerts/confirm?token=" + e.svc.sign.token(purposeUnsubscribe, c.ID), http.StatusForbidden},
		{"manage token cannot confirm", "/alerts/confirm?token=" + e.svc.sign.token(purposeManage, c.ID), http.StatusForbidden},
		{"unknown alert", "/alerts/confirm?token=" + e.svc.sign.token(purposeConfirm, other), http.StatusNotFound},
		{"unsubscribe garbage", "/alerts/unsubscribe?token=x.y.z", http.StatusBadRequest},
		{"manage with confirm token", "/alerts/manage?token=" + good, http.StatusForbidden},
		{"manage", "/alerts/manage?token=" + e.svc.sign.token(purposeManage, c.ID), http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do(http.MethodGet, tc.path, "", nil)
			if r.Status != tc.status {
				t.Errorf("GET %s: %d, want %d\n%s", tc.path, r.Status, tc.status, r.Body)
			}
			if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
				t.Errorf("Content-Type %q, want an HTML page", r.Header.Get("Content-Type"))
			}
			checkPageHeaders(t, r)
		})
	}

	// The API delete takes the manage token of that alert only.
	for _, tc := range []struct {
		name, token string
		status      int
		code        string
	}{
		{"missing", "", http.StatusBadRequest, "bad_parameter"},
		{"other alert's token", e.svc.sign.token(purposeManage, other), http.StatusForbidden, "forbidden"},
		{"confirm token", good, http.StatusForbidden, "forbidden"},
		{"manage token", e.svc.sign.token(purposeManage, c.ID), http.StatusNoContent, ""},
		{"again", e.svc.sign.token(purposeManage, c.ID), http.StatusNotFound, "not_found"},
	} {
		t.Run("DELETE "+tc.name, func(t *testing.T) {
			r := e.do(http.MethodDelete, "/api/alerts/"+c.ID+"?token="+url.QueryEscape(tc.token), "", nil)
			if r.Status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.Status, tc.status, r.Body)
			}
			if tc.code != "" {
				checkErrorBody(t, r.Body, tc.code, "")
			}
		})
	}
	if list, _ := List(e.st); len(list) != 0 {
		t.Errorf("alert not deleted: %+v", list)
	}
}

// checkErrorBody checks the API's JSON error shape.
func checkErrorBody(t *testing.T, body []byte, code, param string) {
	t.Helper()
	var b struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
			Param   string `json:"param"`
		} `json:"error"`
	}
	if err := json.Unmarshal(body, &b); err != nil {
		t.Fatalf("error body %s: %v", body, err)
	}
	if b.Error.Code != code || b.Error.Message == "" || (param != "" && b.Error.Param != param) {
		t.Errorf("error %+v, want code %q param %q", b.Error, code, param)
	}
}

// TestMailDir: with --mail-dir, e-mails become .eml files, one per message.
func TestMailDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "outbox")
	e := newEnv(t, nil, func(c *Config) { c.MailDir = dir })
	e.create(`{"email":"desk@example.org","q":"openai","frequency":"instant"}`)
	var files []string
	deadline := time.Now().Add(5 * time.Second)
	for len(files) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no .eml file written")
		}
		time.Sleep(10 * time.Millisecond)
		files, _ = filepath.Glob(filepath.Join(dir, "*.eml"))
	}
	raw, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	m := parseMail(t, raw)
	if !strings.HasPrefix(m.Subject, "Confirm your Vigie alert") {
		t.Errorf("subject %q", m.Subject)
	}
	e.confirmFrom(received{Data: raw})
	e.wire("batch1.xml")
	for len(files) < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("files %v", files)
		}
		time.Sleep(10 * time.Millisecond)
		files, _ = filepath.Glob(filepath.Join(dir, "*.eml"))
	}
	if all, _ := os.ReadDir(dir); len(all) != 2 {
		t.Errorf("the mail dir holds %d entries, want the 2 .eml files only", len(all))
	}
}
