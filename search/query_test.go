package search

import (
	"errors"
	"strings"
	"testing"
)

func TestParseQuery(t *testing.T) {
	cases := []struct {
		q, want string
	}{
		{"", "<nil>"},
		{"   ", "<nil>"},
		{"drone", "drone"},
		{"contrat drone", "(contrat drone)"},
		{`"frontier AI" OpenAI`, `("frontier AI" OpenAI)`},
		{"drone -Anduril", "(drone -Anduril)"},
		{"-Anduril", "(-Anduril)"},
		{"Mistral OR Helsing", "(Mistral OR Helsing)"},
		{"Mistral | Helsing contrat", "((Mistral OR Helsing) contrat)"},
		{"Mistral OU Helsing", "(Mistral OR Helsing)"},
		{"drone AND contrat", "(drone contrat)"},
		{"(drone OR missile) -test", "((drone OR missile) -test)"},
		{"-(drone OR missile) contrat", "(contrat -(drone OR missile))"},
		{"company:OpenAI", "company:OpenAI"},
		{"entreprise:Thales agence:DGA", "(company:Thales agency:DGA)"},
		{`titre:"frappe longue portée"`, `title:"frappe longue portée"`},
		{"-source:Opex360 drone", "(drone -source:Opex360)"},
		{"lang:fr drone", "(lang:fr drone)"},
		{"note:unknown", "note:unknown"},
		{"https://example.com/x", "https://example.com/x"},
		{"F-35 A400M", "(F-35 A400M)"},
		{"«défense européenne»", `"défense européenne"`},
		{"“frontier AI”", `"frontier AI"`},
		{"l'armée", "l'armée"},
		{"a+b", "a+b"},
	}
	for _, c := range cases {
		t.Run(c.q, func(t *testing.T) {
			n, err := parseQuery(c.q)
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			got := "<nil>"
			if n != nil {
				got = n.String()
			}
			if got != c.want {
				t.Fatalf("parseQuery(%q) = %s, want %s", c.q, got, c.want)
			}
		})
	}
}

func TestParseQueryErrors(t *testing.T) {
	cases := []struct{ q, msg string }{
		{`"unterminated`, "unterminated phrase"},
		{"(drone", "never closed"},
		{"drone)", "without a matching"},
		{"OR drone", "OR needs a term"},
		{"drone OR", "OR needs a term"},
		{"drone OR OR x", "OR needs a term"},
		{"a OR -b", "cannot be one side of OR"},
		{"()", "empty parentheses"},
		{"company:", "needs a value"},
		{strings.Repeat("a ", 600), "too long"},
		{strings.Repeat("w ", 70), "too many terms"},
		{"\xff\xfe", "not valid UTF-8"},
	}
	for _, c := range cases {
		t.Run(c.q[:min(len(c.q), 20)], func(t *testing.T) {
			_, err := parseQuery(c.q)
			var qe *QueryError
			if !errors.As(err, &qe) || !strings.Contains(qe.Msg, c.msg) {
				t.Fatalf("parseQuery(%q) error = %v, want one containing %q", c.q, err, c.msg)
			}
		})
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{`"a b" -c OR (d | e) company:x`, `((("`, `-(-(-a))`, `titre:«x»`, `a:b:c`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		n, err := parseQuery(q)
		if err != nil {
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("non-QueryError %T: %v", err, err)
			}
			return
		}
		if n != nil {
			_ = n.String()
		}
	})
}

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		d    int
	}{{"anduril", "andurl", 1}, {"palantir", "palantri", 2}, {"défense", "defense", 1}, {"", "abc", 3}, {"same", "same", 0}} {
		if got := editDistance(c.a, c.b); got != c.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.d)
		}
	}
}
