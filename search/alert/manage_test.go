package alert

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// confirmedAlert creates and confirms an alert from body.
func confirmedAlert(t *testing.T, e *testEnv, srv *testSMTP, body string) Created {
	t.Helper()
	n := len(srv.Messages())
	c := e.create(body)
	msgs := srv.WaitMessages(n+1, 5*time.Second)
	e.confirmFrom(msgs[len(msgs)-1])
	return c
}

func (e *testEnv) patch(id, token, body string) (int, alertView, string) {
	e.t.Helper()
	r := e.do(http.MethodPatch, "/api/alerts/"+id+"?token="+token, "application/json", []byte(body))
	var v alertView
	if r.Status == http.StatusOK {
		if err := json.Unmarshal(r.Body, &v); err != nil {
			e.t.Fatal(err)
		}
	}
	return r.Status, v, string(r.Body)
}

// TestPatchAlert edits an alert through its manage token: new words,
// frequency, channel, pause and resume; what was sent stays sent.
func TestPatchAlert(t *testing.T) {
	srv := startSMTP(t, nil)
	e := newEnv(t, srv, allowPrivate)
	c := confirmedAlert(t, e, srv, `{"email":"a@example.org","q":"openai","frequency":"instant","locale":"en"}`)
	tok := e.svc.sign.token(purposeManage, c.ID)

	e.wire("batch1.xml") // two OpenAI articles
	srv.WaitMessages(2, 5*time.Second)

	// Pause: nothing is sent, even for matches.
	if st, v, body := e.patch(c.ID, tok, `{"state":"paused"}`); st != 200 || v.State != StatePaused || v.PausedAt.IsZero() {
		t.Fatalf("pause: %d %s", st, body)
	}
	e.mirror("mirror.xml")
	time.Sleep(150 * time.Millisecond)
	if n := len(srv.Messages()); n != 2 {
		t.Errorf("%d e-mails while paused, want 2", n)
	}
	// Resume, with new words: later matches are sent, what was published
	// while paused is not.
	st, v, body := e.patch(c.ID, tok, `{"state":"active","q":"drone swarm","frequency":"instant"}`)
	if st != 200 || v.State != StateActive || v.Request.Q != "drone swarm" {
		t.Fatalf("resume with new words: %d %s", st, body)
	}
	e.wire("later.xml")
	time.Sleep(150 * time.Millisecond)
	if n := len(srv.Messages()); n != 2 {
		t.Errorf("%d e-mails: later.xml has no drone swarm", n)
	}

	// Bad edits are refused with the parameter named, the alert unchanged.
	for body, param := range map[string]string{
		`{"frequency":"hourly"}`:     "frequency",
		`{"email":"b@example.org"}`:  "email",
		`{"state":"deleted"}`:        "state",
		`{"q":"\"unclosed"}`:         "q",
		`{}`:                         "",
		`{"channel":"webhook"}`:      "webhook_url",
		`{"webhook_format":"slack"}`: "webhook_format",
		`{"page":"2"}`:               "page",
	} {
		r := e.do(http.MethodPatch, "/api/alerts/"+c.ID+"?token="+tok, "application/json", []byte(body))
		var answer struct{ Error struct{ Param string } }
		json.Unmarshal(r.Body, &answer)
		if r.Status != http.StatusBadRequest || answer.Error.Param != param {
			t.Errorf("%s: %d %s, want 400 on %q", body, r.Status, r.Body, param)
		}
	}
	if r := e.do(http.MethodPatch, "/api/alerts/"+c.ID+"?token="+e.svc.sign.token(purposeUnsubscribe, c.ID),
		"application/json", []byte(`{"state":"paused"}`)); r.Status != http.StatusForbidden {
		t.Errorf("an unsubscribe token edits: %d", r.Status)
	}

	// To a webhook and back: the secret is made once and kept.
	st, v, body = e.patch(c.ID, tok, `{"channel":"webhook","webhook_url":"https://hooks.example.org/a","webhook_format":"slack"}`)
	if st != 200 || v.Channel != ChannelWebhook || v.Webhook == nil || v.Webhook.Format != "slack" || len(v.Webhook.Secret) != 64 {
		t.Fatalf("to webhook: %d %s", st, body)
	}
	secret := v.Webhook.Secret
	if _, v, _ = e.patch(c.ID, tok, `{"webhook_url":"https://hooks.example.org/b"}`); v.Webhook.Secret != secret || v.Webhook.URL != "https://hooks.example.org/b" || v.Webhook.Format != "json" {
		t.Errorf("new URL: %+v, want the same secret", v.Webhook)
	}
	if _, v, _ = e.patch(c.ID, tok, `{"channel":"email"}`); v.Channel != ChannelEmail || v.Webhook != nil {
		t.Errorf("back to e-mail: %+v", v)
	}
}

