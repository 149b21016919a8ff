package alert

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"vigie/indexer/enrich"
	"vigie/indexer/feed"
	"vigie/indexer/ingest"
	"vigie/search/alert/mail"
)

// outbox returns the entries waiting.
func (e *testEnv) outbox() []entry {
	e.t.Helper()
	var out []entry
	err := e.st.DB().View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketOutbox).ForEach(func(_, v []byte) error {
			var en entry
			if err := json.Unmarshal(v, &en); err != nil {
				return err
			}
			out = append(out, en)
			return nil
		})
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

// messageIDs checks every message is there once and returns the ids.
func messageIDs(t *testing.T, msgs []received) []string {
	t.Helper()
	var ids []string
	for _, m := range msgs {
		id := parseMail(t, m.Data).Header.Get("Message-ID")
		if slices.Contains(ids, id) {
			t.Errorf("%s delivered twice", id)
		}
		ids = append(ids, id)
	}
	return ids
}

// TestRetryBackoff: a server answering 451 makes the message wait, longer
// each time, until it is accepted once.
func TestRetryBackoff(t *testing.T) {
	srv := startSMTP(t, nil)
	srv.RejectNext(4)
	e := newEnv(t, srv, nil) // RetryBase 40ms, RetryMax 400ms
	e.create(`{"email":"desk@example.org","q":"openai"}`)
	srv.WaitMessages(1, 10*time.Second)
	time.Sleep(150 * time.Millisecond)
	if n := len(srv.Messages()); n != 1 {
		t.Fatalf("%d messages, want 1", n)
	}
	at := srv.DataAttempts()
	if len(at) != 5 {
		t.Fatalf("%d attempts, want 4 refused + 1 accepted", len(at))
	}
	base := e.svc.cfg.RetryBase
	for i := 1; i < len(at); i++ {
		gap := at[i].Sub(at[i-1])
		// Retry n waits between half and all of base*2^(n-1).
		if low := (base << (i - 1)) / 2; gap < low {
			t.Errorf("retry %d came after %v, want at least %v", i, gap, low)
		}
	}
	if first, last := at[1].Sub(at[0]), at[4].Sub(at[3]); last <= first {
		t.Errorf("backoff did not grow: first gap %v, last %v", first, last)
	}
	if len(e.outbox()) != 0 {
		t.Error("outbox not empty after delivery")
	}
}

func TestBackoffBounds(t *testing.T) {
	s := &Service{cfg: Config{RetryBase: time.Second, RetryMax: 30 * time.Second}}
	for n, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 5: 16 * time.Second, 6: 30 * time.Second, 60: 30 * time.Second} {
		for range 50 {
			if d := s.backoff(n); d < want/2 || d > want {
				t.Fatalf("backoff(%d) = %v, want in [%v, %v]", n, d, want/2, want)
			}
		}
	}
}

// TestSMTPOutage: the server goes down while alerts are due, mail waits in
// the outbox, and every message is delivered exactly once when it is back.
func TestSMTPOutage(t *testing.T) {
	srv := startSMTP(t, nil)
	e := newEnv(t, srv, nil)
	for _, addr := range []string{"a@example.org", "b@example.org", "c@example.org"} {
		e.create(`{"email":"` + addr + `","q":"openai","frequency":"instant"}`)
	}
	for _, m := range srv.WaitMessages(3, 5*time.Second) {
		e.confirmFrom(m)
	}

	srv.Stop()
	e.wire("batch1.xml")                                                  // three alert e-mails due
	e.create(`{"email":"d@example.org","q":"drone","frequency":"daily"}`) // and a confirmation
	deadline := time.Now().Add(5 * time.Second)
	for {
		ob := e.outbox()
		failing := 0
		for _, en := range ob {
			if en.Attempts >= 2 && strings.Contains(en.LastError, "connect") {
				failing++
			}
		}
		if len(ob) == 4 && failing == 4 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("outbox during the outage: %+v", ob)
		}
		time.Sleep(20 * time.Millisecond)
	}

	srv.Restart()
	msgs := srv.Settled(7, 10*time.Second)
	if len(msgs) != 7 {
		t.Fatalf("%d messages, want 3 confirmations + 3 alerts + 1 confirmation", len(msgs))
	}
	messageIDs(t, msgs)
	per := map[string]int{}
	for _, m := range msgs {
		per[m.To[0]]++
	}
	if per["a@example.org"] != 2 || per["b@example.org"] != 2 || per["c@example.org"] != 2 || per["d@example.org"] != 1 {
		t.Errorf("per recipient %v", per)
	}
	if len(e.outbox()) != 0 {
		t.Error("outbox not empty")
	}
}

