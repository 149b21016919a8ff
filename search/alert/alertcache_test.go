package alert

import (
	"testing"

	bolt "go.etcd.io/bbolt"
)

// The alert cache never serves an alert whose stored bytes changed or that
// is gone, whoever wrote it, and reuses the others.
func TestAlertCacheFollowsWrites(t *testing.T) {
	f := newMatchFixture(t, 3, 10)
	first, _, err := f.svc.activeAlerts()
	if err != nil || len(first) != 3 {
		t.Fatalf("active alerts: %d, %v", len(first), err)
	}
	stopped, gone, kept := first[0].ID, first[1].ID, first[2].ID
	err = f.st.DB().Update(func(tx *bolt.Tx) error {
		a, err := getAlert(tx, stopped)
		if err != nil {
			return err
		}
		a.State = StateUnsubscribed
		return putAlert(tx, a)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := Delete(f.st, gone); err != nil {
		t.Fatal(err)
	}
	again, _, err := f.svc.activeAlerts()
	if err != nil || len(again) != 1 || again[0].ID != kept {
		t.Fatalf("after writes: %v alerts, %v; want only %s", len(again), err, kept)
	}
	if again[0] != first[2] {
		t.Error("an unchanged alert was decoded again")
	}
	f.st.DB().View(func(tx *bolt.Tx) error {
		if a, err := f.svc.alerts.get(tx, stopped); err != nil || a.State != StateUnsubscribed {
			t.Errorf("changed alert: %+v, %v", a, err)
		}
		if _, err := f.svc.alerts.get(tx, gone); err != ErrNotFound {
			t.Errorf("deleted alert: %v, want ErrNotFound", err)
		}
		return nil
	})
	if _, ok := f.svc.alerts.snapshot()[gone]; ok {
		t.Error("a deleted alert stays cached")
	}
}
