package alert

import (
	"net/http"
	"slices"
	"testing"
	"time"
)

func TestSlots(t *testing.T) {
	at := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tc := range []struct {
		now                 string
		hour                int
		daily, weekly, next string
	}{
		// 2025-06-17 is a Tuesday.
		{"2025-06-17T12:00:00Z", 7, "2025-06-17T07:00:00Z", "2025-06-16T07:00:00Z", "2025-06-18T07:00:00Z"},
		{"2025-06-17T06:59:59Z", 7, "2025-06-16T07:00:00Z", "2025-06-16T07:00:00Z", "2025-06-17T07:00:00Z"},
		{"2025-06-17T07:00:00Z", 7, "2025-06-17T07:00:00Z", "2025-06-16T07:00:00Z", "2025-06-18T07:00:00Z"},
		{"2025-06-16T06:00:00Z", 7, "2025-06-15T07:00:00Z", "2025-06-09T07:00:00Z", "2025-06-16T07:00:00Z"},
		{"2025-06-22T23:59:00Z", 0, "2025-06-22T00:00:00Z", "2025-06-16T00:00:00Z", "2025-06-23T00:00:00Z"},
		{"2025-03-01T10:00:00+02:00", 9, "2025-02-28T09:00:00Z", "2025-02-24T09:00:00Z", "2025-03-01T09:00:00Z"}, // 08:00 UTC
		{"2024-12-31T23:00:00Z", 23, "2024-12-31T23:00:00Z", "2024-12-30T23:00:00Z", "2025-01-01T23:00:00Z"},
	} {
		now := at(tc.now)
		if got := dailySlot(now, tc.hour); !got.Equal(at(tc.daily)) {
			t.Errorf("dailySlot(%s, %d) = %s, want %s", tc.now, tc.hour, got, tc.daily)
		}
		if got := weeklySlot(now, tc.hour); !got.Equal(at(tc.weekly)) {
			t.Errorf("weeklySlot(%s, %d) = %s, want %s", tc.now, tc.hour, got, tc.weekly)
		}
		if got := nextSlot(now, tc.hour); !got.Equal(at(tc.next)) {
			t.Errorf("nextSlot(%s, %d) = %s, want %s", tc.now, tc.hour, got, tc.next)
		}
	}
}