// TestRestart: the process dies with mail in the outbox and matches not
// yet made; after a restart on the same data dir everything is delivered,
// once, and links signed before the restart still work.
func TestRestart(t *testing.T) {
	srv := startSMTP(t, nil)
	e := newEnv(t, srv, nil)
	e.create(`{"email":"desk@example.org","q":"openai","frequency":"instant"}`)
	confirmation := srv.WaitMessages(1, 5*time.Second)[0]

	// Down before the confirmation link is followed and articles arrive.
	srv.Stop()
	e.confirmFrom(confirmation)
	e.wire("batch1.xml") // alert e-mail written to the outbox, not sent
	if ob := e.outbox(); len(ob) != 1 || ob[0].Kind != kindAlert || len(ob[0].ArticleIDs) != 2 {
		t.Fatalf("outbox before the crash: %+v", ob)
	}
	// Articles stored while the matcher was not listening (a crash
	// between the store commit and the listener).
	deaf := ingest.New(e.st, e.idx, enrich.New(nil, nil), testLogger(t))
	parsed, err := feed.Parse(mustRead(t, "testdata/mirror.xml"), "", "https://mirror.example/rss")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := deaf.IngestFeed(context.Background(), feed.Source{Name: "Mirror News", URL: "https://mirror.example/rss"}, parsed, e.clock.Now()); err != nil {
		t.Fatal(err)
	}

	e.close() // the process exits
	srv.Restart()
	e.open(nil) // and starts again on the same data dir

	msgs := srv.Settled(3, 10*time.Second)
	if len(msgs) != 3 {
		t.Fatalf("%d messages after restart, want confirmation + 2 alerts", len(msgs))
	}
	messageIDs(t, msgs)
	var got []string
	for _, m := range msgs[1:] {
		got = append(got, titles(parseMail(t, m.Data).Text)...)
	}
	slices.Sort(got)
	if want := []string{titleAirForce, titleWashington, titleContract}; !slices.Equal(got, want) {
		t.Errorf("delivered %q, want %q", got, want)
	}
	// The unsubscribe link of a mail sent by the new process works, and
	// the secret did not change with the restart.
	if e.svc.sign.token(purposeConfirm, "000000000000000000000000") != signerAt(t, e.dir).token(purposeConfirm, "000000000000000000000000") {
		t.Error("signing secret changed")
	}
}

func signerAt(t *testing.T, dir string) signer {
	t.Helper()
	key, err := loadSecret(dir)
	if err != nil {
		t.Fatal(err)
	}
	return signer{key: key}
}

// failingSender fails every session open, for the dead-letter test.
type rejectingSender struct{ err error }

func (r rejectingSender) Open(context.Context) (mail.Session, error) { return rejectingSession(r), nil }

type rejectingSession rejectingSender

func (r rejectingSession) Send(context.Context, *mail.Message) error { return r.err }
func (r rejectingSession) Close() error                              { return nil }

// TestDeadLetters: a message refused for good, or failing for too long,
// leaves the outbox for the dead letters, logged, not silently dropped.
func TestDeadLetters(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		cfg  func(*Config)
	}{
		{"invalid message", mail.ErrInvalidMessage, nil},
		{"temporary failure for too long", errors.New("451 try later"), func(c *Config) { c.GiveUpAfter = 150 * time.Millisecond }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil, func(c *Config) {
				c.Sender = rejectingSender{err: tc.err}
				if tc.cfg != nil {
					tc.cfg(c)
				}
			})
			e.create(`{"email":"desk@example.org","q":"openai"}`)
			deadline := time.Now().Add(5 * time.Second)
			for len(e.outbox()) > 0 {
				if time.Now().After(deadline) {
					t.Fatalf("still in the outbox: %+v", e.outbox())
				}
				time.Sleep(10 * time.Millisecond)
			}
			n, err := countBucket(e.st, bucketDead)
			if err != nil || n != 1 {
				t.Errorf("dead letters: %d, %v", n, err)
			}
		})
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
