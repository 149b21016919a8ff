package alert

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestSilentAlert: an alert that matched nothing for 14 days is told once,
// at its digest slot, with the closest search that matches; the manage
// page and the API say so; a match ends the silence.
func TestSilentAlert(t *testing.T) {
	srv := startSMTP(t, nil)
	e := newEnv(t, srv, nil)
	e.wire("before.xml")
	daily := confirmedAlert(t, e, srv, `{"email":"d@example.org","q":"openai hypersonic","frequency":"daily","locale":"en"}`)
	confirmedAlert(t, e, srv, `{"email":"i@example.org","q":"openai","agency":"NASA","frequency":"instant","locale":"fr"}`)
	e.wire("batch1.xml") // OpenAI, but neither hypersonic nor NASA

	// 13 days on: not yet.
	e.clock.Set(time.Date(2025, 6, 30, 7, 0, 1, 0, time.UTC))
	time.Sleep(150 * time.Millisecond)
	if n := len(srv.Messages()); n != 2 {
		t.Fatalf("%d e-mails after 13 quiet days, want only the 2 confirmations", n)
	}
	// 15 days on, at the digest hour: one notice each.
	e.clock.Set(time.Date(2025, 7, 2, 7, 0, 1, 0, time.UTC))
	msgs := srv.WaitMessages(4, 5*time.Second)
	byTo := map[string]parsedMail{}
	for _, m := range msgs[2:] {
		byTo[m.To[0]] = parseMail(t, m.Data)
	}
	d := byTo["d@example.org"]
	if d.Subject != `Vigie: your alert "openai hypersonic" has found nothing lately` {
		t.Errorf("subject %q", d.Subject)
	}
	for _, want := range []string{
		`Your alert "openai hypersonic" has matched no new article since 17 Jun 2025 (14 days).`,
		`The closest search that does match is without hypersonic: "openai", with 3 articles in the last 30 days.`,
		e.base + "/?q=openai", "/alerts/manage?token=" + daily.ID,
	} {
		if !strings.Contains(d.Text, want) {
			t.Errorf("notice lacks %q:\n%s", want, d.Text)
		}
	}
	if mid := d.Header.Get("Message-ID"); mid != "<vigie.silent."+daily.ID+".20250617@127.0.0.1>" {
		t.Errorf("Message-ID %q", mid)
	}
	if h := d.Header.Get("List-Unsubscribe"); h == "" {
		t.Error("a notice is part of the subscription: List-Unsubscribe expected")
	}
	i := byTo["i@example.org"]
	if !strings.Contains(i.Text, "sans agence") || !strings.Contains(i.Subject, "ne trouve plus rien") {
		t.Errorf("French instant notice:\n%s\n%s", i.Subject, i.Text)
	}

	// The API and the manage page say it too.
	r := e.do(http.MethodGet, "/api/alerts/"+daily.ID+"?token="+e.svc.sign.token(purposeManage, daily.ID), "", nil)
	var v alertView
	if err := json.Unmarshal(r.Body, &v); err != nil || !v.Silent || !v.LastMatchAt.IsZero() || v.Suggestion == nil || v.Suggestion.Request.Q != "openai" || v.Suggestion.Total != 3 {
		t.Errorf("GET alert: %s", r.Body)
	}
	r = e.do(http.MethodGet, "/alerts/manage?token="+e.svc.sign.token(purposeManage, daily.ID), "", nil)
	if !strings.Contains(string(r.Body), `id="silent"`) || !strings.Contains(string(r.Body), "matched nothing since 17 Jun 2025 (14 days)") {
		t.Errorf("manage page lacks the silence:\n%s", r.Body)
	}

	// Told once per silence.
	e.clock.Set(time.Date(2025, 7, 3, 7, 0, 1, 0, time.UTC))
	time.Sleep(150 * time.Millisecond)
	if n := len(srv.Messages()); n != 4 {
		t.Errorf("%d e-mails the next day, want no second notice", n)
	}
	// A match ends it.
	if _, _, body := e.patch(daily.ID, e.svc.sign.token(purposeManage, daily.ID), `{"q":"drone swarm"}`); !strings.Contains(body, `"silent":true`) {
		t.Errorf("an edit alone does not end a silence: %s", body)
	}
	e.wire("later.xml")
	e.ingest("backtest.xml", "Drone Desk", "https://drones.example/feed")
	r = e.do(http.MethodGet, "/api/alerts/"+daily.ID+"?token="+e.svc.sign.token(purposeManage, daily.ID), "", nil)
	if v = (alertView{}); json.Unmarshal(r.Body, &v) != nil || v.Silent || v.LastMatchAt.IsZero() {
		t.Errorf("still silent after a match: %s", r.Body)
	}
}

func TestQueryTerms(t *testing.T) {
	for q, want := range map[string]string{
		"openai hypersonic":         "openai|hypersonic",
		`drone "swarm attack" army`: `drone|"swarm attack"|army`,
		"a OR b":                    "",
		"-drone swarm":              "",
		"company:openai drones":     "",
		"(a b)":                     "",
		`"unclosed`:                 "",
		"single":                    "single",
	} {
		if got := strings.Join(queryTerms(q), "|"); got != want {
			t.Errorf("queryTerms(%q) = %q, want %q", q, got, want)
		}
	}
}