// TestManagePageEdit drives the manage page's forms, without script.
func TestManagePageEdit(t *testing.T) {
	srv := startSMTP(t, nil)
	e := newEnv(t, srv, nil)
	c := confirmedAlert(t, e, srv, `{"email":"a@example.org","q":"openai","company":"OpenAI","frequency":"daily","locale":"fr"}`)
	tok := e.svc.sign.token(purposeManage, c.ID)

	r := e.do(http.MethodGet, "/alerts/manage?token="+tok, "", nil)
	page := string(r.Body)
	for _, want := range []string{`action="/alerts/edit?token=`, `name="q" value="openai"`, `<option value="daily" selected>`,
		`action="/alerts/pause?token=`, "Suspendre l’alerte", "Envoi par"} {
		if !strings.Contains(page, want) {
			t.Errorf("manage page lacks %s", want)
		}
	}
	checkPageHeaders(t, r)

	form := url.Values{"q": {"openai pentagone"}, "frequency": {"weekly"}, "channel": {"email"}}
	r = e.do(http.MethodPost, "/alerts/edit?token="+tok, "application/x-www-form-urlencoded", []byte(form.Encode()))
	if r.Status != 200 || !strings.Contains(string(r.Body), "Alerte enregistrée") {
		t.Fatalf("edit: %d %s", r.Status, r.Body)
	}
	a, _ := e.svc.get(c.ID)
	if a.Request.Q != "openai pentagone" || a.Frequency != Weekly || len(a.Request.Companies) != 1 || a.Request.Companies[0] != "OpenAI" {
		t.Errorf("after edit: %+v, want the words and frequency changed and the company filter kept", a)
	}
	// A refused edit says why and changes nothing.
	form.Set("q", `"unclosed`)
	r = e.do(http.MethodPost, "/alerts/edit?token="+tok, "application/x-www-form-urlencoded", []byte(form.Encode()))
	if r.Status != http.StatusBadRequest || !strings.Contains(string(r.Body), `class="error"`) {
		t.Errorf("bad edit: %d %s", r.Status, r.Body)
	}
	if a, _ := e.svc.get(c.ID); a.Request.Q != "openai pentagone" {
		t.Errorf("a refused edit changed the words to %q", a.Request.Q)
	}

	r = e.do(http.MethodPost, "/alerts/pause?token="+tok, "", nil)
	if r.Status != 200 || !strings.Contains(string(r.Body), "Alerte suspendue") || !strings.Contains(string(r.Body), `/alerts/resume?token=`) {
		t.Errorf("pause: %d %s", r.Status, r.Body)
	}
	r = e.do(http.MethodPost, "/alerts/resume?token="+tok, "", nil)
	if r.Status != 200 || !strings.Contains(string(r.Body), "Alerte reprise") {
		t.Errorf("resume: %d %s", r.Status, r.Body)
	}
	if r := e.do(http.MethodPost, "/alerts/pause?token="+e.svc.sign.token(purposeConfirm, c.ID), "", nil); r.Status != http.StatusForbidden {
		t.Errorf("a confirm token pauses: %d", r.Status)
	}
}
