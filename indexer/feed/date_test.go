package feed

import (
	"testing"
	"time"
)

func TestParseLooseDate(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skipf("no tzdata: %v", err)
	}
	utc := func(y int, m time.Month, d, h, mi, s int) time.Time { return time.Date(y, m, d, h, mi, s, 0, time.UTC) }
	tests := []struct {
		in         string
		loc        *time.Location
		monthFirst bool
		want       time.Time
		ok         bool
	}{
		// French, as gofeed leaves them unparsed.
		{"mardi 4 mars 2025 10:00", paris, false, utc(2025, 3, 4, 9, 0, 0), true},
		{"Mardi 4 Mars 2025 à 10h30", paris, false, utc(2025, 3, 4, 9, 30, 0), true},
		{"Mar, 04 Mars 2025 10:00:00 +0100", nil, false, utc(2025, 3, 4, 9, 0, 0), true},
		{"lun., 03 févr. 2025 08:30:00 GMT", nil, false, utc(2025, 2, 3, 8, 30, 0), true},
		{"1er août 2024", paris, false, utc(2024, 7, 31, 22, 0, 0), true},
		{"le 14 juillet 2025 à 9 h 05", paris, false, utc(2025, 7, 14, 7, 5, 0), true},
		{"jeudi 25 décembre 2025, 18:45 CET", nil, false, utc(2025, 12, 25, 17, 45, 0), true},
		{"dimanche 30 mars 2025 03:30", paris, false, utc(2025, 3, 30, 1, 30, 0), true}, // after the DST switch
		{"04/03/2025 10:00", paris, false, utc(2025, 3, 4, 9, 0, 0), true},
		{"04.03.2025", nil, false, utc(2025, 3, 4, 0, 0, 0), true},
		{"31/12/24 23:59", nil, false, utc(2024, 12, 31, 23, 59, 0), true},
		// Other languages seen in real feeds.
		{"Seg, 24 Set 2018 19:42:40 -0300", nil, false, utc(2018, 9, 24, 22, 42, 40), true},
		{"Mié, 05 Ene 2022 12:00:00 +01:00", nil, false, utc(2022, 1, 5, 11, 0, 0), true},
		{"Dienstag, 4. März 2025 10:00", nil, false, utc(2025, 3, 4, 10, 0, 0), true},
		// English layouts gofeed does not know.
		{"March 4th, 2025 3:30 PM EST", nil, false, utc(2025, 3, 4, 20, 30, 0), true},
		{"Tuesday, 4 March 2025 12:00 am", nil, false, utc(2025, 3, 4, 0, 0, 0), true},
		{"03/04/2025 10:00", nil, true, utc(2025, 3, 4, 10, 0, 0), true},     // US feed: month first
		{"13/04/2025", nil, true, utc(2025, 4, 13, 0, 0, 0), true},           // 13 cannot be a month
		{"2025-03-04 10:00:00", nil, false, utc(2025, 3, 4, 10, 0, 0), true}, // no zone: loc (UTC)
		{"2025/03/04", paris, false, utc(2025, 3, 3, 23, 0, 0), true},
		// Rejected rather than guessed.
		{"", nil, false, time.Time{}, false},
		{"not a date at all", nil, false, time.Time{}, false},
		{"4 mars", nil, false, time.Time{}, false},            // no year
		{"31 février 2025", nil, false, time.Time{}, false},   // no such day
		{"4 mars 2025 25:70", nil, false, time.Time{}, false}, // no such time
		{"Tuesday 10:00", nil, false, time.Time{}, false},     // no date
		{"32/13/2025", nil, false, time.Time{}, false},        // no such date either way
		{"1518478934", nil, false, time.Time{}, false},        // a Unix time is not guessed
		{"mars 2025", nil, false, time.Time{}, false},         // no day
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseLooseDate(tt.in, tt.loc, tt.monthFirst)
			if ok != tt.ok || !got.Equal(tt.want) {
				t.Errorf("parseLooseDate(%q) = %v, %v; want %v, %v", tt.in, got.UTC(), ok, tt.want, tt.ok)
			}
		})
	}
}

func FuzzParseLooseDate(f *testing.F) {
	for _, s := range []string{"mardi 4 mars 2025 10:00", "Seg, 24 Set 2018 19:42:40 -0300", "04/03/2025", "March 4th, 2025 3:30 PM EST"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, ok := parseLooseDate(s, time.UTC, false); ok && (got.Year() < minPlausibleYear-1 || got.Year() > maxPlausibleYear+1) {
			t.Fatalf("parseLooseDate(%q) = %v, outside the plausible range", s, got)
		}
	})
}

func BenchmarkParseLooseDate(b *testing.B) {
	inputs := []string{"mardi 4 mars 2025 10:00", "Mar, 04 Mars 2025 10:00:00 +0100", "Seg, 24 Set 2018 19:42:40 -0300", "04/03/2025 10:00"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, ok := parseLooseDate(inputs[i%len(inputs)], time.UTC, false); !ok {
			b.Fatal("no date")
		}
	}
}