// TestDigests drives daily and weekly alerts with the clock: one digest at
// the digest hour listing what matched since the last one, nothing when
// nothing matched.
func TestDigests(t *testing.T) {
	srv := startSMTP(t, nil)
	e := newEnv(t, srv, nil) // digest hour 7 UTC; now is Tuesday 17 June, noon
	e.create(`{"email":"daily@example.org","q":"openai","frequency":"daily"}`)
	e.create(`{"email":"weekly@example.org","q":"openai","frequency":"weekly","locale":"fr"}`)
	e.create(`{"email":"quiet@example.org","q":"hypersonic","frequency":"daily"}`)
	for _, m := range srv.WaitMessages(3, 5*time.Second) {
		e.confirmFrom(m)
	}
	count := func() int { return len(srv.Messages()) }
	to := func(m received) string { return m.To[0] }

	e.wire("batch1.xml") // two OpenAI articles
	time.Sleep(100 * time.Millisecond)
	if n := count(); n != 3 {
		t.Fatalf("%d messages before the digest hour, want only the 3 confirmations", n)
	}
	e.clock.Set(time.Date(2025, 6, 18, 6, 59, 0, 0, time.UTC))
	time.Sleep(100 * time.Millisecond)
	if n := count(); n != 3 {
		t.Fatalf("%d messages at 06:59, want 3", n)
	}

	// Wednesday 07:00: the daily digest, nothing for the others.
	e.clock.Set(time.Date(2025, 6, 18, 7, 0, 1, 0, time.UTC))
	msgs := srv.WaitMessages(4, 5*time.Second)
	if to(msgs[3]) != "daily@example.org" {
		t.Fatalf("digest to %s", to(msgs[3]))
	}
	m := parseMail(t, msgs[3].Data)
	if m.Subject != `Vigie daily digest: 2 new articles for "openai"` {
		t.Errorf("subject %q", m.Subject)
	}
	// Newest first.
	if got := titles(m.Text); !slices.Equal(got, []string{titleAirForce, titleContract}) {
		t.Errorf("digest lists %q", got)
	}
	checkAlertMail(t, e, m, alertIDOf(t, e, "daily@example.org"))

	e.mirror("mirror.xml") // one more story; its duplicates stay out
	e.clock.Set(time.Date(2025, 6, 19, 7, 0, 1, 0, time.UTC))
	msgs = srv.WaitMessages(5, 5*time.Second)
	if got := titles(parseMail(t, msgs[4].Data).Text); to(msgs[4]) != "daily@example.org" || !slices.Equal(got, []string{titleWashington}) {
		t.Errorf("Thursday digest to %s lists %q", to(msgs[4]), got)
	}

	// Friday: nothing matched since Thursday, nothing sent.
	e.clock.Set(time.Date(2025, 6, 20, 7, 0, 1, 0, time.UTC))
	time.Sleep(150 * time.Millisecond)
	if n := count(); n != 5 {
		t.Fatalf("%d messages on Friday, want 5", n)
	}

	// Monday: the weekly digest holds the week's three stories, in French.
	e.clock.Set(time.Date(2025, 6, 23, 7, 0, 1, 0, time.UTC))
	msgs = srv.WaitMessages(6, 5*time.Second)
	time.Sleep(100 * time.Millisecond)
	if n := count(); n != 6 {
		t.Fatalf("%d messages on Monday, want 6", n)
	}
	w := parseMail(t, msgs[5].Data)
	if to(msgs[5]) != "weekly@example.org" || w.Subject != "Résumé hebdomadaire Vigie : 3 nouveaux articles pour « openai »" {
		t.Errorf("weekly digest to %s, subject %q", to(msgs[5]), w.Subject)
	}
	if got := titles(w.Text); !slices.Equal(got, []string{titleWashington, titleAirForce, titleContract}) {
		t.Errorf("weekly digest lists %q", got)
	}
	if w.Header.Get("Content-Language") != "fr" {
		t.Errorf("Content-Language %q", w.Header.Get("Content-Language"))
	}

	list, err := List(e.st)
	if err != nil {
		t.Fatal(err)
	}
	sent := map[string]int{}
	for _, a := range list {
		sent[a.Email] = a.SentCount
	}
	if sent["daily@example.org"] != 3 || sent["weekly@example.org"] != 3 || sent["quiet@example.org"] != 0 {
		t.Errorf("sent counts %v", sent)
	}
	if e.outboxLen() != 0 {
		t.Error("outbox not empty")
	}
}

// alertIDOf finds the id of the alert of an address.
func alertIDOf(t *testing.T, e *testEnv, email string) string {
	t.Helper()
	list, err := List(e.st)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		if a.Email == email {
			return a.ID
		}
	}
	t.Fatalf("no alert for %s", email)
	return ""
}

// TestExpiry: unconfirmed alerts disappear after PendingTTL, unsubscribed
// ones after a month; confirmed ones stay.
func TestExpiry(t *testing.T) {
	srv := startSMTP(t, nil)
	e := newEnv(t, srv, nil)
	e.create(`{"email":"never@example.org","q":"openai"}`)
	e.create(`{"email":"kept@example.org","q":"openai"}`)
	e.create(`{"email":"gone@example.org","q":"openai"}`)
	for _, m := range srv.WaitMessages(3, 5*time.Second) {
		if m.To[0] != "never@example.org" {
			e.confirmFrom(m)
		}
	}
	r := e.do(http.MethodGet, "/alerts/unsubscribe?token="+e.svc.sign.token(purposeUnsubscribe, alertIDOf(t, e, "gone@example.org")), "", nil)
	if r.Status != http.StatusOK {
		t.Fatalf("unsubscribe: %d", r.Status)
	}
	states := func() map[string]string {
		list, err := List(e.st)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, a := range list {
			out[a.Email] = a.State
		}
		return out
	}
	waitFor := func(what string, ok func(map[string]string) bool) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for !ok(states()) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: alerts are %v", what, states())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	e.clock.Set(tuesday17.Add(7*24*time.Hour + time.Minute))
	waitFor("pending expired", func(s map[string]string) bool {
		return len(s) == 2 && s["kept@example.org"] == StateActive && s["gone@example.org"] == StateUnsubscribed
	})
	e.clock.Set(tuesday17.Add(31 * 24 * time.Hour))
	waitFor("unsubscribed purged", func(s map[string]string) bool {
		return len(s) == 1 && s["kept@example.org"] == StateActive
	})
}
