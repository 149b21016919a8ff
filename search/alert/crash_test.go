package alert

import (
	"errors"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"vigie/search/alert/hook"
	"vigie/search/alert/mail/smtptest"
)

// The crash test: a child process (this test binary again) delivers an
// outbox entry and is killed with SIGKILL right after the receiver
// accepted it, before the commit that records it. The restarted service
// must send it again (nothing lost) under the same Message-ID or
// Idempotency-Key, so the receiver recognises the copy (nothing twice
// where it counts).

const (
	crashChildEnv = "VIGIE_ALERT_CRASH_CHILD"
	crashDirEnv   = "VIGIE_ALERT_CRASH_DIR"
	crashSMTPEnv  = "VIGIE_ALERT_CRASH_SMTP"
)

func TestCrashAfterAccept(t *testing.T) {
	if os.Getenv(crashChildEnv) != "" {
		crashChild(t)
		return
	}
	if testing.Short() {
		t.Skip("runs a child process")
	}
	t.Run("email", func(t *testing.T) { crashEmail(t) })
	t.Run("webhook", func(t *testing.T) { crashWebhook(t) })
}

// crashChild runs the alert service on the parent's data directory and
// dies at the crash point.
func crashChild(t *testing.T) {
	crashPoint = func() { syscall.Kill(os.Getpid(), syscall.SIGKILL) }
	e := &testEnv{t: t, dir: os.Getenv(crashDirEnv), clock: newClock(tuesday17.Add(time.Hour))}
	if addr := os.Getenv(crashSMTPEnv); addr != "" {
		e.smtp = &smtptest.Server{Addr: addr}
	}
	e.open(allowPrivate)
	time.Sleep(10 * time.Second)
	t.Fatal("the child was not killed at the crash point: nothing was delivered")
}

// runChild runs the child on e's closed data directory and waits for it
// to be killed.
func runChild(t *testing.T, e *testEnv) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashAfterAccept$", "-test.v")
	cmd.Env = append(os.Environ(), crashChildEnv+"=1", crashDirEnv+"="+e.dir)
	if e.smtp != nil {
		cmd.Env = append(cmd.Env, crashSMTPEnv+"="+e.smtp.Addr)
	}
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child: %v, want killed at the crash point:\n%s", err, out)
	}
}

// waitOutbox waits until the outbox holds an entry that failed once.
func waitFailedOnce(t *testing.T, e *testEnv) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if es, _ := e.svc.dueEntries(e.clock.Now().Add(time.Hour), 10); len(es) == 1 && es[0].Attempts >= 1 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("no failed entry in the outbox")
}

// samePort hides the test server's port, which changes at each start (a
// real base URL does not).
func samePort(s string) string {
	return regexp.MustCompile(`127\.0\.0\.1:\d+`).ReplaceAllString(s, "127.0.0.1:PORT")
}

func crashEmail(t *testing.T) {
	srv := startSMTP(t, nil)
	e := newEnv(t, srv, nil)
	c := confirmedAlert(t, e, srv, `{"email":"a@example.org","q":"openai","frequency":"instant","locale":"en"}`)
	srv.RejectNext(1000) // the alert e-mail waits in the outbox
	e.wire("batch1.xml")
	waitFailedOnce(t, e)
	e.close()
	srv.RejectNext(0)

	runChild(t, e) // accepted by the server, killed before the commit
	if n := len(srv.Messages()); n != 2 {
		t.Fatalf("%d messages after the crash, want the confirmation and the alert", n)
	}
	e.open(nil) // restart: the entry is still there and goes again
	msgs := srv.WaitMessages(3, 5*time.Second)
	time.Sleep(100 * time.Millisecond)
	if n := len(srv.Messages()); n != 3 {
		t.Errorf("%d messages, want exactly one copy after the restart", n)
	}
	first, again := parseMail(t, msgs[1].Data), parseMail(t, msgs[2].Data)
	id := first.Header.Get("Message-ID")
	if !strings.HasPrefix(id, "<vigie.alert."+c.ID+".") || again.Header.Get("Message-ID") != id || samePort(again.Text) != samePort(first.Text) {
		t.Errorf("the copy is %q, the first %q: want the same message under the same id", again.Header.Get("Message-ID"), id)
	}
	// A mailbox that keys on Message-ID keeps one.
	box := map[string]bool{}
	for _, m := range msgs[1:] {
		box[parseMail(t, m.Data).Header.Get("Message-ID")] = true
	}
	if len(box) != 1 {
		t.Errorf("a Message-ID mailbox holds %d alert e-mails, want 1", len(box))
	}
	if n := e.outboxLen(); n != 0 {
		t.Errorf("outbox holds %d after the restart", n)
	}
	if a, _ := e.svc.get(c.ID); a.SentCount != 2 {
		t.Errorf("sent count %d, want the 2 articles counted once", a.SentCount)
	}
}

func crashWebhook(t *testing.T) {
	srv := startSMTP(t, nil)
	e := newEnv(t, srv, allowPrivate)
	rcv := startReceiver(t)
	webhookAlert(t, e, srv, rcv.srv.URL+"/hook", hook.FormatJSON)
	rcv.failNext(http.StatusServiceUnavailable)
	e.wire("batch1.xml")
	rcv.wait(t, 1)
	waitFailedOnce(t, e)
	e.close()

	runChild(t, e)
	if n := len(rcv.deliveries()); n != 2 {
		t.Fatalf("%d requests after the crash, want the refused one and the accepted one", n)
	}
	e.open(allowPrivate)
	got := rcv.wait(t, 3)
	time.Sleep(100 * time.Millisecond)
	if n := len(rcv.deliveries()); n != 3 {
		t.Errorf("%d requests, want exactly one retry after the restart", n)
	}
	accepted := got[1].header.Get("Idempotency-Key")
	if accepted == "" || got[2].header.Get("Idempotency-Key") != accepted || samePort(string(got[2].body)) != samePort(string(got[1].body)) {
		t.Errorf("the retry carries key %q, the accepted delivery %q: want the same", got[2].header.Get("Idempotency-Key"), accepted)
	}
	// A receiver that keys on Idempotency-Key processes it once.
	processed := map[string]int{}
	for _, d := range got {
		if d.status == http.StatusOK {
			processed[d.header.Get("Idempotency-Key")]++
		}
	}
	if len(processed) != 1 {
		t.Errorf("%d distinct deliveries processed, want 1", len(processed))
	}
	if n := e.outboxLen(); n != 0 {
		t.Errorf("outbox holds %d after the restart", n)
	}
}
